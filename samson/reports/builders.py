"""Report builders: one per result type, each assembling a plain dataclass (data.py).

They reuse the presenters of the pages (samson.results.presenters, samson.responses.presenters),
so a report shows exactly the numbers and the suppression the facilitator sees on screen.

The barometer edition (issue 5, point 1) is not built yet: it will get its own builder here,
`barometer_report(edition, lang)`, filling a `BarometerReport` from samson.barometer's estimates,
and reuse the same HTML/PDF renderers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samson.projects.models import Project, Round
from samson.responses.models import Response
from samson.responses.presenters import result_view
from samson.results import presenters as results_presenters

from .data import ComparisonReport, DialogueTopic, ReportMeta, RoundReport, SoloReport


def _today() -> datetime.date:
    return timezone.localdate()


def report_meta(kind: Any, title: str, lang: str, project: Project | None = None) -> ReportMeta:
    return ReportMeta(
        kind=kind,
        title=title,
        language=lang,
        created=_today(),
        project=project.title if project else "",
        organisation=str(project.organisation) if project else "",
    )


def _summary(results: dict[str, Any]) -> tuple[str, ...]:
    counts = results["counts"]
    lines = [_("Finished answers: %(total)s.") % {"total": counts["total_text"]}]
    if not results["shown"]:
        lines.append(
            _(
                "This round has fewer than %(minimum)s finished answers, so no results are "
                "shown yet."
            )
            % {"minimum": results["minimum"]}
        )
        return tuple(lines)
    total = results["total"]
    lines.append(
        _("Overall score for all participants: %(score)s of 100.")
        % {"score": total["overall_text"]}
    )
    level = total["maturity"]["level"]
    if level:
        lines.append(_("Maturity level: %(level)s.") % {"level": level["label"]})
    lines.append(
        _("Parties shown on their own: %(shown)s of %(parties)s (minimum group size %(minimum)s).")
        % {
            "shown": len(results["parties"]),
            "parties": len(counts["rows"]),
            "minimum": results["minimum"],
        }
    )
    places = len(results["disagreements"]) + len(results["typology_disagreements"])
    if places:
        lines.append(
            _("Places where the parties see it differently: %(places)s.") % {"places": places}
        )
    elif len(results["parties"]) >= 2:
        lines.append(_("The parties see the project much the same way."))
    return tuple(lines)


def _dialogue(results: dict[str, Any]) -> tuple[DialogueTopic, ...]:
    """The disagreements first, then the weakest places of all participants together."""
    if not results["shown"]:
        return ()
    topics = [
        DialogueTopic(
            title=spot["title"],
            reason=_("The parties' scores lie %(points)s points apart.")
            % {"points": spot["range"]},
            questions=tuple(spot["dialogue"]),
        )
        for spot in results["disagreements"]
        if spot["dialogue"]
    ]
    for cell in results["total"]["weakest_cells"]:
        topics.append(
            DialogueTopic(
                title=f"{cell['value_label']} – {cell['field_label']}",
                reason=_("One of the weakest places for all participants: %(score)s points.")
                % {"score": results_presenters.points(cell["score"])},
                questions=tuple(cell["dialogue"]),
            )
        )
    return tuple(topics)


def round_report(round: Round, lang: str) -> RoundReport:
    """The workshop report of one round, with the results page's numbers and suppression."""
    project = round.project
    results = results_presenters.round_results(round, lang)
    published = round.follow_up_published_at
    return RoundReport(
        meta=report_meta(
            "round",
            _("Results of %(round)s") % {"round": round.label},
            lang,
            project,
        ),
        round_label=round.label,
        round_state=str(round.get_state_display()),
        summary=_summary(results),
        results=results,
        dialogue=_dialogue(results),
        follow_up=round.follow_up.strip(),
        follow_up_published=timezone.localdate(published) if published else None,
    )


def solo_report(response: Response, lang: str) -> SoloReport:
    """One solo assessment, as its result page shows it."""
    return SoloReport(
        meta=report_meta("solo", _("Your co-creation profile"), lang),
        result=result_view(response, lang),
    )


def comparison_report(
    project: Project, round_a: Round, round_b: Round, lang: str
) -> ComparisonReport:
    """Round a against round b, as the comparison page shows them."""
    return ComparisonReport(
        meta=report_meta(
            "comparison",
            _("From %(a)s to %(b)s") % {"a": round_a.label, "b": round_b.label},
            lang,
            project,
        ),
        round_a=round_a.label,
        round_b=round_b.label,
        comparison=results_presenters.comparison(project, round_a, round_b, lang),
    )
