"""Writes of projects, parties and rounds. Every write is one transaction."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samson.accounts.models import Invitation, Membership, Organisation, User
from samson.accounts.services import invitation_create
from samson.audit.services import audit_record
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_version_get

from .codes import join_code_new
from .models import Party, Project, ProjectFacilitator, Round
from .selectors import minimum_group_size
from .signals import round_created


class RoundStateError(Exception):
    """A round cannot move from its state to the one asked for."""


class ProjectError(Exception):
    """A change to a project that cannot be made; the message says why, for the user."""


def _party_names(
    organisation: Organisation, presets: Sequence[str], names: Sequence[str]
) -> list[tuple[str, str]]:
    """(name, preset) pairs in order, presets first, without blank or repeated names."""
    labels = dict(Party.Preset.choices)
    # Preset parties are named in the organisation's written standard (målform).
    with translation.override(organisation.written_standard):
        wanted = [(str(labels[preset]), preset) for preset in presets]
    wanted += [(name.strip(), "") for name in names if name.strip()]
    seen: set[str] = set()
    unique = []
    for name, preset in wanted:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append((name, preset))
    return unique


@transaction.atomic
def project_create(
    *,
    owner: User,
    organisation: Organisation,
    title: str,
    description: str = "",
    instrument_key: str = "samson",
    min_group_size: int | None = None,
    party_presets: Sequence[str] = (),
    party_names: Sequence[str] = (),
) -> Project:
    """Create a project with its parties; the creator becomes its facilitator."""
    floor = minimum_group_size()
    project = Project.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        instrument_key=instrument_key,
        min_group_size=max(min_group_size or floor, floor),
    )
    ProjectFacilitator.objects.create(
        project=project, user=owner, role=ProjectFacilitator.Role.OWNER
    )
    wanted = _party_names(organisation, party_presets, party_names)
    for position, (name, preset) in enumerate(wanted):
        Party.objects.create(project=project, name=name, preset=preset, position=position)
    audit_record(action="project.create", target=project, actor=owner)
    return project


@transaction.atomic
def project_parties_set(
    *, project: Project, party_presets: Sequence[str], party_names: Sequence[str]
) -> list[Party]:
    """Make the project's parties exactly these presets and free names, in this order.

    Parties kept keep their answers; new ones are added. A party that has answers cannot be
    removed: ProjectError names it and nothing changes.
    """
    wanted = _party_names(project.organisation, party_presets, party_names)
    existing = list(Party.objects.select_for_update().filter(project=project))
    by_preset = {party.preset: party for party in existing if party.preset}
    by_name = {party.name.casefold(): party for party in existing}
    kept: list[Party | None] = []
    for name, preset in wanted:
        # A preset is found by its kind (its name depends on the målform); a free name that
        # is already some party's name is that party.
        party = by_preset.get(preset) if preset else by_name.get(name.casefold())
        kept.append(party)
    keep_pks = {party.pk for party in kept if party is not None}
    removed = [party for party in existing if party.pk not in keep_pks]
    in_use = [party.name for party in removed if party.responses.exists()]
    if in_use:
        raise ProjectError(
            _("These parties already have answers and cannot be removed: %(parties)s.")
            % {"parties": ", ".join(in_use)}
        )
    Party.objects.filter(pk__in=[party.pk for party in removed]).delete()
    parties = []
    for position, ((name, preset), found) in enumerate(zip(wanted, kept, strict=True)):
        if found is None:
            found = Party.objects.create(
                project=project, name=name, preset=preset, position=position
            )
        elif found.position != position:
            found.position = position
            found.save(update_fields=["position"])
        parties.append(found)
    audit_record(action="project.parties_set", target=project, details={"parties": len(parties)})
    return parties


@transaction.atomic
def facilitator_invite(
    *, project: Project, email: str, invited_by: User, site_url: str
) -> Invitation:
    """E-mail an invitation to co-facilitate the project (and join its organisation).

    Raises ProjectError if that person already facilitates the project.
    """
    email = email.strip().lower()
    if ProjectFacilitator.objects.filter(project=project, user__email__iexact=email).exists():
        raise ProjectError(
            _("%(email)s is already a facilitator of this project.") % {"email": email}
        )
    invitation, _token = invitation_create(
        email=email,
        organisation=project.organisation,
        project=project,
        role=Membership.Role.FACILITATOR,
        invited_by=invited_by,
        site_url=site_url,
    )
    audit_record(
        action="project.facilitator_invite", target=project, details={"invitation": invitation.pk}
    )
    return invitation


@transaction.atomic
def round_create(
    *, project: Project, label: str, version: InstrumentVersion | None = None
) -> Round:
    """A draft round pinned to `version`, by default the newest of the project's instrument."""
    version = version or instrument_version_get(key=project.instrument_key)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                created = Round.objects.create(
                    project=project,
                    label=label.strip(),
                    instrument_version=version,
                    join_code=join_code_new(),
                )
        except IntegrityError:  # the one-in-billions join code collision: draw again
            continue
        audit_record(action="round.create", target=created, details={"project": project.pk})
        round_created.send(sender=Round, round=created)
        return created
    raise RuntimeError("could not draw a unique join code")


