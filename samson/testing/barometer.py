"""A small barometer edition whose estimates can be worked out by hand, and its people."""

from __future__ import annotations

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services
from samson.barometer.models import Edition, Respondent
from samson.testing.people import member

NO = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
YES = {**NO, "B1_PRODUKT": 1}
# Unit type 11: 2 of 3 innovative; unit type 21: 1 of 3. Population: 100 and 300 units, so the
# weighted share of innovative units is (100 · 2/3 + 300 · 1/3) / 400 = 5/12.
ROWS = [
    {"enhetstype": 11, "landsdel": 1, "sektor": 1, **YES},
    {"enhetstype": 11, "landsdel": 1, "sektor": 1, **NO},
    {"enhetstype": 11, "landsdel": 1, "sektor": 1, **YES},
    {"enhetstype": 21, "landsdel": 1, "sektor": 2, **YES},
    {"enhetstype": 21, "landsdel": 1, "sektor": 2, **NO},
    {"enhetstype": 21, "landsdel": 1, "sektor": 2, **NO},
]
FRAME = [({"enhetstype": 11}, 100), ({"enhetstype": 21}, 300)]


def small_edition(*, frame: bool = True) -> Edition:
    """Arendal's edition "Liten" of 2025 (sectors 1 and 2) with the six `ROWS` imported and,
    unless `frame` is False, the population `FRAME`. Needs the shipped instruments."""
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2025, title="Liten", sectors=[1, 2]
    )
    # No primary sampling units (the rows have no municipality) and no collapsing of the
    # frame's cells of three respondents, so the weights are the hand-computed ones.
    edition.design_cluster, edition.collapse_below = "", 1
    edition.save(update_fields=["design_cluster", "collapse_below"])
    Respondent.objects.bulk_create(
        Respondent(edition=edition, source=Respondent.Source.IMPORT, values=row) for row in ROWS
    )
    if frame:
        services.frame_replace(edition=edition, cells=FRAME)
    return edition


def analyst_of(edition: Edition) -> User:
    """A new analyst of the edition's organisation."""
    return member("analytiker@example.no", edition.organisation, Membership.Role.ANALYST)


EDITION_ROLES = ("anonymous", "analyst", "admin", "facilitator", "other_analyst")


def edition_people(edition: Edition) -> dict[str, User]:
    """Someone of each of `EDITION_ROLES` but the anonymous visitor: an analyst and a
    facilitator of the edition's organisation, an administrator, and an analyst of another
    organisation. The keys are the roles, as `samson.testing.permissions.log_in` takes them."""
    other = Organisation.objects.create(name="Bergen", kind="kommune")
    return {
        "analyst": analyst_of(edition),
        "admin": User.objects.create_superuser("root", "r@x.no", "x"),
        "facilitator": member("f@x.no", edition.organisation, Membership.Role.FACILITATOR),
        "other_analyst": member("o@x.no", other, Membership.Role.ANALYST),
    }
