"""Reads of barometer editions and their data."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.rules import AnyUser, is_admin
from samson.innovation import Indicator
from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec
from samson.responses.tokens import token_hash
from samson.surveystats import INTERVAL_METHODS, AssociationTest, Contrast, IntervalMethod

from . import estimates
from .cache import EditionKeys
from .models import Edition, InnovationTestSubmission, Invitation, WeightingMethod
from .population_units import municipalities_per_stratum


def editions_for(user: AnyUser) -> QuerySet[Edition]:
    """Editions the user may manage: all for administrators, their organisations' for analysts."""
    editions = Edition.objects.select_related("organisation", "instrument_version")
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
    # Innovasjonstesten compares units: only editions of the unit survey.
    return Edition.objects.filter(
        published=True, instrument_version__key=estimates.UNIT_SURVEY
    ).order_by("-year", "title")


def edition_instrument(edition: Edition) -> Instrument:
    return instrument_spec(edition.instrument_version)


def edition_survey(edition: Edition) -> str:
    """The key of the instrument the edition is answered with (barometer-enhet or -leder)."""
    return edition.instrument_version.key


def is_leader_edition(edition: Edition) -> bool:
    """Whether the edition is of the chief-executive survey."""
    return edition_survey(edition) == estimates.LEADER_SURVEY


def edition_indicators(edition: Edition) -> tuple[Indicator, ...]:
    """The derived indicators of the edition's survey, in codebook order."""
    return estimates.indicators_for(edition_survey(edition))


def _frame_order(name: str) -> tuple[int, str]:
    known = estimates.BREAKDOWNS
    return (known.index(name) if name in known else len(known), name)


def edition_frame(edition: Edition) -> list[tuple[dict[str, int], int]]:
    """The frame's cells, each with its variables in one order whatever the database: the
    breakdowns' order, then by name (PostgreSQL's jsonb keeps no key order, SQLite's JSON
    keeps the order typed)."""
    return [
        (dict(sorted(cell.values.items(), key=lambda item: _frame_order(item[0]))), cell.count)
        for cell in edition.population_cells.all()
    ]


def edition_rows(edition: Edition) -> list[dict[str, float | None]]:
    return list(edition.respondents.order_by("pk").values_list("values", flat=True))


_METHODS: dict[str, IntervalMethod] = {method: method for method in INTERVAL_METHODS}
_WEIGHTING_METHODS: dict[str, estimates.WeightingMethod] = {
    WeightingMethod.POSTSTRATIFY: "poststratify",
    WeightingMethod.RAKE: "rake",
    WeightingMethod.LINEAR: "linear",
}


def _weighting_method(value: str) -> estimates.WeightingMethod:
    return _WEIGHTING_METHODS.get(value, "poststratify")


def edition_design(edition: Edition) -> estimates.DesignChoice:
    """The design the analyst stated for the edition (its design fields)."""
    return estimates.DesignChoice(
        cluster=edition.design_cluster,
        strata=edition.design_strata,
        interval=_METHODS.get(edition.interval_method, "logit"),
        collapse_below=edition.collapse_below,
        fpc=edition.design_fpc,
        method=_weighting_method(edition.weighting_method),
    )


@dataclass(frozen=True)
class EditionSummary:
    """What every page of an edition's estimates shows besides the estimates: the number of
    respondents, the background variables with data, and the weighting."""

    n: int
    breakdowns: tuple[str, ...]
    weighting: estimates.Weighting


