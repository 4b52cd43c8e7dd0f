"""`samson demo`: load the demo content (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from samson.responses.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo content: an example result linked from the home page."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_load()
        self.stdout.write("demo content loaded" if created else "demo content already there")
