"""`samson cleanup`: delete what SAMSON keeps only for a while (run it daily from cron)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from samson.barometer.services import PENDING_IMPORT_LIFETIME, pending_imports_prune
from samson.fieldwork.services import contacts_purge, outbox_resume


class Command(BaseCommand):
    help = (
        "Delete uploaded data files whose columns were never mapped within a day, and the "
        "contact lists of rounds closed longer ago than SAMSON_FIELDWORK_CONTACT_DAYS. Run it "
        "daily; every new upload prunes the uploads too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = pending_imports_prune()
        hours = int(PENDING_IMPORT_LIFETIME.total_seconds() // 3600)
        self.stdout.write(f"cleanup: deleted {deleted} uploads left unimported for over {hours} h")
        contacts = contacts_purge()
        days = settings.SAMSON_FIELDWORK_CONTACT_DAYS
        self.stdout.write(
            f"cleanup: deleted {contacts} contacts of rounds closed more than {days} days ago"
        )
        # E-mail left waiting by a worker that was killed is taken up again (docs/fieldwork.md).
        outbox_resume()
