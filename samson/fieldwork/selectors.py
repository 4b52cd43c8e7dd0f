"""Reads of fieldwork: a round's mode, its list, its outbox and its response rate; an
edition's response rate per stratum."""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from samson.accounts.models import Organisation
from samson.barometer.models import Edition
from samson.barometer.presenters import breakdown_names
from samson.groupscores.suppression import Suppression, shown_groups
from samson.innovation import codelists
from samson.projects.models import Round
from samson.projects.selectors import minimum_group_size
from samson.responses.tokens import token_hash

from . import links
from .models import Fieldwork, Invitee, OutboxMessage


def fieldwork_of(round: Round) -> Fieldwork | None:
    return Fieldwork.objects.filter(round=round).first()


def round_mode(round: Round) -> str:
    """How participants join the round: a round made before join modes existed (it has no
    fieldwork) keeps its join code."""
    fieldwork = fieldwork_of(round)
    return fieldwork.mode if fieldwork is not None else Fieldwork.Mode.OPEN


def join_code_allowed(round: Round) -> bool:
    return round_mode(round) != Fieldwork.Mode.INVITED


def invitee_by_link(token: str) -> Invitee | None:
    if not links.link_possible(token):
        return None
    return (
        Invitee.objects.select_related(
            "fieldwork__round__project", "fieldwork__edition__organisation", "party"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    sent: int
    failed: int
    opted_out: int
    in_doubt: int


def outbox_counts(fieldwork: Fieldwork) -> OutboxCounts:
    State = OutboxMessage.State
    counts = OutboxMessage.objects.filter(invitee__fieldwork=fieldwork).aggregate(
        queued=Count("pk", filter=Q(state__in=(State.QUEUED, State.SENDING))),
        sent=Count("pk", filter=Q(state=State.SENT)),
        failed=Count("pk", filter=Q(state__in=(State.FAILED, State.BOUNCED))),
        opted_out=Count("pk", filter=Q(state=State.OPTED_OUT)),
        in_doubt=Count("pk", filter=Q(state=State.IN_DOUBT)),
    )
    return OutboxCounts(**counts)


@dataclass(frozen=True)
class PartyRate:
    key: str
    name: str
    invited: int
    finished_text: str
    rate_text: str


@dataclass(frozen=True)
class ResponseRate:
    minimum: int
    parties: list[PartyRate]
    invited: int
    finished_text: str
    rate_text: str


def _invited_and_finished(fieldwork: Fieldwork) -> tuple[dict[str, int], dict[str, int]]:
    rows = (
        fieldwork.invitees.filter(party__isnull=False)
        .values("party")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=Invitee.Status.FINISHED)))
        .values_list("party", "n", "done")
    )
    invited = {str(party): n for party, n, _done in rows}
    finished = {str(party): done for party, _n, done in rows}
    return invited, finished


def response_rate(fieldwork: Fieldwork, too_few: str, percent: str) -> ResponseRate:
    """Finished against invited per party, with the results' suppression on the finished
    counts: a party with fewer finished than the minimum (or one whose count could be found by
    subtraction) shows neither its count nor its rate. `too_few` and `percent` are the
    translated wordings ("fewer than %(minimum)s", "%(rate)s %%")."""
    assert fieldwork.round is not None
    project = fieldwork.round.project
    invited, finished = _invited_and_finished(fieldwork)
    minimum = minimum_group_size(project)
    parties = list(project.parties.all())
    suppression: Suppression = shown_groups(
        {str(p.pk): finished.get(str(p.pk), 0) for p in parties}, minimum
    )
    rows = []
    for party in parties:
        key = str(party.pk)
        n = invited.get(key, 0)
        if n == 0:
            continue
        if suppression.status(key) == "shown":
            done = suppression.counts[key]
            rows.append(
                PartyRate(key, party.name, n, str(done), percent % {"rate": round(100 * done / n)})
            )
        else:
            rows.append(PartyRate(key, party.name, n, too_few % {"minimum": minimum}, ""))
    total_invited = sum(invited.values())
    total_done = sum(finished.values())
    if suppression.show_total and total_invited:
        total_text = str(total_done)
        total_rate = percent % {"rate": round(100 * total_done / total_invited)}
    else:
        total_text, total_rate = too_few % {"minimum": minimum}, ""
    return ResponseRate(minimum, rows, total_invited, total_text, total_rate)


def opted_out_count(fieldwork: Fieldwork) -> int:
    """How many on the list asked for no more e-mail. (Started and finished are counted only
    in the response rate, with its suppression.)"""
    return fieldwork.invitees.filter(status=Invitee.Status.OPTED_OUT).count()


# Barometer editions: the response rate per stratum of the frame and per municipality.

STRATA = ("sektor", "enhetstype", "landsdel", "storrelse", "kommunenr")
"""The variables the analyst's response rate is broken down by, in the page's order."""


@dataclass(frozen=True)
class StratumRate:
    variable: str
    code: int
    label: str
    invited: int
    delivered: int
    started_text: str
    finished_text: str
    rate_text: str
    # Finished against invited, for the low-rate warning; shown as a number only in rate_text.
    low: bool


class LowStratum(NamedTuple):
    """A stratum of the frame whose finished share is low, under its variable's name."""

    variable: str
    label: str


