"""No production code compares or sets a model's choice field by its literal value.

A state, mode, status, purpose, role, kind or preset is named by its constant (`Round.State.OPEN`,
not "apen"): renaming a value then breaks loudly, and a typo is an AttributeError instead of a
comparison that is silently never true. The values come from the models themselves, so a new
choice is covered the day it is added.

Python files are read as syntax trees, so only real comparisons, assignments and query keywords
are flagged, never a label, a docstring or a comment. Templates are scanned for comparisons of
an attribute named like a choice field with a quoted value. Migrations, tests and the test
helpers (samson/testing) are left out; so is a model's `Meta`, which cannot name the choices of
the class it sits in.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

SAMSON = Path(__file__).resolve().parents[2]

# Literal values still compared in code that changes on its own schedule. Each entry must still
# be there (the test below fails when it is gone, so the list only shrinks). Empty: none left.
KNOWN: set[tuple[str, str]] = set()


def _enums() -> list[frozenset[str]]:
    """The values of every text choice enum our code defines."""
    found = []
    pending: list[type[models.Choices]] = [models.Choices]
    while pending:
        enum = pending.pop()
        pending += enum.__subclasses__()
        if enum.__module__.startswith("samson.") and issubclass(enum, str):
            found.append(frozenset(str(value) for value in enum.values))
    return found


def _choice_values() -> dict[str, frozenset[str]]:
    """Field name -> every value a choice field of that name takes in any of our models, for the
    fields whose choices are one of our enums (not, say, settings.LANGUAGES)."""
    enums = _enums()
    values: dict[str, set[str]] = defaultdict(set)
    for model in apps.get_models():
        if not model.__module__.startswith("samson."):
            continue
        for field in model._meta.get_fields():
            choices = {str(value) for value, _label in getattr(field, "flatchoices", None) or ()}
            if choices and frozenset(choices) in enums:
                values[field.name] |= choices
    return {name: frozenset(found) for name, found in values.items()}


def _production_files(suffix: str) -> list[Path]:
    return sorted(
        path
        for path in SAMSON.rglob(f"*{suffix}")
        if not {"tests", "migrations", "testing", "__pycache__"} & set(path.parts)
        and path.name != "conftest.py"
    )


def _strings(node: ast.expr) -> list[str]:
    """The string constants `node` is, or holds as a tuple, list or set display."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for element in node.elts for s in _strings(element)]
    return []


