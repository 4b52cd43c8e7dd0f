"""`samson instrument import [PATH…]` and `samson instrument export KEY [--version V]`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.instrument_spec import InstrumentError
from samson.instruments import export

from ...models import InstrumentVersion
from ...selectors import instrument_version_get
from ...services import instrument_import, shipped_instrument_paths

OUTCOME_WORDS = {"create": "created", "unchanged": "unchanged"}


class Command(BaseCommand):
    help = "Import instrument files as immutable versions, or export a version's full spec."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import instrument files (default: the shipped ones)")
        imp.add_argument("paths", nargs="*", type=Path)
        exp = sub.add_parser("export", help="print an instrument version's whole spec")
        exp.add_argument("key")
        exp.add_argument("--version", type=int, dest="instrument_version")
        exp.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options["paths"] or shipped_instrument_paths())
        else:
            self._export(options["key"], options["instrument_version"])

    def _import(self, paths: list[Path]) -> None:
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                result = instrument_import(path=path)
            except InstrumentError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{path}: {result.version} {OUTCOME_WORDS[result.outcome]}")

    def _export(self, key: str, version: int | None) -> None:
        try:
            stored = instrument_version_get(key=key, version=version)
        except InstrumentVersion.DoesNotExist as error:
            wanted = key if version is None else f"{key} version {version}"
            raise CommandError(f"no instrument {wanted} is imported") from error
        self.stdout.write(
            json.dumps(export.instrument_export(stored), ensure_ascii=False, indent=2)
        )
