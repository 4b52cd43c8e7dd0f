"""Every report (HTML and PDF) and every export download says Cache-Control: no-store.

The URLs are read from the URLconf, so a report or export added later without the header, or
without a line here, fails this test.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from samson.barometer import urls as barometer_urls
from samson.instruments.selectors import instrument_version_get
from samson.projects import services
from samson.reports import urls, urls_barometer, urls_solo
from samson.reports.services import edition_pdf_render, edition_pdf_request
from samson.reports.views import FORMATS
from samson.responses.services import response_complete, response_start
from samson.testing.barometer import small_edition
from samson.testing.rounds import answer, grid_answers, parties_of, spec

BAROMETER_FILES = [
    ("kodebok", "md"),
    ("estimater", "csv"),
    ("estimater", "xlsx"),
    ("mikrodata", "csv"),
    ("mikrodata", "xlsx"),
    ("mikrodata", "sav"),
]


def _names(module, namespace: str) -> set[str]:
    return {
        f"{namespace}:{pattern.name}"
        for pattern in module.urlpatterns
        if isinstance(pattern, URLPattern)
    }


@pytest.mark.slow  # fetches every report, PDF and export
def test_every_report_and_export_is_no_store(
    client, world, four_parties, monkeypatch, django_capture_on_commit_callbacks
):
    # The header does not depend on the PDF's content, and rendering four PDFs would take
    # 15 s; test_reports.py and test_edition_report.py render them for real.
    monkeypatch.setattr("samson.reports.views.render_pdf", lambda *args: b"%PDF-1.7 stand-in")
    monkeypatch.setattr("samson.reports.services.render_pdf", lambda *args: b"%PDF-1.7 stand-in")
    project = four_parties.project
    later = services.round_create(project=project, label="Underveis")
    answer(later, parties_of(later)["kommunen"], grid_answers(spec(later)), 5)
    version = instrument_version_get(key="samson-kort")
    solo, token = response_start(instrument_version=version, language="nb")
    response_complete(response=solo)
    edition = small_edition(frame=False)
    with django_capture_on_commit_callbacks(execute=False):
        pdf = edition_pdf_request(edition=edition, language="nb", by="")
    edition_pdf_render(pk=pdf.pk, attempt=pdf.attempt)

    round_kwargs = {"project_pk": project.pk, "round_pk": four_parties.pk}
    project_kwargs = {"project_pk": project.pk}
    compare = f"?a={four_parties.pk}&b={later.pk}"
    urls_by_name: dict[str, list[str]] = {
        "reports:round": [reverse("reports:round", kwargs=round_kwargs)],
        "reports:round_pdf": [reverse("reports:round_pdf", kwargs=round_kwargs)],
        "reports:comparison": [reverse("reports:comparison", kwargs=project_kwargs) + compare],
        "reports:comparison_pdf": [
            reverse("reports:comparison_pdf", kwargs=project_kwargs) + compare
        ],
        "reports:round_export": [reverse("reports:round_export", kwargs=round_kwargs)],
        "reports:round_export_file": [
            reverse("reports:round_export_file", kwargs={**round_kwargs, "fmt": fmt})
            + "?free_text=on"
            for fmt in FORMATS
        ],
        "reports:project_export": [reverse("reports:project_export", kwargs=project_kwargs)],
        "reports:project_export_file": [
            reverse("reports:project_export_file", kwargs={**project_kwargs, "fmt": fmt})
            for fmt in FORMATS
        ],
        "solo_reports:report": [reverse("solo_reports:report", kwargs={"token": token})],
        "solo_reports:report_pdf": [reverse("solo_reports:report_pdf", kwargs={"token": token})],
        "barometer_reports:report": [reverse("barometer_reports:report", args=[edition.pk])],
        "barometer_reports:report_pdf": [
            reverse("barometer_reports:report_pdf", args=[edition.pk])
        ],
        "barometer_reports:report_pdf_file": [
            reverse("barometer_reports:report_pdf_file", args=[edition.pk])
        ],
        "barometer_reports:datapackage": [
            reverse("barometer_reports:datapackage", args=[edition.pk])
        ],
        "barometer_reports:report_pdf_old": [
            reverse("barometer_reports:report_pdf_old", args=[edition.pk])
        ],
        "barometer:export": [
            reverse("barometer:export", args=[edition.pk, what, fmt])
            for what, fmt in BAROMETER_FILES
        ],
    }
    every = (
        _names(urls, "reports")
        | _names(urls_solo, "solo_reports")
        | _names(urls_barometer, "barometer_reports")
        | {name for name in _names(barometer_urls, "barometer") if "export" in name}
    )
    assert set(urls_by_name) == every

    client.force_login(world["admin"])  # may see every project and every edition
    checked = []
    for name, addresses in urls_by_name.items():
        for address in addresses:
            reply = client.get(address)
            # The PDF's old address leads to its page.
            assert reply.status_code == (302 if name.endswith("_old") else 200), address
            directives = [part.strip() for part in reply["Cache-Control"].split(",")]
            assert "no-store" in directives, (address, reply["Cache-Control"])
            assert "private" in directives
            checked.append(name)
    assert len(checked) == 13 + 2 * len(FORMATS) + len(BAROMETER_FILES)
