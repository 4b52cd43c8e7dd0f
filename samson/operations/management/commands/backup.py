"""`samson backup FILE`: write a consistent backup of the whole database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samson.operations.backup import backup_path_write


class Command(BaseCommand):
    help = "Write a backup of the whole database to FILE (gzip-compressed JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write, e.g. samson.json.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = backup_path_write(path=options["file"], using=options["database"])
        self.stdout.write(
            f"backed up {summary.objects} rows of {summary.models} tables to {options['file']}"
        )
