"""`samson organisations import`: the municipalities and county authorities of the bundled
2024 code lists."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samson.accounts.services import organisations_import


class Command(BaseCommand):
    help = (
        "Create or update organisations for every municipality and county authority of the "
        "2024 code lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "import",
            help="import the bundled municipality and county lists (idempotent)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = organisations_import()
        self.stdout.write(f"municipalities: {result.created} created, {result.updated} updated")
        self.stdout.write(
            f"county authorities: {result.counties_created} created, "
            f"{result.counties_updated} updated"
        )
