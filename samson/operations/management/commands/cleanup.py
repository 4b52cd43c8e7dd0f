"""`samson cleanup`: delete what SAMSON keeps only for a while (run it daily from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from samson.barometer.services import PENDING_IMPORT_LIFETIME, pending_imports_prune


class Command(BaseCommand):
    help = (
        "Delete uploaded data files whose columns were never mapped within a day. Run it "
        "daily; every new upload prunes them too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = pending_imports_prune()
        hours = int(PENDING_IMPORT_LIFETIME.total_seconds() // 3600)
        self.stdout.write(f"cleanup: deleted {deleted} uploads left unimported for over {hours} h")