def _field_name(node: ast.expr) -> str | None:
    """`state` for `round.state` or a bare `state`; None for anything else."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _keyword_field(keyword: str) -> str:
    """`state` for `state`, `round__state` and `round__state__in`."""
    parts = keyword.split("__")
    if len(parts) > 1 and parts[-1] in {"in", "exact", "iexact"}:
        parts = parts[:-1]
    return parts[-1]


class _Finder(ast.NodeVisitor):
    def __init__(self, values: dict[str, frozenset[str]]) -> None:
        self.values = values
        self.found: list[tuple[int, str, str]] = []

    def _check(self, line: int, field: str | None, node: ast.expr) -> None:
        if field is None or field not in self.values:
            return
        for literal in _strings(node):
            if literal in self.values[field]:
                self.found.append((line, field, literal))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name != "Meta":
            self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for left, right in zip(operands, operands[1:], strict=False):
            self._check(node.lineno, _field_name(left), right)
            self._check(node.lineno, _field_name(right), left)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute):
                self._check(node.lineno, target.attr, node.value)
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        if node.arg is not None:
            self._check(node.value.lineno, _keyword_field(node.arg), node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self._check(node.lineno, _keyword_field(key.value), value)
        self.generic_visit(node)


def _python_literals(values: dict[str, frozenset[str]]) -> list[tuple[str, str, str, int]]:
    """(file, literal, field, line) of every comparison, assignment or keyword found."""
    found = []
    for path in _production_files(".py"):
        finder = _Finder(values)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        relative = path.relative_to(SAMSON).as_posix()
        found += [(relative, literal, field, line) for line, field, literal in finder.found]
    return found


def _template_patterns(values: dict[str, frozenset[str]]) -> tuple[re.Pattern[str], ...]:
    """`x.state == "apen"` and `"apen" == x.state`, with either quote and either operator."""
    fields = "|".join(sorted(values))
    attribute = rf"[\w.]*\b(?P<field>{fields})\b"
    quoted = r"""(?P<quote>["'])(?P<literal>[^"']+)(?P=quote)"""
    return (
        re.compile(rf"{attribute}\s*(?:==|!=)\s*{quoted}"),
        re.compile(rf"{quoted}\s*(?:==|!=)\s*{attribute}"),
    )


def _template_hits(text: str, values: dict[str, frozenset[str]]) -> list[str]:
    return [
        match.group("literal")
        for pattern in _template_patterns(values)
        for match in pattern.finditer(text)
        if match.group("literal") in values[match.group("field")]
    ]


def _template_literals(values: dict[str, frozenset[str]]) -> list[tuple[str, str]]:
    return [
        (path.relative_to(SAMSON).as_posix(), literal)
        for path in _production_files(".html")
        for literal in _template_hits(path.read_text(encoding="utf-8"), values)
    ]


@pytest.fixture(scope="module")
def values() -> dict[str, frozenset[str]]:
    return _choice_values()


def test_the_choice_values_are_read_from_the_models(values: dict[str, frozenset[str]]) -> None:
    assert values["state"] >= {"utkast", "apen", "lukket", "ko", "sender", "sendt", "feilet"}
    assert values["mode"] == {"kode", "invitert", "begge"}
    assert values["status"] == {"invitert", "levert", "startet", "ferdig", "avmeldt", "avvist"}
    assert values["purpose"] == {"solo", "runde", "barometer", "eksempel"}
    assert values["role"] == {"prosessleder", "analytiker", "eier", "medleder"}
    assert "kommunen" in values["preset"]


def test_no_python_code_compares_or_sets_a_choice_by_its_value(
    values: dict[str, frozenset[str]],
) -> None:
    found = _python_literals(values)
    assert [hit for hit in found if hit[:2] not in KNOWN] == []


def test_no_template_compares_a_choice_with_its_value(values: dict[str, frozenset[str]]) -> None:
    found = _template_literals(values)
    assert [hit for hit in found if hit not in KNOWN] == []


def test_every_known_exception_is_still_there(values: dict[str, frozenset[str]]) -> None:
    """When a known literal is replaced by its constant, it comes off KNOWN, so the list only
    shrinks."""
    python = {hit[:2] for hit in _python_literals(values)}
    assert python | set(_template_literals(values)) >= KNOWN


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if round.state == "apen":\n    pass\n', ["state 'apen'"]),
        ('if "lukket" != round.state:\n    pass\n', ["state 'lukket'"]),
        ('ok = invitee.status in ("avmeldt", "avvist")\n', ["status 'avmeldt'", "status 'avvist'"]),
        ('Round.objects.filter(project__rounds__state="utkast")\n', ["state 'utkast'"]),
        ('qs.filter(state__in=["ko", "sender"])\n', ["state 'ko'", "state 'sender'"]),
        ('round.state = "apen"\n', ["state 'apen'"]),
        ('Fieldwork.objects.get_or_create(defaults={"mode": "kode"})\n', ["mode 'kode'"]),
        # Labels, docstrings, other names and other values are not choices compared.
        ('label = _("apen")\n', []),
        ('"""Open (`to` = apen or lukket)."""\n', []),
        ('if answers.solution == "ferdig":\n    pass\n', []),
        ('if round.state == "kladd":\n    pass\n', []),
        ("class Meta:\n    constraints = [Q(purpose='runde')]\n", []),
    ],
)
def test_the_python_scan_finds_exactly_the_comparisons(
    values: dict[str, frozenset[str]], source: str, expected: list[str]
) -> None:
    finder = _Finder(values)
    finder.visit(ast.parse(source))
    assert [f"{field} {literal!r}" for _line, field, literal in finder.found] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% if round.state == "apen" %}', ["apen"]),
        ("{% if round.state != 'lukket' %}", ["lukket"]),
        ('{% if "avmeldt" == invitee.status %}', ["avmeldt"]),
        ('{% if round.fieldwork.mode == "invitert" %}', ["invitert"]),
        ("{% if round.state == round.State.OPEN %}", []),
        ('{% translate "apen" %}', []),
        ('{% if answers.solution == "ferdig" %}', []),
    ],
)
def test_the_template_scan_finds_exactly_the_comparisons(
    values: dict[str, frozenset[str]], source: str, expected: list[str]
) -> None:
    assert _template_hits(source, values) == expected
