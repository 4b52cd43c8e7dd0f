"""Put the Innovasjonstesten answers already in editions into the review queue.

Before the queue, a ticked box added the answers straight into the edition as a respondent
(source "innovasjonstest"), unreviewed. Each such respondent becomes a waiting submission with
the same values and the date it came in (not the time), and leaves the edition's data until an
analyst accepts it. The reverse puts the waiting submissions back as respondents (an accepted
one is a respondent already).
"""

from django.db import migrations
from django.utils import timezone


def to_queue(apps, schema_editor):  # type: ignore[no-untyped-def]
    Respondent = apps.get_model("barometer", "Respondent")
    Submission = apps.get_model("barometer", "InnovationTestSubmission")
    added = Respondent.objects.filter(source="innovasjonstest", test_submission__isnull=True)
    Submission.objects.bulk_create(
        Submission(
            edition_id=respondent.edition_id,
            values=respondent.values,
            submitted_on=timezone.localdate(respondent.created_at),
            state="pending",
        )
        for respondent in added.order_by("pk")
    )
    added.delete()


def from_queue(apps, schema_editor):  # type: ignore[no-untyped-def]
    Respondent = apps.get_model("barometer", "Respondent")
    Submission = apps.get_model("barometer", "InnovationTestSubmission")
    waiting = Submission.objects.filter(state="pending")
    Respondent.objects.bulk_create(
        Respondent(edition_id=s.edition_id, source="innovasjonstest", values=s.values)
        for s in waiting.order_by("pk")
    )
    waiting.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("barometer", "0004_import_duplicates"),
    ]

    operations = [
        migrations.RunPython(to_queue, from_queue),
    ]
