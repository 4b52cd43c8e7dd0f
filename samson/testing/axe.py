"""axe-core in the browser tests: `assert_accessible(page)` checks the page against WCAG 2.0,
2.1 and 2.2 A and AA, and lists every violation.

The browser itself (Debian's Chromium through Playwright) is a fixture in the root
`conftest.py`; a missing tool fails in CI and skips on a developer's machine (`missing`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def in_ci() -> bool:
    """Whether the tests run in CI (which sets CI=true)."""
    return os.environ.get("CI", "").lower() == "true"


def missing(what: str, how: str) -> None:
    """Fail in CI, where a missing tool is a broken pipeline; skip on a developer's machine."""
    if in_ci():
        pytest.fail(f"{what} is missing, so the browser tests cannot run: {how}", pytrace=False)
    pytest.skip(f"{what} is missing: {how}")


def axe_source() -> str:
    """axe-core's script from `node_modules` (npm ci)."""
    if not AXE_JS.is_file():
        missing(f"axe-core ({AXE_JS.relative_to(ROOT)})", "run `npm ci`.")
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per axe violation: rule, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, *, context: str | None = None) -> None:
    """Run axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules; fail listing every violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The site's Content-Security-Policy refuses inline <script> tags, so axe is evaluated
        # through the DevTools protocol, which the policy does not govern.
        page.evaluate(axe_source() + "\n;undefined")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [context, options],
    )
    violations = results["violations"]
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )
