"""Rules the JSON Schema cannot express: cross-references, uniqueness, conditions and the rules
of each kind ('samson', 'barometer').

The checks run even when the schema found problems, so that an author sees every problem in
one pass. They therefore read the data defensively: a part with the wrong shape is skipped
here because the schema has already reported it.
"""

from __future__ import annotations

import re
from typing import Any

from samson.instrument_spec.problems import Problem

MATURITY_IDS: tuple[str, ...] = ("ikke_samskaping", "medvirkning", "tynn", "tykk")
QUADRANT_IDS: tuple[str, ...] = ("A", "B", "C", "D")
TYPOLOGY_IDS: tuple[str, ...] = ("challenge", "solution", "delivery")
WHO_CODES: tuple[int, ...] = (1, 2, 3)
MATRIX_CODES: tuple[int, ...] = (1, 2, 3)
# Kinds whose items are scored on an agreement scale; any other item type would be unscorable.
SCORED_KINDS: tuple[str, ...] = ("value", "field", "antipattern", "barrier", "driver", "challenge")
KNOWN_KINDS: tuple[str, ...] = (*SCORED_KINDS, "typology")
ITEM_SCALE_TYPE = {"scale": "likert", "choice": "choice"}
# Barometer item ids are the microdata variable names: valid in SPSS, Stata, R and SQL alike
# (letters, digits and underscores; Stata allows at most 32 characters).
VARIABLE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
MAX_VARIABLE_NAME = 32
CONDITION_FORMS = ("item", "all", "any", "not", "filter")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _join_codes(codes: list[int]) -> str:
    return ", ".join(str(code) for code in codes)


class _Collector:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, path, message))


def _scale_codes(scale: dict[str, Any]) -> list[int]:
    """Substantive codes of a scale as far as the data allows."""
    if scale.get("type") == "likert":
        low, high = _int(scale.get("min")), _int(scale.get("max"))
        return list(range(low, high + 1)) if low is not None and high is not None else []
    codes = (_int(_dict(option).get("code")) for option in _list(scale.get("options")))
    return [code for code in codes if code is not None]


def _check_scales(data: dict[str, Any], out: _Collector) -> dict[str, dict[str, Any]]:
    scales: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(_list(data.get("scales"))):
        scale, path = _dict(raw), f"scales/{index}"
        scale_id = _str(scale.get("id"))
        if scale_id is not None:
            if scale_id in scales:
                out.add(f"{path}/id", f"duplicate scale id '{scale_id}'")
            else:
                scales[scale_id] = scale
        if scale.get("type") == "likert":
            _check_likert(scale, path, out)
        elif scale.get("type") == "choice":
            _check_choice(scale, path, out)
        dont_know = _int(_dict(scale.get("dont_know")).get("code"))
        if dont_know is not None and dont_know in _scale_codes(scale):
            out.add(
                f"{path}/dont_know/code",
                f"dont_know code {dont_know} is also a code of the scale",
            )
        if "not_relevant" in scale:
            _check_not_relevant(scale, path, dont_know, data.get("kind"), out)
    return scales


def _check_not_relevant(
    scale: dict[str, Any], path: str, dont_know: int | None, kind: Any, out: _Collector
) -> None:
    if kind == "samson":
        # The scorecard scores every code except dont_know; a second missing code would count.
        out.add(f"{path}/not_relevant", "'not_relevant' is only allowed in kind barometer")
    code = _int(_dict(scale.get("not_relevant")).get("code"))
    if code is None:
        return
    if code in _scale_codes(scale):
        out.add(
            f"{path}/not_relevant/code", f"not_relevant code {code} is also a code of the scale"
        )
    elif code == dont_know:
        out.add(f"{path}/not_relevant/code", f"not_relevant code {code} is also the dont_know code")


def _check_likert(scale: dict[str, Any], path: str, out: _Collector) -> None:
    if "options" in scale:
        out.add(f"{path}/options", "a likert scale has no 'options'; use min, max and labels")
    low, high = _int(scale.get("min")), _int(scale.get("max"))
    if low is None or high is None:
        return
    if low >= high:
        out.add(path, f"min ({low}) must be less than max ({high})")
        return
    labels = scale.get("labels")
    if not isinstance(labels, dict):
        return
    keys = {int(key) for key in labels if key.lstrip("-").isdigit()}
    expected = set(range(low, high + 1))
    for missing in sorted(expected - keys):
        out.add(f"{path}/labels", f"missing label for point {missing}")
    for extra in sorted(keys - expected):
        out.add(f"{path}/labels/{extra}", f"label for {extra} is outside min..max ({low}..{high})")


