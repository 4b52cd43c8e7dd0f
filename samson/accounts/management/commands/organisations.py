"""`samson organisations import`: the municipalities of the bundled 2024 code list."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samson.accounts.services import organisations_import


class Command(BaseCommand):
    help = "Create or update organisations for every municipality of the 2024 code list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("import", help="import the bundled municipality list (idempotent)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = organisations_import()
        self.stdout.write(f"organisations: {result.created} created, {result.updated} updated")
