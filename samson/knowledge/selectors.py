from datetime import datetime

from samson.knowledge.load import Load, RoundDates, load_summarise
from samson.projects.models import Round


def participation_load(*, organisation_id: int, now: datetime) -> Load:
    """Rounds, published follow-ups and their delay for every project of one organisation."""
    rounds = (
        Round.objects.filter(project__organisation_id=organisation_id)
        .select_related("project")
        .order_by("pk")
    )
    return load_summarise(
        [
            RoundDates(
                project=r.project.title,
                label=r.label,
                opened_at=r.opened_at,
                closed_at=r.closed_at,
                published_at=r.follow_up_published_at if r.follow_up.strip() else None,
            )
            for r in rounds
        ],
        now,
    )