_TRANSITIONS = {
    (Round.State.DRAFT, Round.State.OPEN),
    (Round.State.OPEN, Round.State.CLOSED),
}


def round_results_released(round: Round) -> bool:
    """Whether anything of the round's results has reached people beyond the facilitators:
    a workshop step shown, a follow-up published, or a free-text answer released. Answers
    taken after that would change what people were shown, so the round can no longer reopen."""
    return bool(
        round.revealed > Round.Reveal.NOTHING
        or round.follow_up_published_at is not None
        # Through the reverse relations: projects does not import responses.
        or Round.objects.filter(pk=round.pk, responses__answers__released_at__isnull=False).exists()
    )


@transaction.atomic
def round_transition(*, round: Round, to: str, reopen: bool = False) -> Round:
    """draft → open → closed, and nothing else; with `reopen`, closed → open again while no
    results have been released (`round_results_released`). Raises RoundStateError."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    reopening = reopen and (locked.state, to) == (Round.State.CLOSED, Round.State.OPEN)
    if reopen and not reopening:
        raise RoundStateError(
            _("Only a closed round can be reopened. This round is %(state)s.")
            % {"state": locked.get_state_display()}
        )
    if not reopening and (locked.state, to) not in _TRANSITIONS:
        if to == Round.State.OPEN:
            message = _("Only a draft round can be opened. This round is %(state)s.")
        elif to == Round.State.CLOSED:
            message = _("Only an open round can be closed. This round is %(state)s.")
        else:
            message = _("A round can only be opened or closed.")
        raise RoundStateError(message % {"state": locked.get_state_display()})
    if reopening and round_results_released(locked):
        raise RoundStateError(
            _(
                "This round cannot be reopened: its results have already been shown (in the "
                "workshop view, a published follow-up or released free text)."
            )
        )
    locked.state = to
    if reopening:
        locked.closed_at = None
    elif to == Round.State.OPEN:
        locked.opened_at = timezone.now()
    else:
        locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "opened_at", "closed_at"])
    audit_record(
        action="round.transition",
        target=locked,
        details={"to": to, "reopened": True} if reopening else {"to": to},
    )
    return locked


def round_open(*, round: Round) -> Round:
    """Open a draft round for answers. Raises RoundStateError for any other state."""
    return round_transition(round=round, to=Round.State.OPEN)


def round_reopen(*, round: Round) -> Round:
    """Open a closed round again, while none of its results has been released.
    Raises RoundStateError otherwise."""
    return round_transition(round=round, to=Round.State.OPEN, reopen=True)


def round_close(*, round: Round) -> Round:
    """Close an open round. Raises RoundStateError for any other state."""
    return round_transition(round=round, to=Round.State.CLOSED)


@transaction.atomic
def round_follow_up_publish(*, round: Round, text: str) -> Round:
    """Publish "what we did with your input" on the project's public page."""
    round.follow_up = text.strip()
    round.follow_up_published_at = timezone.now() if round.follow_up else None
    round.save(update_fields=["follow_up", "follow_up_published_at"])
    audit_record(
        action="round.follow_up_publish", target=round, details={"published": bool(round.follow_up)}
    )
    return round


@transaction.atomic
def round_reveal(*, round: Round, step: int) -> Round:
    """Set how far the workshop view shows the results (0 nothing … 4 typology)."""
    round.revealed = min(max(step, Round.Reveal.NOTHING), Round.Reveal.TYPOLOGY)
    round.save(update_fields=["revealed"])
    audit_record(action="round.reveal", target=round, details={"step": round.revealed})
    return round
