"""Broken instrument files give every problem, one exact line each, sorted by path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from samson.instrument_spec import InstrumentError, load_instrument_file

Writer = Callable[[Callable[[dict[str, Any]], None]], Path]


def problem_lines(path: Path) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument_file(path)
    return str(caught.value).splitlines()


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("key: samson\ntitle: {nb: a, nn: b\nversion: 1\n", "utf-8")
    assert problem_lines(path) == [
        f"{path}: invalid YAML at line 3, column 8: expected ',' or '}}', but got ':'"
    ]


def test_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("key: a\nversion: 1\nkey: b\n", "utf-8")
    assert problem_lines(path) == [
        f"{path}: invalid YAML at line 3, column 1: found duplicate key 'key'"
    ]


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing\n", "utf-8")
    assert problem_lines(empty) == [f"{empty}: the file is empty"]
    missing = tmp_path / "missing.yaml"
    assert problem_lines(missing) == [f"{missing}: cannot read the file: No such file or directory"]
    not_utf8 = tmp_path / "latin1.yaml"
    not_utf8.write_bytes("key: bokmål\n".encode("latin-1"))
    assert problem_lines(not_utf8) == [
        f"{not_utf8}: the file is not UTF-8 text (byte 9 cannot be decoded)"
    ]


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", "utf-8")
    assert problem_lines(path) == [
        f"{path}: the instrument must be a mapping of keys to values at the top level"
    ]


def test_missing_nn_text(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["title"].pop("nn"))
    assert problem_lines(path) == [f"{path}: title: 'nn' is a required property"]


def test_empty_text_and_unknown_key(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        d["pages"][1]["items"][0]["text"]["en"] = ""
        d["pages"][1]["items"][0]["colour"] = "red"

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: pages/1/items/0: Additional properties are not allowed ('colour' was unexpected)",
        f"{path}: pages/1/items/0/text/en: must not be empty",
    ]


def test_unknown_scale(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["pages"][1]["items"][3].update(scale="agree7"))
    assert problem_lines(path) == [f"{path}: pages/1/items/3/scale: unknown scale 'agree7'"]


def test_duplicate_item_id(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["pages"][2]["items"][4].update(id="BAR-FOR"))
    assert problem_lines(path) == [
        f"{path}: pages/2/items/4/id: duplicate item id 'BAR-FOR' (first used at pages/2/items/3)"
    ]


def test_missing_cell(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["cells"].pop(5))
    assert problem_lines(path) == [
        f"{path}: cells: missing cell for value 'laering' and field 'evaluering'"
    ]


def test_duplicate_cell_and_unknown_value(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        d["cells"][1]["field"] = "design"
        d["cells"][2]["value"] = "mot"

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: cells: missing cell for value 'likeverd' and field 'evaluering'",
        f"{path}: cells: missing cell for value 'likeverd' and field 'gjennomforing'",
        f"{path}: cells/1: duplicate cell for value 'likeverd' and field 'design'",
        f"{path}: cells/2/value: unknown value 'mot'",
    ]


def test_reverse_on_a_choice_item(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["pages"][0]["items"][1].update(reverse=True))
    assert problem_lines(path) == [
        f"{path}: pages/0/items/1/reverse: 'reverse' is only allowed on scale items"
    ]


def test_item_scale_type_mismatches(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        d["pages"][0]["items"][0]["scale"] = "agree5"  # typology item on a likert scale
        d["pages"][1]["items"][0]["scale"] = "who3"  # scale item on a choice scale
        d["pages"][2]["items"][9]["scale"] = "agree5"  # free text with a scale
        del d["pages"][2]["items"][8]["scale"]

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: pages/0/items/0/scale: a choice item needs a choice scale; "
        "'agree5' is a likert scale",
        f"{path}: pages/1/items/0/scale: a scale item needs a likert scale; "
        "'who3' is a choice scale",
        f"{path}: pages/2/items/8: a scale item needs a 'scale'",
        f"{path}: pages/2/items/9/scale: a text item has no scale",
    ]


def test_scale_rules(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        agree = d["scales"][0]
        del agree["labels"][3]
        agree["labels"][6] = {"nb": "x", "nn": "x", "en": "x"}
        agree["dont_know"]["code"] = 5
        d["scales"][1]["options"][2]["code"] = 2

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: pages/0/items/0/scale: a typology item needs a choice scale with the codes "
        "1, 2, 3 (municipality, together, citizens/civil society); 'who3' has 1, 2, 2",
        f"{path}: pages/0/items/1/scale: a typology item needs a choice scale with the codes "
        "1, 2, 3 (municipality, together, citizens/civil society); 'who3' has 1, 2, 2",
        f"{path}: pages/0/items/2/scale: a typology item needs a choice scale with the codes "
        "1, 2, 3 (municipality, together, citizens/civil society); 'who3' has 1, 2, 2",
        f"{path}: scales/0/dont_know/code: dont_know code 5 is also a code of the scale",
        f"{path}: scales/0/labels: missing label for point 3",
        f"{path}: scales/0/labels/6: label for 6 is outside min..max (1..5)",
        f"{path}: scales/1/options/2/code: duplicate option code 2",
    ]


def test_samson_rules(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        d["typology"]["quadrants"].pop(2)
        d["typology"]["matrix"][8]["design"] = 1
        d["maturity"].reverse()
        d["pages"][1]["items"].pop(6)  # the only item in laering x evaluering
        d["pages"][2]["items"][3]["dimensions"] = {"barrier": "tid", "moon": "x"}

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: maturity: maturity must list exactly ikke_samskaping, medvirkning, tynn, "
        "tykk in this order; found tykk, tynn, medvirkning, ikke_samskaping",
        f"{path}: pages: no scale item measures value 'laering' and field 'evaluering'",
        f"{path}: pages/2/items/3/dimensions/barrier: unknown barrier 'tid'",
        f"{path}: pages/2/items/3/dimensions/moon: unknown dimension kind 'moon'",
        f"{path}: typology/matrix: missing matrix entry for design 3 and production 3",
        f"{path}: typology/matrix/8: duplicate matrix entry for design 1 and production 3",
        f"{path}: typology/quadrants: missing quadrant 'C'",
    ]


def test_samson_needs_cells_typology_and_maturity(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        for key in ("cells", "typology", "maturity"):
            del d[key]
        d["version"] = 0
        d["minutes"] = "ten"

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: 'cells' is a required property",
        f"{path}: 'maturity' is a required property",
        f"{path}: 'typology' is a required property",
        f"{path}: minutes: 'ten' is not of type 'integer'",
        f"{path}: version: 0 is less than the minimum of 1",
    ]


def test_problems_sort_numerically_by_path(write_variant: Writer) -> None:
    def change(d: dict[str, Any]) -> None:
        items = d["pages"][2]["items"]
        items.extend({**items[9], "id": f"FRI-{n}"} for n in range(3))
        items[12]["scale"] = "agree5"
        items[2]["scale"] = "nope"

    path = write_variant(change)
    assert problem_lines(path) == [
        f"{path}: pages/2/items/2/scale: unknown scale 'nope'",
        f"{path}: pages/2/items/12/scale: a text item has no scale",
    ]


def test_error_carries_problem_objects(write_variant: Writer) -> None:
    path = write_variant(lambda d: d["pages"][1]["items"][3].update(scale="agree7"))
    with pytest.raises(InstrumentError) as caught:
        load_instrument_file(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.path, problem.message) == (
        str(path),
        "pages/1/items/3/scale",
        "unknown scale 'agree7'",
    )
