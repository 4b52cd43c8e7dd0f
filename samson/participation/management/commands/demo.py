"""`samson demo`: load the demo content (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from samson.barometer.demo import DEMO_ANALYST, demo_edition_load
from samson.participation.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_project_load
from samson.responses.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo content: an example result and an example co-creation project."

    def handle(self, *args: Any, **options: Any) -> None:
        solo = demo_load()
        project = demo_project_load()
        edition = demo_edition_load(DEMO_PASSWORD)
        self.stdout.write(
            "demo content loaded" if solo or project or edition else "demo content already there"
        )
        self.stdout.write(
            f"demo analyst (synthetic barometer edition): {DEMO_ANALYST} / {DEMO_PASSWORD}"
        )
        self.stdout.write(f"demo facilitator: {DEMO_USERNAME} / {DEMO_PASSWORD}")
