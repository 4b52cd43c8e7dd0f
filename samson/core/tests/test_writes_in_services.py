"""Views, selectors and presenters write nothing to the database: writes go through services.

Every views module (`views.py`, `views_*.py`, `*_views.py`), selectors module and presenters
module is read as a syntax tree and searched for the model and queryset calls that write:
`save`, `create`, `delete`, `get_or_create`, `update_or_create`, `bulk_create`, `bulk_update`,
and `update` on a queryset. A dict's `update` (a template context) is not a write and is not
flagged. A call that must stay goes on ALLOWED with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SAMSON = Path(__file__).resolve().parents[2]

WRITES = frozenset(
    {"save", "create", "delete", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
)
# Methods whose result is a queryset: `update` on one of them writes rows.
QUERYSETS = frozenset(
    {"objects", "filter", "exclude", "all", "select_for_update", "select_related", "order_by"}
)

# (module, call) -> why it may stay. Empty: no form in these modules saves a model either; a
# ModelForm's `save` would have to be listed here with its reason.
ALLOWED: dict[tuple[str, str], str] = {}


def _read_modules() -> list[Path]:
    return sorted(
        path
        for path in SAMSON.rglob("*.py")
        if not {"tests", "migrations", "testing", "__pycache__"} & set(path.parts)
        and (
            path.name in {"views.py", "selectors.py", "presenters.py"}
            or path.name.startswith("views_")
            or path.name.endswith("_views.py")
            or "views" in path.parent.name.split("_")
        )
    )


def _is_queryset(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in QUERYSETS
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in QUERYSETS
    return False


def _writes(source: str) -> list[str]:
    """The write calls in `source`, as written (`Round.objects.create(...)` -> that text)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method in WRITES or (method == "update" and _is_queryset(receiver)):
            found.append(ast.unparse(node.func))
    return found


def test_the_scan_reads_the_views_selectors_and_presenters() -> None:
    names = {path.relative_to(SAMSON).as_posix() for path in _read_modules()}
    assert {
        "projects/views.py",
        "fieldwork/views_edition.py",
        "accounts/oidc_views.py",
        "projects/selectors.py",
        "fieldwork/presenters.py",
        "results/presenters.py",
    } <= names
    assert "projects/services.py" not in names


def test_no_view_selector_or_presenter_writes() -> None:
    found = [
        (path.relative_to(SAMSON).as_posix(), call)
        for path in _read_modules()
        for call in _writes(path.read_text(encoding="utf-8"))
    ]
    assert [hit for hit in found if hit not in ALLOWED] == []
    assert set(ALLOWED) <= set(found), "an allowed write is gone: take it off ALLOWED"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Round.objects.create(project=p)", ["Round.objects.create"]),
        ("round.save(update_fields=['state'])", ["round.save"]),
        ("form.save()", ["form.save"]),
        ("invitee.delete()", ["invitee.delete"]),
        ("Invitee.objects.filter(pk=1).update(status=s)", ["Invitee.objects.filter(pk=1).update"]),
        ("Invitee.objects.update(status=s)", ["Invitee.objects.update"]),
        ("Party.objects.get_or_create(name=n)", ["Party.objects.get_or_create"]),
        ("Answer.objects.bulk_create(rows)", ["Answer.objects.bulk_create"]),
        # Not writes: a dict's update, reads.
        ("context.update({'a': 1})", []),
        ("Round.objects.filter(pk=1).exists()", []),
        ("Round.objects.get(pk=1)", []),
    ],
)
def test_the_scan_finds_exactly_the_writes(source: str, expected: list[str]) -> None:
    assert _writes(source) == expected
