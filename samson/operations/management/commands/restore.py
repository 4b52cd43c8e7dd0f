"""`samson restore FILE`: restore a backup into an empty database, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.operations.backup import BackupError, restore_write


class Command(BaseCommand):
    help = (
        "Restore a backup written by `samson backup` into this (migrated, empty) database. "
        "With --force, everything already in the database is replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to read")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace whatever the database holds (it is deleted first)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as source:
                summary = restore_write(
                    source=source, force=options["force"], using=options["database"]
                )
        except FileNotFoundError as error:
            raise CommandError(f"no such file: {path}") from error
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {summary.objects} rows of {summary.models} tables")