@dataclass(frozen=True)
class EditionRate:
    minimum: int
    threshold: float
    invited: int
    delivered: int
    started_text: str
    finished_text: str
    rate_text: str
    strata: dict[str, list[StratumRate]]

    def low_strata(self, names: dict[str, str]) -> list[LowStratum]:
        """(variable's name, stratum) of every stratum of the frame whose finished share is
        low, named with `names` (strata_names); the municipalities are left out, as there are
        too many to warn of one by one."""
        return [
            LowStratum(names[variable], row.label)
            for variable, rows in self.strata.items()
            if variable != "kommunenr"
            for row in rows
            if row.low
        ]


def _unit_counts(fieldwork: Fieldwork) -> list[tuple[dict[str, int], str, bool]]:
    """(background, status, delivered) of every unit on the list: delivered when a message
    reached the server for it."""
    sent = OutboxMessage.objects.filter(invitee=OuterRef("pk"), state=OutboxMessage.State.SENT)
    rows = fieldwork.invitees.annotate(delivered=Exists(sent)).values_list(
        "background", "status", "delivered"
    )
    return [(dict(background or {}), status, delivered) for background, status, delivered in rows]


def _code_label(variable: str, code: int, lang: str, municipalities: dict[str, str]) -> str:
    if variable == "kommunenr":
        number = f"{code:04d}"
        name = municipalities.get(number)
        return f"{number} {name}" if name else number
    labels = codelists.CODE_LISTS.get(variable, {})
    return labels[code].get(lang) if code in labels else str(code)


def edition_rate(
    fieldwork: Fieldwork, *, lang: str, too_few: str, hidden: str, percent: str
) -> EditionRate:
    """Invited, delivered, started and finished per stratum and per municipality.

    Invited and delivered are exact (the analyst wrote the list). Started and finished go
    through the results' suppression with the site's minimum group size, per variable: a
    stratum with fewer than the minimum (or one that subtraction from the total would reveal)
    shows "fewer than N" (or `hidden`, when it has enough but subtraction would reveal
    another) and no rate. A stratum is `low` when its finished share is below
    SAMSON_FIELDWORK_LOW_RATE, whether or not its count is shown."""
    minimum = minimum_group_size()
    threshold = float(settings.SAMSON_FIELDWORK_LOW_RATE)
    units = _unit_counts(fieldwork)
    Status = Invitee.Status
    started_statuses = (Status.STARTED, Status.FINISHED)
    municipalities = dict(
        Organisation.objects.exclude(municipality_number="").values_list(
            "municipality_number", "name"
        )
    )

    def shown(counts: dict[str, int]) -> Suppression:
        return shown_groups(counts, minimum)

    strata: dict[str, list[StratumRate]] = {}
    for variable in STRATA:
        codes = sorted({bg[variable] for bg, _s, _d in units if variable in bg})
        if not codes:
            continue
        invited = {c: 0 for c in codes}
        delivered = dict(invited)
        started = {str(c): 0 for c in codes}
        finished = {str(c): 0 for c in codes}
        for background, status, was_delivered in units:
            code = background.get(variable)
            if code is None:
                continue
            invited[code] += 1
            delivered[code] += int(bool(was_delivered))
            started[str(code)] += int(status in started_statuses)
            finished[str(code)] += int(status == Status.FINISHED)
        finished_shown, started_shown = shown(finished), shown(started)

        def text(suppression: Suppression, key: str) -> str:
            status = suppression.status(key)
            if status == "shown":
                return str(suppression.counts[key])
            return hidden if status == "merged" else too_few % {"minimum": minimum}

        rows = []
        for code in codes:
            key = str(code)
            done_ok = finished_shown.status(key) == "shown"
            rows.append(
                StratumRate(
                    variable=variable,
                    code=code,
                    label=_code_label(variable, code, lang, municipalities),
                    invited=invited[code],
                    delivered=delivered[code],
                    started_text=text(started_shown, key),
                    finished_text=text(finished_shown, key),
                    rate_text=percent % {"rate": round(100 * finished[key] / invited[code])}
                    if done_ok
                    else "",
                    low=finished[key] < threshold * invited[code],
                )
            )
        strata[variable] = rows
    total = len(units)
    total_delivered = sum(1 for _b, _s, d in units if d)
    total_started = sum(1 for _b, s, _d in units if s in started_statuses)
    total_finished = sum(1 for _b, s, _d in units if s == Status.FINISHED)
    finished_ok = total_finished >= minimum
    return EditionRate(
        minimum=minimum,
        threshold=threshold,
        invited=total,
        delivered=total_delivered,
        started_text=str(total_started)
        if total_started >= minimum
        else too_few % {"minimum": minimum},
        finished_text=str(total_finished) if finished_ok else too_few % {"minimum": minimum},
        rate_text=percent % {"rate": round(100 * total_finished / total)}
        if finished_ok and total
        else "",
        strata=strata,
    )


def strata_names() -> dict[str, str]:
    """The name of each stratum variable in the active language."""
    names = breakdown_names()
    return {
        "sektor": names.get("sektor", _("Sector")),
        "enhetstype": names.get("enhetstype", _("Unit type")),
        "landsdel": names.get("landsdel", _("Region")),
        "storrelse": names.get("storrelse", _("Municipality size")),
        "kommunenr": _("Municipality"),
    }


def edition_fieldwork_of(edition: Edition) -> Fieldwork | None:
    return Fieldwork.objects.filter(edition=edition).first()
