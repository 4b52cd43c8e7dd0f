"""Reads of the reports app: which data a stored edition PDF was made from."""

from __future__ import annotations

import hashlib
import json

from django.db.models import Count, Max, Sum

from samson.barometer.models import Edition
from samson.barometer.presenters import breakdown_names
from samson.projects.selectors import minimum_group_size

from .models import EditionPdf

# Raised when the PDF's layout or contents change, so that files made before are made anew.
PDF_FORMAT = 1


def edition_data_version(edition: Edition) -> str:
    """A key that changes whenever anything the edition's report shows may have changed.

    Respondents and population cells are only ever added or deleted (an import, an answer, a
    new frame), never changed in place, so their number, largest id and sum of ids change with
    every write; the edition's own fields, the site's minimum group size and the PDF format
    make up the rest."""
    edition = Edition.objects.select_related("organisation").get(pk=edition.pk)
    respondents = edition.respondents.aggregate(n=Count("pk"), top=Max("pk"), total=Sum("pk"))
    cells = edition.population_cells.aggregate(
        n=Count("pk"), top=Max("pk"), total=Sum("pk"), units=Sum("count")
    )
    parts = {
        "format": PDF_FORMAT,
        "edition": [
            edition.title,
            edition.year,
            edition.population,
            edition.sectors,
            edition.synthetic,
            edition.instrument_version_id,
            edition.organisation.name,
        ],
        "respondents": respondents,
        "cells": cells,
        "minimum": minimum_group_size(),
    }
    encoded = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def pdf_breakdown(value: str | None) -> str:
    """The breakdown a PDF is asked for: a known background variable, or "" for none."""
    return value if value in breakdown_names() else ""


def edition_pdf_current(edition: Edition, language: str, by: str) -> EditionPdf | None:
    """The edition's PDF in this language and breakdown, if one is made or under way for the
    edition's current data (a stale one is not returned)."""
    return (
        EditionPdf.objects.defer("content")
        .filter(
            edition=edition,
            language=language,
            by=by,
            data_version=edition_data_version(edition),
        )
        .first()
    )
