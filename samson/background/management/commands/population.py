"""`samson population import FILE`: SSB's table 07459 (JSON-stat 2.0 or CSV) into the database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.background.services import population_import
from samson.representativeness import PopulationFileError


class Command(BaseCommand):
    help = (
        "Import population per municipality, sex and age from SSB's table 07459, as downloaded "
        "from the statistics bank (JSON-stat 2.0 or semicolon-separated CSV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import one downloaded file")
        importer.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        try:
            result = population_import(data=data, name=path.name)
        except PopulationFileError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        years = ", ".join(str(year) for year in result.years)
        self.stdout.write(
            f"population: {result.counts} counts for {len(result.municipalities)} "
            f"municipalities ({', '.join(result.municipalities)}), year {years}"
        )