def _check_choice(scale: dict[str, Any], path: str, out: _Collector) -> None:
    for key in ("min", "max", "labels"):
        if key in scale:
            out.add(f"{path}/{key}", f"a choice scale has no '{key}'; use options")
    seen: set[int] = set()
    for index, option in enumerate(_list(scale.get("options"))):
        code = _int(_dict(option).get("code"))
        if code is None:
            continue
        if code in seen:
            out.add(f"{path}/options/{index}/code", f"duplicate option code {code}")
        seen.add(code)


def _check_dimensions(data: dict[str, Any], out: _Collector) -> dict[str, list[str]]:
    """Returns kind -> ids (first occurrence order) for the cross-reference checks."""
    known: dict[str, list[str]] = {}
    for kind, entries in _dict(data.get("dimensions")).items():
        ids: list[str] = []
        for index, entry in enumerate(_list(entries)):
            dim_id = _str(_dict(entry).get("id"))
            if dim_id is None:
                continue
            if dim_id in ids:
                out.add(f"dimensions/{kind}/{index}/id", f"duplicate {kind} id '{dim_id}'")
            else:
                ids.append(dim_id)
        known[kind] = ids
    return known


def _check_item_scale(
    item: dict[str, Any], path: str, scales: dict[str, dict[str, Any]], out: _Collector
) -> None:
    item_type = item.get("type")
    scale_id = item.get("scale")
    if item_type == "text":
        if "scale" in item:
            out.add(f"{path}/scale", "a text item has no scale")
        return
    if item_type not in ITEM_SCALE_TYPE:
        return
    if "scale" not in item:
        out.add(path, f"a {item_type} item needs a 'scale'")
        return
    if not isinstance(scale_id, str):
        return
    if scale_id not in scales:
        out.add(f"{path}/scale", f"unknown scale '{scale_id}'")
        return
    wanted, actual = ITEM_SCALE_TYPE[item_type], scales[scale_id].get("type")
    if isinstance(actual, str) and actual != wanted:
        out.add(
            f"{path}/scale",
            f"a {item_type} item needs a {wanted} scale; '{scale_id}' is a {actual} scale",
        )


def _check_item_dimensions(
    item: dict[str, Any], path: str, dimensions: dict[str, list[str]], out: _Collector
) -> None:
    for kind, dim_id in _dict(item.get("dimensions")).items():
        where = f"{path}/dimensions/{kind}"
        if kind not in KNOWN_KINDS:
            out.add(where, f"unknown dimension kind '{kind}'")
        elif kind not in dimensions:
            out.add(where, f"dimension kind '{kind}' is not defined in 'dimensions'")
        elif isinstance(dim_id, str) and dim_id not in dimensions[kind]:
            out.add(where, f"unknown {kind} '{dim_id}'")


def _check_pages(
    data: dict[str, Any],
    scales: dict[str, dict[str, Any]],
    dimensions: dict[str, list[str]],
    out: _Collector,
) -> list[tuple[str, dict[str, Any]]]:
    """Returns (path, item) for every item, for the kind-specific checks."""
    page_ids: set[str] = set()
    first_item_path: dict[str, str] = {}
    items: list[tuple[str, dict[str, Any]]] = []
    for page_index, raw_page in enumerate(_list(data.get("pages"))):
        page = _dict(raw_page)
        page_id = _str(page.get("id"))
        if page_id is not None:
            if page_id in page_ids:
                out.add(f"pages/{page_index}/id", f"duplicate page id '{page_id}'")
            page_ids.add(page_id)
        for item_index, raw_item in enumerate(_list(page.get("items"))):
            item, path = _dict(raw_item), f"pages/{page_index}/items/{item_index}"
            items.append((path, item))
            item_id = _str(item.get("id"))
            if item_id is not None:
                if item_id in first_item_path:
                    first = first_item_path[item_id]
                    out.add(f"{path}/id", f"duplicate item id '{item_id}' (first used at {first})")
                else:
                    first_item_path[item_id] = path
            _check_item_scale(item, path, scales, out)
            if item.get("reverse") is True and item.get("type") != "scale":
                out.add(f"{path}/reverse", "'reverse' is only allowed on scale items")
            _check_item_dimensions(item, path, dimensions, out)
        if "limit" in page:
            _check_limit(page, f"pages/{page_index}/limit", scales, out)
    return items


