"""Every action the audit log records has a label, and the admin shows it in the reader's
language, never the bare code (issue 14)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samson.audit.actions import ACTIONS, action_label
from samson.audit.models import AuditEntry
from samson.audit.services import audit_record

SAMSON = Path(__file__).resolve().parents[2]


def _strings(node: ast.expr) -> set[str]:
    """The string constants an action argument can take (a literal, or either arm of an if)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    raise AssertionError(f"an action that is not a literal code: {ast.unparse(node)}")


def recorded_actions() -> dict[str, str]:
    """Every action code passed to `audit_record` in the code (tests left out), with where."""
    found: dict[str, str] = {}
    for path in sorted(SAMSON.rglob("*.py")):
        if "tests" in path.relative_to(SAMSON).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "audit_record":
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    for code in _strings(keyword.value):
                        found[code] = f"{path.relative_to(SAMSON.parent)}:{node.lineno}"
    return found


def test_every_recorded_action_has_a_label_and_every_label_an_action() -> None:
    recorded = recorded_actions()
    # The scan finds the services (a scan that finds nothing would pass for the wrong reason).
    assert {"round.follow_up_publish", "project.background_set", "fieldwork.remind"} <= set(
        recorded
    )
    assert {"account.login", "free_text.release", "free_text.withdraw"} <= set(recorded)
    missing = {code: where for code, where in recorded.items() if code not in ACTIONS}
    assert missing == {}, "add these actions and their labels to samson/audit/actions.py"
    assert sorted(set(ACTIONS) - set(recorded)) == [], "labels of actions nothing records"


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_label_is_translated(lang: str) -> None:
    with translation.override(lang):
        labels = {code: action_label(code) for code in ACTIONS}
    untranslated = [code for code, label in labels.items() if label == code]
    assert untranslated == []
    if lang != "en":
        with translation.override("en"):
            english = {code: action_label(code) for code in ACTIONS}
        # Every label is a Norwegian phrase, not the English message id.
        assert [code for code in ACTIONS if labels[code] == english[code]] == []


@pytest.mark.parametrize(
    ("lang", "code", "label"),
    [
        ("nb", "round.follow_up_publish", "Oppfølging av innspill lagret"),
        ("nn", "round.follow_up_publish", "Oppfølging av innspel lagra"),
        ("en", "round.follow_up_publish", "Follow-up of input saved"),
        ("nb", "project.background_set", "Prosjektets bakgrunnsspørsmål lagret"),
        ("nn", "project.background_set", "Bakgrunnsspørsmåla i prosjektet lagra"),
        ("en", "project.background_set", "Background questions of the project saved"),
        ("nb", "fieldwork.remind", "Purringer sendt"),
        ("nn", "fieldwork.remind", "Purringar sende"),
        ("en", "fieldwork.remind", "Reminders sent"),
    ],
)
def test_a_label_in_each_language(lang: str, code: str, label: str) -> None:
    with translation.override(lang):
        assert action_label(code) == label


def test_an_entry_written_before_a_rename_shows_its_code() -> None:
    assert action_label("round.renamed_long_ago") == "round.renamed_long_ago"


def test_the_recorder_refuses_an_action_without_a_label(world) -> None:
    with pytest.raises(ValueError, match="unknown audit action 'round.opened'"):
        audit_record(action="round.opened", target=world["round_a"])
    assert not AuditEntry.objects.filter(action="round.opened").exists()


def _cells(html: str, column: str) -> list[str]:
    return re.findall(rf'<td class="field-{column}">([^<]*)</td>', html)


def _filter_choices(html: str) -> list[str]:
    return re.findall(r'<a href="\?action=[\w.]+"[^>]*>([^<]*)</a>', html)


@pytest.mark.parametrize(
    ("lang", "cells", "choices"),
    [
        (
            "nb",
            ["Prosjektets bakgrunnsspørsmål lagret", "Oppfølging av innspill lagret"],
            ["Oppfølging av innspill lagret", "Prosjektets bakgrunnsspørsmål lagret"],
        ),
        (
            "nn",
            ["Bakgrunnsspørsmåla i prosjektet lagra", "Oppfølging av innspel lagra"],
            ["Bakgrunnsspørsmåla i prosjektet lagra", "Oppfølging av innspel lagra"],
        ),
        (
            "en",
            ["Background questions of the project saved", "Follow-up of input saved"],
            ["Background questions of the project saved", "Follow-up of input saved"],
        ),
    ],
)
def test_the_admin_change_list_names_each_action_in_the_readers_language(
    world, lang: str, cells: list[str], choices: list[str]
) -> None:
    admin = Client()
    admin.force_login(world["admin"])
    AuditEntry.objects.all().delete()  # the fixture's rounds, the log-in
    audit_record(action="round.follow_up_publish", target=world["round_a"])
    audit_record(action="project.background_set", target=world["project_a"])
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = admin.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    # Newest first in the list; the filter sorted by label.
    assert _cells(html, "action_name") == cells
    assert _filter_choices(html) == choices
    assert "follow_up_publish" not in re.sub(r'href="[^"]*"', "", html)
    chosen = admin.get(
        reverse("admin:audit_auditentry_changelist"), {"action": "project.background_set"}
    )
    assert _cells(chosen.content.decode(), "action_name") == cells[:1]
