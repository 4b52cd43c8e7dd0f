"""Report builders: one per result type, each assembling a plain dataclass (data.py).

They reuse the presenters of the pages (samson.results.presenters, samson.responses.presenters,
samson.barometer.presenters), so a report shows exactly the numbers and the suppression the
facilitator or analyst sees on screen.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samson.barometer import presenters as barometer_presenters
from samson.barometer import selectors as barometer_selectors
from samson.barometer.models import Edition
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Response
from samson.responses.presenters import points, result_view
from samson.results import presenters as results_presenters

from .data import (
    BarometerReport,
    ComparisonReport,
    DialogueTopic,
    IndicatorEstimate,
    PublishedFigure,
    ReportMeta,
    RoundReport,
    SoloReport,
    ThemeEstimates,
)


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


def _summary(results: results_presenters.RoundResults) -> tuple[str, ...]:
    counts = results.counts
    lines = [_("Finished answers: %(total)s.") % {"total": counts.total_text}]
    if results.total is None:
        lines.append(
            _(
                "This round has fewer than %(minimum)s finished answers, so no results are "
                "shown yet."
            )
            % {"minimum": results.minimum}
        )
        return tuple(lines)
    total = results.total
    lines.append(
        _("Overall score for all participants: %(score)s of 100.") % {"score": total.overall_text}
    )
    level = total.maturity.level
    if level:
        lines.append(_("Maturity level: %(level)s.") % {"level": level.label})
    lines.append(
        _("Parties shown on their own: %(shown)s of %(parties)s (minimum group size %(minimum)s).")
        % {
            "shown": len(results.parties),
            "parties": len(counts.rows),
            "minimum": results.minimum,
        }
    )
    places = len(results.disagreements) + len(results.typology_disagreements)
    if places:
        lines.append(
            _("Places where the parties see it differently: %(places)s.") % {"places": places}
        )
    elif len(results.parties) >= 2:
        lines.append(_("The parties see the project much the same way."))
    return tuple(lines)


def _dialogue(results: results_presenters.RoundResults) -> tuple[DialogueTopic, ...]:
    """The disagreements first, then the weakest places of all participants together."""
    if results.total is None:
        return ()
    topics = [
        DialogueTopic(
            title=spot.title,
            reason=_("The parties' scores lie %(points)s points apart.") % {"points": spot.range},
            questions=spot.dialogue,
        )
        for spot in results.disagreements
        if spot.dialogue
    ]
    for cell in results.total.weakest_cells:
        topics.append(
            DialogueTopic(
                title=f"{cell.value_label} – {cell.field_label}",
                reason=_("One of the weakest places for all participants: %(score)s points.")
                % {"score": points(cell.score)},
                questions=cell.dialogue,
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


def barometer_report(edition: Edition, lang: str, by: str | None = None) -> BarometerReport:
    """Every theme and indicator of an edition, as the estimates page shows them.

    `by` is a background variable to break the estimates down by; one the edition's data do not
    hold is ignored, as on the page. The numbers and the suppression are those of
    `EditionData.estimate` (computed once for all indicators), the labels, table rows and
    charts those of the estimates page's presenters.
    """
    data = barometer_selectors.EditionData(edition)
    breakdowns = data.breakdowns()
    if by not in breakdowns:
        by = None
    minimum = minimum_group_size()
    instrument = barometer_selectors.edition_instrument(edition)
    names = barometer_presenters.breakdown_names()
    survey = barometer_selectors.edition_survey(edition)
    themes = [
        (key, title, barometer_presenters.theme_indicators(key, survey))
        for key, title in barometer_presenters.theme_names(survey).items()
    ]
    results = data.estimate(
        [indicator.name for _key, _title, indicators in themes for indicator in indicators],
        by,
        minimum,
    )
    description = barometer_presenters.chart_description(by)
    sections = []
    for key, title, indicators in themes:
        blocks = []
        for indicator in indicators:
            cells = results[indicator.name]
            label = barometer_presenters.indicator_label(indicator, instrument, lang)
            rows = barometer_presenters.estimate_rows(cells, by, instrument, lang)
            blocks.append(
                IndicatorEstimate(
                    name=indicator.name,
                    label=label,
                    population=barometer_presenters.population_label(indicator),
                    cells=tuple(cells),
                    rows=rows,
                    chart=barometer_presenters.estimate_chart(
                        label, description, rows, cells, f"c-{key}-{indicator.name}"
                    ),
                    references=tuple(
                        PublishedFigure(
                            publisher=ref.publisher,
                            edition=ref.edition,
                            published=ref.published,
                            note=ref.note,
                            url=ref.url,
                        )
                        for ref in barometer_presenters.references_for(indicator.name)
                    ),
                )
            )
        sections.append(ThemeEstimates(key=key, title=title, indicators=tuple(blocks)))
    weighting = data.weighting
    return BarometerReport(
        meta=ReportMeta(
            kind="barometer",
            title=_("Report: %(edition)s (%(year)s)")
            % {"edition": edition.title, "year": edition.year},
            language=lang,
            created=_today(),
            project=edition.title,
            organisation=str(edition.organisation),
            label=_("SYNTHETIC DATA") if edition.synthetic else "",
        ),
        edition=edition.title,
        year=edition.year,
        synthetic=edition.synthetic,
        n=data.n,
        weighted=weighting.weighted,
        weighting_variables=weighting.variables,
        weighting_problem=barometer_presenters.weighting_problem(weighting),
        base_weights=weighting.base_weights,
        weighting_method=weighting.method,
        min_group_size=minimum,
        by=by,
        by_label=names[by] if by else "",
        breakdowns=tuple((name, names[name]) for name in breakdowns),
        themes=tuple(sections),
    )
