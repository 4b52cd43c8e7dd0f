"""The pure packages (PURE in the Makefile) import no Django, directly or through a dependency.

One test for all of them: each package and every module in it is imported in a fresh
interpreter, which must end without a single `django` module loaded. The same list is the
`pure` contract of import-linter (pyproject.toml), which `make lint` runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _pure_packages() -> list[str]:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^PURE := ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile names no PURE packages"
    paths = match.group(1).replace("\\\n", " ").split()
    return [path.replace("/", ".") for path in paths]


PURE = _pure_packages()

# Imports every module of the package (its tests apart), then lists the Django modules loaded.
PROBE = """\
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    if ".tests" not in module.name:
        importlib.import_module(module.name)
print(",".join(sorted(m for m in sys.modules if m == "django" or m.startswith("django."))))
"""


def test_the_makefile_names_every_pure_package() -> None:
    assert PURE == [
        "samson.scoring",
        "samson.instrument_spec",
        "samson.surveystats",
        "samson.charts",
        "samson.innovation",
        "samson.groupscores",
        "samson.representativeness",
    ]


def test_the_import_contract_covers_the_same_packages() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    pure = next(contract for contract in contracts if contract["id"] == "pure")
    assert pure["source_modules"] == PURE
    assert "django" in pure["forbidden_modules"]


def test_mypy_is_strict_for_the_whole_package_in_make_lint_and_the_pre_commit_hook() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    mypy = config["tool"]["mypy"]
    assert mypy["strict"] is True
    # Relaxed only where pyproject.toml says why: test modules and the OIDC modules that extend
    # django-allauth. No pure package, and no other module, is relaxed.
    relaxed = [module for override in mypy["overrides"] for module in override["module"]]
    assert relaxed == [
        "samson.*.tests.*",
        "conftest",
        "samson.accounts.oidc",
        "samson.accounts.oidc_views",
    ]
    command = "mypy samson conftest.py"
    assert command in (REPO / "Makefile").read_text(encoding="utf-8")
    assert command in (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("package", PURE)
def test_imports_no_django(package: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == ""