def _check_limit(
    page: dict[str, Any], path: str, scales: dict[str, dict[str, Any]], out: _Collector
) -> None:
    """A limit counts one code of choice items: every item on the page must offer that code,
    and the limit must allow fewer than all of them."""
    limit = _dict(page.get("limit"))
    code, at_most = _int(limit.get("code")), _int(limit.get("at_most"))
    items = [_dict(item) for item in _list(page.get("items"))]
    for index, item in enumerate(items):
        where = f"{path.removesuffix('/limit')}/items/{index}"
        if item.get("type") != "choice":
            out.add(where, "a page with a limit has only choice items")
            continue
        scale = scales.get(_str(item.get("scale")) or "")
        if code is not None and scale is not None and code not in _scale_codes(scale):
            out.add(where, f"the page's limit counts code {code}, which this item's scale lacks")
    if at_most is not None and at_most >= len(items) > 0:
        out.add(
            f"{path}/at_most",
            f"at_most ({at_most}) must be less than the number of items on the page "
            f"({len(items)}), or the limit never applies",
        )


def _check_cells(
    data: dict[str, Any], dimensions: dict[str, list[str]], require_all: bool, out: _Collector
) -> None:
    values, fields = dimensions.get("value", []), dimensions.get("field", [])
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(_list(data.get("cells"))):
        cell = _dict(raw)
        value, field = _str(cell.get("value")), _str(cell.get("field"))
        if value is not None and value not in values:
            out.add(f"cells/{index}/value", f"unknown value '{value}'")
        if field is not None and field not in fields:
            out.add(f"cells/{index}/field", f"unknown field '{field}'")
        if value is None or field is None:
            continue
        if (value, field) in seen:
            out.add(f"cells/{index}", f"duplicate cell for value '{value}' and field '{field}'")
        seen.add((value, field))
    if require_all and isinstance(data.get("cells"), list):
        for value in values:
            for field in fields:
                if (value, field) not in seen:
                    out.add("cells", f"missing cell for value '{value}' and field '{field}'")


def _check_typology_texts(data: dict[str, Any], out: _Collector) -> None:
    typology = _dict(data.get("typology"))
    if isinstance(typology.get("quadrants"), list):
        seen: set[str] = set()
        for index, quadrant in enumerate(typology["quadrants"]):
            quadrant_id = _str(_dict(quadrant).get("id"))
            if quadrant_id in seen:
                out.add(f"typology/quadrants/{index}/id", f"duplicate quadrant '{quadrant_id}'")
            if quadrant_id is not None:
                seen.add(quadrant_id)
        for missing in QUADRANT_IDS:
            if missing not in seen:
                out.add("typology/quadrants", f"missing quadrant '{missing}'")
    if isinstance(typology.get("matrix"), list):
        cells: set[tuple[int, int]] = set()
        for index, entry in enumerate(typology["matrix"]):
            design = _int(_dict(entry).get("design"))
            production = _int(_dict(entry).get("production"))
            if design is None or production is None:
                continue
            if (design, production) in cells:
                out.add(
                    f"typology/matrix/{index}",
                    f"duplicate matrix entry for design {design} and production {production}",
                )
            cells.add((design, production))
        for design in MATRIX_CODES:
            for production in MATRIX_CODES:
                if (design, production) not in cells:
                    out.add(
                        "typology/matrix",
                        f"missing matrix entry for design {design} and production {production}",
                    )


def _check_maturity(data: dict[str, Any], out: _Collector) -> None:
    if not isinstance(data.get("maturity"), list):
        return
    found = [_str(_dict(level).get("id")) for level in data["maturity"]]
    if tuple(found) != MATURITY_IDS:
        listed = ", ".join(str(level_id) for level_id in found) or "nothing"
        out.add(
            "maturity",
            f"maturity must list exactly {', '.join(MATURITY_IDS)} in this order; found {listed}",
        )