class EditionData:
    """An edition's microdata with derived indicators, its weighting and its estimates.

    Each is computed once per version of the edition's data and design and kept in the cache
    (`cache.EditionKeys`); what is read from the cache is exactly what would be computed. The
    columns (`data`) are built from the stored answers only when something asked for is not
    cached."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.choice = edition_design(edition)
        self._keys = EditionKeys(edition, self.choice)
        self._data: dict[str, estimates.FloatArray] | None = None
        self._estimates: dict[tuple[object, ...], dict[str, list[estimates.Cell]]] = {}
        self._summary = self._keys.get_or_compute(self._load, "summary")

    @property
    def n(self) -> int:
        return self._summary.n

    @property
    def weighting(self) -> estimates.Weighting:
        return self._summary.weighting

    @property
    def data(self) -> dict[str, estimates.FloatArray]:
        """The columns with every derived indicator (NaN = missing), built on first use."""
        if self._data is None:
            self._load()
        assert self._data is not None
        return self._data

    def _load(self) -> EditionSummary:
        """Build the columns from the stored answers, and the summary from them. Whatever is
        computed afterwards uses this weighting, so it is consistent with these columns even
        if the edition changed since the cached summary was stored."""
        rows = edition_rows(self.edition)
        n = len(rows)
        data = estimates.with_indicators(estimates.columns(rows), edition_survey(self.edition))
        units = (
            municipalities_per_stratum(data, self.choice.cluster, self.choice.strata)
            if self.choice.fpc
            else None
        )
        weighting = estimates.weighting(data, n, edition_frame(self.edition), self.choice, units)
        breakdowns = tuple(
            name
            for name in estimates.BREAKDOWNS
            if name in data and bool((data[name] == data[name]).any())
        )
        self._data = data
        self._summary = EditionSummary(n, breakdowns, weighting)
        return self._summary

    def breakdowns(self) -> list[str]:
        """Background variables present in the data with at least one value."""
        return list(self._summary.breakdowns)

    def estimate(
        self, names: tuple[str, ...] | list[str], by: str | None, min_group_size: int
    ) -> dict[str, list[estimates.Cell]]:
        parts = ("estimate", tuple(names), by, min_group_size)
        if parts not in self._estimates:
            self._estimates[parts] = self._keys.get_or_compute(
                lambda: estimates.estimate(
                    self.data,
                    self.weighting.design,
                    names,
                    by=by,
                    min_group_size=min_group_size,
                    interval=self.choice.interval,
                ),
                *parts,
            )
        return self._estimates[parts]

    def groups_differ(
        self, name: str, by: str, cells: list[estimates.Cell]
    ) -> AssociationTest | None:
        """Whether the indicator differs between the shown groups of `by` (Rao–Scott)."""
        shown = {c.group for c in cells[1:] if not c.suppressed and c.group is not None}
        return self._keys.get_or_compute(
            lambda: estimates.groups_differ(self.data, self.weighting.design, name, by, shown),
            "differ",
            name,
            by,
            tuple(sorted(repr(group) for group in shown)),
        )

    def comparable_groups(self, by: str, min_group_size: int) -> list[int]:
        """The groups of `by` an analyst may choose for a contrast (`estimates`)."""
        return self._keys.get_or_compute(
            lambda: estimates.comparable_groups(self.data, by, min_group_size),
            "comparable",
            by,
            min_group_size,
        )

    def contrasts(
        self, cells: dict[str, list[estimates.Cell]], by: str, first: int, second: int
    ) -> dict[str, Contrast | None]:
        """Each indicator's difference between groups `first` and `second` of `by`."""
        shown = tuple(
            (name, tuple(sorted(repr(c.group) for c in rows if not c.suppressed)))
            for name, rows in cells.items()
        )
        return self._keys.get_or_compute(
            lambda: estimates.contrasts(self.data, self.weighting.design, cells, by, first, second),
            "contrasts",
            by,
            first,
            second,
            shown,
        )


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("edition", "response__instrument_version")
        .filter(response__token_hash=token_hash(token))
        .first()
    )


# ----------------------------------------------------------------------------- Innovasjonstesten


def edition_frame_variables(edition: Edition) -> list[str]:
    """The variables the edition's population frame uses (none without a frame), in the
    order of its first cell."""
    names: list[str] = []
    for values, _count in edition_frame(edition):
        names += [name for name in values if name not in names]
    return names


@dataclass(frozen=True)
class SubmissionCheck:
    """Whether a submission can join the edition's data without breaking its weighting."""

    missing: tuple[str, ...]  # frame variables it has no value for
    outside_frame: bool  # it has them all, but no cell of the frame (with units) holds it

    @property
    def ok(self) -> bool:
        return not self.missing and not self.outside_frame


def submission_check(
    values: Mapping[str, float | None], frame: Sequence[tuple[Mapping[str, int], int]]
) -> SubmissionCheck:
    """Check one submission's values against a population frame (`edition_frame`).

    A respondent without a frame variable, or in a cell the frame does not count, makes the
    whole edition fall back to unweighted estimates (`estimates.weighting`), so such a
    submission must not be accepted. Without a frame every submission passes.
    """
    variables: list[str] = []
    for cell, _count in frame:
        variables += [name for name in cell if name not in variables]
    missing = tuple(name for name in variables if values.get(name) is None)
    if missing or not frame:
        return SubmissionCheck(missing, False)
    key = {name: int(value) for name in variables if (value := values.get(name)) is not None}
    if all(len(cell) == 1 for cell, _count in frame) and len(variables) > 1:
        # A frame of margins (raking, linear calibration): each value must be a category the
        # margins count.
        inside = all(
            any(count > 0 and dict(cell) == {name: key[name]} for cell, count in frame)
            for name in variables
        )
        return SubmissionCheck((), not inside)
    inside = any(count > 0 and dict(cell) == key for cell, count in frame)
    return SubmissionCheck((), not inside)


def test_submissions_waiting(edition: Edition) -> QuerySet[InnovationTestSubmission]:
    """The edition's Innovasjonstesten submissions an analyst has not yet accepted or
    discarded, oldest first."""
    return edition.test_submissions.filter(state=InnovationTestSubmission.State.PENDING).order_by(
        "pk"
    )
