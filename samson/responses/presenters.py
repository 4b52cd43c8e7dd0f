"""View models for the answering flow and the result page: a page's heading (`PageView`), the
solo result (`SoloResult`: the scoring package's profile with its charts added), and the
heat-map grid (samson.charts.HeatmapGrid) that the results of rounds share."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samson import charts
from samson.charts import Cell, Heading, HeatmapGrid, Row
from samson.groupscores import round1
from samson.instrument_spec import Instrument, Page
from samson.instruments.selectors import instrument_spec
from samson.scoring import Result, score
from samson.scoring.profile import Profile, extended

from .models import Response
from .selectors import response_answers


@dataclass(frozen=True, slots=True)
class PageView:
    """A questionnaire page's heading in one language ("" where it has no introduction)."""

    id: str
    title: str
    intro: str


def page_view(page: Page, lang: str) -> PageView:
    return PageView(
        id=page.id,
        title=page.title.get(lang),
        intro=page.intro.get(lang) if page.intro else "",
    )


def points(value: float | None) -> str:
    """A score or a difference in points as people read it: always one decimal (44,0 beside
    47,5, as the solo result shows them), localised."""
    if value is None:
        return "–"
    rounded = round1(value) + 0  # + 0 turns -0.0 into 0.0
    return str(number_format(rounded, 1))


class Points:
    """`points` for one page: a round's page prints a few hundred scores, many of them the
    same, and Django's number_format is slow enough for that to show (bench/results). Only for
    the length of one request: the format follows the active language."""

    def __init__(self) -> None:
        self._seen: dict[float | None, str] = {}

    def __call__(self, value: float | None) -> str:
        text = self._seen.get(value)
        if text is None:
            text = self._seen[value] = points(value)
        return text


def dimension_labels(instrument: Instrument, lang: str) -> dict[tuple[str, str], str]:
    """The label of every value and field of action, by (kind, id), looked up once a page."""
    return {
        (kind, dimension.id): dimension.label.get(lang)
        for kind in ("value", "field")
        for dimension in instrument.dimensions_of(kind)
    }


def heatmap_grid(
    result: Result,
    labels: dict[tuple[str, str], str],
    *,
    title: str,
    description: str,
    caption: str,
    chart_id: str,
    table_id: str,
    number: Callable[[float | None], str] = points,
) -> HeatmapGrid:
    """The heat map of a scored result: its values as rows, its fields of action as columns,
    each cell's score as the page shows it (one decimal, half up) and as text (`number`).
    The SVG (`charts.heatmap_svg`, the `heatmap_svg` filter) and the data table
    (responses/includes/heatmap_grid.html) both print this one grid."""

    def cell(value: float | None) -> Cell:
        # The score as shown, one decimal: the SVG rounds this (not the raw mean) to a whole
        # number, as it always did; `number` of it prints the same text as of the raw mean.
        shown = None if value is None else float(round1(value))
        return Cell(value=shown, label=number(shown))

    by_cell = {(entry.value, entry.field): entry.score.score for entry in result.cells}
    columns = tuple(Heading(entry.id, labels[("field", entry.id)]) for entry in result.fields)
    rows = tuple(
        Row(
            heading=Heading(value.id, labels[("value", value.id)]),
            cells=tuple(cell(by_cell.get((value.id, column.id))) for column in columns),
            total=cell(value.score.score),
        )
        for value in result.values
    )
    return HeatmapGrid(
        rows=rows,
        columns=columns,
        column_totals=tuple(cell(entry.score.score) for entry in result.fields),
        overall=cell(result.overall.score),
        title=title,
        description=description,
        caption=caption,
        chart_id=chart_id,
        table_id=table_id,
        missing_label=_("No answer"),
    )


@dataclass(frozen=True, slots=True)
class Measured:
    """Whether the instrument asked about the factors (barriers and drivers) and challenges."""

    factors: bool
    challenges: bool


@dataclass(frozen=True, slots=True)
class SoloResult(Profile):
    """The solo result page: the profile with its heat map and its bar chart of the values."""

    heatmap: HeatmapGrid
    values_svg: str
    measured: Measured


def result_view(response: Response, lang: str) -> SoloResult:
    """The scored profile of one response with its charts and their data tables."""
    instrument = instrument_spec(response.instrument_version)
    scored = score(instrument, response_answers(response))
    profile = scored.profile(lang)
    heatmap = heatmap_grid(
        scored,
        dimension_labels(instrument, lang),
        title=_("Scores per value and field of action"),
        description=_(
            "A grid with the four values as rows and the four fields of action as columns. "
            "Each cell shows a score from 0 to 100; a dash means no answer."
        ),
        caption=_("Scores per value (rows) and field of action (columns)"),
        chart_id="heatmap",
        table_id="heatmap-table-caption",
    )
    values_svg = mark_safe(  # noqa: S308 - charts escapes every text it prints
        charts.bar_chart(
            _("Scores per value"),
            _("One bar per value of co-creation, on a scale from 0 to 100."),
            [value.label or value.id for value in profile.values],
            [value.score for value in profile.values],
            chart_id="values",
        )
    )
    return extended(
        profile,
        SoloResult,
        heatmap=heatmap,
        values_svg=values_svg,
        measured=Measured(
            factors=any(entry.items for entry in profile.barriers + profile.drivers),
            challenges=any(entry.items for entry in profile.challenges),
        ),
    )