def _check_samson_items(
    items: list[tuple[str, dict[str, Any]]],
    scales: dict[str, dict[str, Any]],
    dimensions: dict[str, list[str]],
    out: _Collector,
) -> None:
    for missing in TYPOLOGY_IDS:
        if "typology" in dimensions and missing not in dimensions["typology"]:
            out.add("dimensions/typology", f"missing typology '{missing}'")
    for index, defined_id in enumerate(dimensions.get("typology", [])):
        if defined_id not in TYPOLOGY_IDS:
            out.add(
                f"dimensions/typology/{index}/id",
                f"unknown typology '{defined_id}'; expected one of {', '.join(TYPOLOGY_IDS)}",
            )
    measured_cells: set[tuple[str, str]] = set()
    typology_items: dict[str, str] = {}
    for path, item in items:
        item_dimensions = _dict(item.get("dimensions"))
        item_type = item.get("type")
        for kind in SCORED_KINDS:
            if kind in item_dimensions and item_type in ("choice", "text"):
                out.add(f"{path}/type", f"an item with a '{kind}' dimension must be a scale item")
                break
        cell_value = _str(item_dimensions.get("value"))
        cell_field = _str(item_dimensions.get("field"))
        if item_type == "scale" and cell_value is not None and cell_field is not None:
            measured_cells.add((cell_value, cell_field))
        typology_id = _str(item_dimensions.get("typology"))
        if typology_id is None:
            continue
        if typology_id in typology_items:
            out.add(
                f"{path}/dimensions/typology",
                f"typology '{typology_id}' is already asked by item "
                f"'{typology_items[typology_id]}'",
            )
        else:
            typology_items[typology_id] = str(item.get("id"))
        _check_typology_item(item, path, scales, out)
    for value in dimensions.get("value", []):
        for field in dimensions.get("field", []):
            if (value, field) not in measured_cells:
                out.add("pages", f"no scale item measures value '{value}' and field '{field}'")


def _check_typology_item(
    item: dict[str, Any], path: str, scales: dict[str, dict[str, Any]], out: _Collector
) -> None:
    if item.get("type") != "choice":
        out.add(f"{path}/type", "a typology item must be a choice item")
        return
    scale = scales.get(str(item.get("scale")))
    if scale is None or scale.get("type") != "choice":
        return  # already reported as an unknown or mismatched scale
    codes = sorted(_scale_codes(scale))
    if tuple(codes) != WHO_CODES:
        out.add(
            f"{path}/scale",
            f"a typology item needs a choice scale with the codes 1, 2, 3 (municipality, "
            f"together, citizens/civil society); '{item.get('scale')}' has {_join_codes(codes)}",
        )


class _Conditions:
    """Checks conditions against the items and filters defined so far."""

    def __init__(
        self,
        data: dict[str, Any],
        scales: dict[str, dict[str, Any]],
        out: _Collector,
    ) -> None:
        self.out = out
        self.item_page: dict[str, int] = {}
        self.item_codes: dict[str, list[int] | None] = {}  # None: a text item
        for page_index, page in enumerate(_list(data.get("pages"))):
            for raw in _list(_dict(page).get("items")):
                item = _dict(raw)
                item_id = _str(item.get("id"))
                if item_id is None or item_id in self.item_page:
                    continue
                self.item_page[item_id] = page_index
                scale = scales.get(str(item.get("scale")))
                if item.get("type") == "text":
                    self.item_codes[item_id] = None
                elif scale is not None:
                    self.item_codes[item_id] = [
                        *_scale_codes(scale),
                        *(
                            code
                            for key in ("dont_know", "not_relevant")
                            if (code := _int(_dict(scale.get(key)).get("code"))) is not None
                        ),
                    ]
        self.filters: dict[str, set[str]] = {}  # filter id -> items it reads
        self.filter_ids = {_str(_dict(entry).get("id")) for entry in _list(data.get("filters"))}

    def check(self, raw: Any, path: str, known_filters: set[str]) -> set[str]:
        """Problems of one condition; returns the item ids it reads (through filters too)."""
        condition = _dict(raw)
        forms = [form for form in CONDITION_FORMS if form in condition]
        if len(forms) != 1:
            found = ", ".join(forms) or "none"
            self.out.add(
                path,
                "a condition needs exactly one of item, all, any, not, filter; found " + found,
            )
            return set()
        form = forms[0]
        if form == "item":
            return self._check_item(condition, path)
        for key in ("in", "not_in"):
            if key in condition:
                self.out.add(f"{path}/{key}", f"'{key}' belongs with 'item', not with '{form}'")
        if form in ("all", "any"):
            read: set[str] = set()
            for index, part in enumerate(_list(condition[form])):
                read |= self.check(part, f"{path}/{form}/{index}", known_filters)
            return read
        if form == "not":
            return self.check(condition["not"], f"{path}/not", known_filters)
        filter_id = _str(condition["filter"])
        if filter_id is None:
            return set()
        if filter_id not in known_filters:
            message = (
                f"filter '{filter_id}' is defined later; a filter may only use filters before it"
                if filter_id in self.filter_ids
                else f"unknown filter '{filter_id}'"
            )
            self.out.add(f"{path}/filter", message)
            return set()
        return set(self.filters.get(filter_id, set()))

    def _check_item(self, condition: dict[str, Any], path: str) -> set[str]:
        keys = [key for key in ("in", "not_in") if key in condition]
        if len(keys) != 1:
            self.out.add(path, "an item condition needs exactly one of 'in' and 'not_in'")
        item_id = _str(condition.get("item"))
        if item_id is None:
            return set()
        if item_id not in self.item_page:
            self.out.add(f"{path}/item", f"unknown item '{item_id}'")
            return set()
        codes = self.item_codes.get(item_id, [])
        if codes is None:
            self.out.add(f"{path}/item", f"item '{item_id}' is a text item; conditions need codes")
            return {item_id}
        for key in keys:
            for index, code in enumerate(_list(condition[key])):
                value = _int(code)
                if value is not None and codes and value not in codes:
                    self.out.add(
                        f"{path}/{key}/{index}",
                        f"{value} is not a code of item '{item_id}' ({_join_codes(codes)})",
                    )
        return {item_id}


