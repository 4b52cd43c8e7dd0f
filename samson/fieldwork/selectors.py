"""Reads of fieldwork: a round's mode, its list, its outbox and its response rate."""

from dataclasses import dataclass

from django.db.models import Count, Q

from samson.groupscores.suppression import Suppression, shown_groups
from samson.projects.models import Round
from samson.projects.selectors import minimum_group_size
from samson.responses.tokens import token_hash

from . import links
from .models import Fieldwork, Invitee, OutboxMessage


def fieldwork_of(round: Round) -> Fieldwork | None:
    return Fieldwork.objects.filter(round=round).first()


def round_mode(round: Round) -> str:
    """How participants join the round: a round without fieldwork uses its join code."""
    fieldwork = fieldwork_of(round)
    return fieldwork.mode if fieldwork is not None else Fieldwork.Mode.OPEN


def join_code_allowed(round: Round) -> bool:
    return round_mode(round) != Fieldwork.Mode.INVITED


def invitee_by_link(token: str) -> Invitee | None:
    if not links.link_possible(token):
        return None
    return (
        Invitee.objects.select_related("fieldwork__round__project", "party")
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    sent: int
    failed: int
    opted_out: int


def outbox_counts(fieldwork: Fieldwork) -> OutboxCounts:
    State = OutboxMessage.State
    counts = OutboxMessage.objects.filter(invitee__fieldwork=fieldwork).aggregate(
        queued=Count("pk", filter=Q(state__in=(State.QUEUED, State.SENDING))),
        sent=Count("pk", filter=Q(state=State.SENT)),
        failed=Count("pk", filter=Q(state__in=(State.FAILED, State.BOUNCED))),
        opted_out=Count("pk", filter=Q(state=State.OPTED_OUT)),
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
