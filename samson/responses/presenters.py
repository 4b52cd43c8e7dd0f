"""View models for the answering flow and the result page: plain dicts for templates."""

from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samson import charts
from samson.instrument_spec import Page
from samson.instruments.selectors import instrument_spec
from samson.scoring import score

from .models import Response
from .selectors import response_answers


def page_view(page: Page, lang: str) -> dict[str, Any]:
    return {
        "id": page.id,
        "title": page.title.get(lang),
        "intro": page.intro.get(lang) if page.intro else "",
    }


def result_view(response: Response, lang: str) -> dict[str, Any]:
    """The scored profile of one response with its charts and their data tables."""
    instrument = instrument_spec(response.instrument_version)
    result = score(instrument, response_answers(response)).to_dict(lang=lang)
    values, fields = result["values"], result["fields"]
    by_cell = {(cell["value"], cell["field"]): cell["score"] for cell in result["cells"]}
    grid = [[by_cell[(value["id"], field["id"])] for field in fields] for value in values]
    result["heatmap_rows"] = [
        {"label": value["label"], "scores": row, "score": value["score"]}
        for value, row in zip(values, grid, strict=True)
    ]
    result["heatmap_svg"] = mark_safe(  # noqa: S308 - charts escapes every text it prints
        charts.heatmap(
            _("Scores per value and field of action"),
            _(
                "A grid with the four values as rows and the four fields of action as columns. "
                "Each cell shows a score from 0 to 100; a dash means no answer."
            ),
            [value["label"] for value in values],
            [field["label"] for field in fields],
            grid,
            chart_id="heatmap",
            missing_label=_("No answer"),
        )
    )
    result["values_svg"] = mark_safe(  # noqa: S308
        charts.bar_chart(
            _("Scores per value"),
            _("One bar per value of co-creation, on a scale from 0 to 100."),
            [value["label"] for value in values],
            [value["score"] for value in values],
            chart_id="values",
        )
    )
    result["measured"] = {
        "factors": any(entry["items"] for entry in result["barriers"] + result["drivers"]),
        "challenges": any(entry["items"] for entry in result["challenges"]),
    }
    return result