def _check_conditions(
    data: dict[str, Any], scales: dict[str, dict[str, Any]], out: _Collector
) -> None:
    conditions = _Conditions(data, scales, out)
    known: set[str] = set()
    for index, raw in enumerate(_list(data.get("filters"))):
        entry = _dict(raw)
        filter_id = _str(entry.get("id"))
        if filter_id is not None and filter_id in conditions.filters:
            out.add(f"filters/{index}/id", f"duplicate filter id '{filter_id}'")
            continue
        read = conditions.check(entry.get("when"), f"filters/{index}/when", known)
        if filter_id is not None:
            conditions.filters[filter_id] = read
            known.add(filter_id)
    for page_index, raw_page in enumerate(_list(data.get("pages"))):
        page = _dict(raw_page)
        if "show_if" not in page:
            continue
        path = f"pages/{page_index}/show_if"
        for item_id in sorted(conditions.check(page["show_if"], path, known)):
            if conditions.item_page.get(item_id, -1) >= page_index:
                out.add(
                    path,
                    f"the condition reads item '{item_id}', which is not on an earlier page",
                )


def _check_barometer(
    items: list[tuple[str, dict[str, Any]]], data: dict[str, Any], out: _Collector
) -> None:
    for key in ("cells", "typology", "maturity"):
        if key in data:
            out.add(key, f"kind barometer has no '{key}'")
    for path, item in items:
        item_id = _str(item.get("id"))
        if item_id is None:
            continue
        if not VARIABLE_NAME.match(item_id):
            out.add(
                f"{path}/id",
                f"'{item_id}' is not a variable name; barometer item ids use A-Z, 0-9 and _",
            )
        elif len(item_id) > MAX_VARIABLE_NAME:
            out.add(
                f"{path}/id",
                f"'{item_id}' is longer than {MAX_VARIABLE_NAME} characters",
            )


def rule_problems(data: Any, source: str) -> list[Problem]:
    """Every semantic-rule problem in `data` (unsorted). See docs/instrument-format.md."""
    out = _Collector(source)
    if not isinstance(data, dict):
        return out.problems
    scales = _check_scales(data, out)
    dimensions = _check_dimensions(data, out)
    items = _check_pages(data, scales, dimensions, out)
    _check_conditions(data, scales, out)
    is_samson = data.get("kind") == "samson"
    _check_cells(data, dimensions, require_all=is_samson, out=out)
    if data.get("kind") == "barometer":
        _check_barometer(items, data, out)
    if is_samson:
        _check_typology_texts(data, out)
        _check_maturity(data, out)
        _check_samson_items(items, scales, dimensions, out)
    return out.problems
