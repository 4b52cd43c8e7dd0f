"""The low-response warning the barometer's estimates page shows (the barometer cannot import
fieldwork, which sits above it; its template loads this tag instead)."""

from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samson.barometer.models import Edition

from .. import selectors

register = template.Library()


@register.inclusion_tag("fieldwork/includes/low_rate.html")
def low_response_warning(edition: Edition) -> dict[str, Any]:
    """The strata of the frame (not the municipalities) whose finished share of invited units
    is below SAMSON_FIELDWORK_LOW_RATE; nothing when the edition sent no invitations."""
    fieldwork = selectors.edition_fieldwork_of(edition)
    if fieldwork is None:
        return {"low": []}
    rate = selectors.edition_rate(
        fieldwork,
        lang=get_language(),
        too_few=_("fewer than %(minimum)s"),
        hidden=_("Hidden"),
        percent="%(rate)s",
    )
    names = selectors.strata_names()
    return {
        "edition": edition,
        "low": rate.low_strata(names),
        "threshold_percent": round(100 * rate.threshold),
    }
