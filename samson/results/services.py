"""Writes for results: releasing free text, and stepping through the workshop reveal."""

from django.db import transaction
from django.utils import timezone

from samson.audit.services import audit_record
from samson.projects.models import Round
from samson.projects.services import round_reveal
from samson.responses.models import Answer


@transaction.atomic
def free_text_release(*, answer: Answer, release: bool) -> Answer:
    """Release a free-text answer to the project's public page, or withdraw it again."""
    locked = Answer.objects.select_for_update().get(pk=answer.pk)
    if release and locked.released_at is None:
        locked.released_at = timezone.now()
    elif not release:
        locked.released_at = None
    locked.save(update_fields=["released_at"])
    # The round, not the answer, is the object: the entry must not name or quote the text.
    audit_record(
        action="free_text.release" if release else "free_text.withdraw",
        target=locked.response.round or locked.response,
        details={"answer": locked.pk},
    )
    return locked


@transaction.atomic
def round_reveal_step(*, round: Round, forward: bool) -> Round:
    """Move the workshop view one step on (or back), within 0 nothing .. 4 typology."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    return round_reveal(round=locked, step=locked.revealed + (1 if forward else -1))
