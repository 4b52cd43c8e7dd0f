"""The demo edition: the SYNTHETIC national dataset, published, so a fresh `make run` shows
the barometer pages and Innovasjonstesten with data. Idempotent."""

from django.db import transaction

from samson.accounts.models import Membership, Organisation
from samson.accounts.services import demo_member_ensure

from . import services
from .models import Edition

DEMO_TITLE = "SYNTETISK demo: Innovasjonsbarometeret"
DEMO_ANALYST = "analytiker@example.no"


@transaction.atomic
def demo_edition_load(password: str) -> bool:
    """Create the demo analyst and the synthetic demo edition unless it exists."""
    if Edition.objects.filter(title=DEMO_TITLE).exists():
        return False
    organisation = Organisation.objects.filter(name="KS (demo)").first() or (
        Organisation.objects.create(name="KS (demo)")
    )
    user = demo_member_ensure(
        username=DEMO_ANALYST,
        password=password,
        organisation=organisation,
        role=Membership.Role.ANALYST,
    )
    edition = services.edition_create(
        organisation=organisation,
        user=user,
        year=2020,
        title=DEMO_TITLE,
        population=(
            "Syntetiske data: oppdiktede kommunale enheter i fem sektorer, kalibrert til KS 2020."
        ),
        sectors=[1, 2, 3, 4, 5],
    )
    services.synthetic_load(edition=edition)
    services.edition_settings(edition=edition, published=True, open=False)
    return True
