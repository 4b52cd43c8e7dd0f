"""Writes of projects, parties and rounds. Every write is one transaction."""

from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samson.accounts.models import Organisation, User
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_version_get

from .codes import join_code_new
from .models import Party, Project, ProjectFacilitator, Round


class RoundStateError(Exception):
    """A round cannot move from its state to the one asked for."""


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
    floor = settings.SAMSON_MIN_GROUP_SIZE
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
    labels = dict(Party.Preset.choices)
    # Preset parties are named in the organisation's written standard (målform).
    with translation.override(organisation.written_standard):
        names = [(str(labels[preset]), preset) for preset in party_presets]
    names += [(name.strip(), "") for name in party_names if name.strip()]
    seen: set[str] = set()
    for position, (name, preset) in enumerate(names):
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        Party.objects.create(project=project, name=name, preset=preset, position=position)
    return project


@transaction.atomic
def round_create(
    *, project: Project, label: str, version: InstrumentVersion | None = None
) -> Round:
    """A draft round pinned to `version`, by default the newest of the project's instrument."""
    version = version or instrument_version_get(key=project.instrument_key)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Round.objects.create(
                    project=project,
                    label=label,
                    instrument_version=version,
                    join_code=join_code_new(),
                )
        except IntegrityError:  # the one-in-billions join code collision: draw again
            continue
    raise RuntimeError("could not draw a unique join code")


_TRANSITIONS = {
    (Round.State.DRAFT, Round.State.OPEN),
    (Round.State.OPEN, Round.State.CLOSED),
}


@transaction.atomic
def round_transition(*, round: Round, to: str) -> Round:
    """draft → open → closed, and nothing else. Raises RoundStateError."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if (locked.state, to) not in _TRANSITIONS:
        if to == Round.State.OPEN:
            message = _("Only a draft round can be opened. This round is %(state)s.")
        elif to == Round.State.CLOSED:
            message = _("Only an open round can be closed. This round is %(state)s.")
        else:
            message = _("A round can only be opened or closed.")
        raise RoundStateError(message % {"state": locked.get_state_display()})
    locked.state = to
    if to == Round.State.OPEN:
        locked.opened_at = timezone.now()
    else:
        locked.closed_at = timezone.now()
    locked.save(update_fields=["state", "opened_at", "closed_at"])
    return locked


@transaction.atomic
def round_follow_up_publish(*, round: Round, text: str) -> Round:
    """Publish "what we did with your input" on the project's public page."""
    round.follow_up = text.strip()
    round.follow_up_published_at = timezone.now() if round.follow_up else None
    round.save(update_fields=["follow_up", "follow_up_published_at"])
    return round


@transaction.atomic
def round_reveal(*, round: Round, step: int) -> Round:
    """Set how far the workshop view shows the results (0 nothing … 4 typology)."""
    round.revealed = min(max(step, Round.Reveal.NOTHING), Round.Reveal.TYPOLOGY)
    round.save(update_fields=["revealed"])
    return round
