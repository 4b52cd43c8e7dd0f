"""Give every response the purpose its token serves (issue 13).

Existing rows get the purpose their links already had: a response in a round answers for a
party; one behind a barometer invitation is the invitation's; the demo result (the public token
"eksempel-pa-resultat") becomes the read-only example; the rest are solo assessments. A demo
result that a facilitator had already turned into a project keeps its place in that project but
loses the public token, which everyone knows, for one nobody knows.
"""

import hashlib
import secrets

from django.db import migrations, models

DEMO_TOKEN_HASH = hashlib.sha256(b"eksempel-pa-resultat").hexdigest()


def purposes_set(apps, schema_editor):  # type: ignore[no-untyped-def]
    Response = apps.get_model("responses", "Response")
    Invitation = apps.get_model("barometer", "Invitation")
    Response.objects.filter(round__isnull=False).update(purpose="runde")
    Response.objects.filter(round__isnull=True).update(purpose="solo")
    Response.objects.filter(
        pk__in=Invitation.objects.values("response_id"), round__isnull=True
    ).update(purpose="barometer")
    demo = Response.objects.filter(token_hash=DEMO_TOKEN_HASH)
    demo.filter(round__isnull=True, purpose="solo").update(purpose="eksempel")
    unknown = hashlib.sha256(secrets.token_urlsafe(24).encode()).hexdigest()
    demo.filter(round__isnull=False).update(token_hash=unknown)


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0003_response_opened_at"),
        # The invitations tell which responses are the barometer's.
        ("barometer", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("solo", "solo assessment"),
                    ("runde", "answer in a project's round"),
                    ("barometer", "barometer invitation"),
                    ("eksempel", "published example"),
                ],
                default="",
                max_length=16,
                verbose_name="purpose",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(purposes_set, migrations.RunPython.noop),
    ]
