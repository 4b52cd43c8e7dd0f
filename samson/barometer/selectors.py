"""Reads of barometer editions and their data."""

from django.db.models import QuerySet

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.rules import AnyUser, is_admin
from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.responses.tokens import token_hash

from . import estimates
from .models import Edition, Invitation


def editions_for(user: AnyUser) -> QuerySet[Edition]:
    """Editions the user may manage: all for administrators, their organisations' for analysts."""
    editions = Edition.objects.select_related("organisation")
    if is_admin(user):
        return editions.all()
    if not isinstance(user, User):
        return editions.none()
    return editions.filter(
        organisation_id__in=Membership.objects.filter(
            user=user, role=Membership.Role.ANALYST
        ).values("organisation_id")
    )


def organisations_for_analyst(user: AnyUser) -> QuerySet[Organisation]:
    if is_admin(user):
        return Organisation.objects.order_by("name")
    if not isinstance(user, User):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(user=user, role=Membership.Role.ANALYST).values(
            "organisation_id"
        )
    ).order_by("name")


def published_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(published=True).order_by("-year", "title")


def edition_instrument(edition: Edition) -> Instrument:
    return instrument_spec(edition.instrument_version)


def edition_frame(edition: Edition) -> list[tuple[dict[str, int], int]]:
    return [(dict(cell.values), cell.count) for cell in edition.population_cells.all()]


def edition_rows(edition: Edition) -> list[dict[str, float | None]]:
    return list(edition.respondents.order_by("pk").values_list("values", flat=True))


class EditionData:
    """An edition's microdata with derived indicators and its weighting, computed once."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        rows = edition_rows(edition)
        self.n = len(rows)
        self.data = estimates.with_indicators(estimates.columns(rows))
        self.weighting = estimates.weighting(self.data, self.n, edition_frame(edition))

    def breakdowns(self) -> list[str]:
        """Background variables present in the data with at least one value."""
        return [
            name
            for name in estimates.BREAKDOWNS
            if name in self.data and bool((self.data[name] == self.data[name]).any())
        ]

    def estimate(
        self, names: tuple[str, ...] | list[str], by: str | None, min_group_size: int
    ) -> dict[str, list[estimates.Cell]]:
        return estimates.estimate(
            self.data, self.weighting.design, names, by=by, min_group_size=min_group_size
        )


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("edition", "response__instrument_version")
        .filter(response__token_hash=token_hash(token))
        .first()
    )
