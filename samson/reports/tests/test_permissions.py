"""Every report and export URL × every role: anonymous → log-in, another organisation → 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samson.projects import services
from samson.responses.services import response_complete, response_start
from samson.testing.permissions import LOGIN, Cell, Expected, Row, assert_cell, cells, log_in

EXPECTED: list[Expected] = [LOGIN, 200, 200, 404, 200]  # anonymous, owner_a, co_a, owner_b, admin

# Rendering a PDF takes seconds: the PDF routes (the same views as the HTML ones, with a PDF
# renderer) are checked in `make test`, not in `make test-fast`.
PDF = [pytest.mark.slow]
ROUND_URLS = [
    Row("reports:round", "get", EXPECTED),
    Row("reports:round_pdf", "get", EXPECTED, marks=PDF),
    Row("reports:round_export", "get", EXPECTED),
    *(
        Row("reports:round_export_file", "get", EXPECTED, {"fmt": fmt})
        for fmt in ("csv", "kodebok", "xlsx", "sav", "datapakke")
    ),
]
PROJECT_URLS = [
    Row("reports:project_export", "get", EXPECTED),
    Row("reports:project_export_file", "get", EXPECTED, {"fmt": "csv"}),
    Row("reports:project_export_file", "get", EXPECTED, {"fmt": "datapakke"}),
    Row("reports:comparison", "get", EXPECTED),
    Row("reports:comparison_pdf", "get", EXPECTED, marks=PDF),
]


@pytest.mark.parametrize("cell", cells(ROUND_URLS))
def test_round_urls(client, world, cell: Cell):
    round = world["round_a"]
    kwargs = {"project_pk": round.project_id, "round_pk": round.pk, **cell.row.kwargs}
    url = reverse(cell.row.name, kwargs=kwargs)
    log_in(client, world, cell.role)
    assert_cell(cell, lambda: client.get(url), url=url)


@pytest.mark.parametrize("cell", cells(PROJECT_URLS))
def test_project_urls(client, world, cell: Cell):
    project = world["project_a"]
    later = services.round_create(project=project, label="Underveis")
    query = f"?a={world['round_a'].pk}&b={later.pk}" if "comparison" in cell.row.name else ""
    url = reverse(cell.row.name, kwargs={"project_pk": project.pk, **cell.row.kwargs}) + query
    log_in(client, world, cell.role)
    assert_cell(cell, lambda: client.get(url), url=url)


@pytest.mark.parametrize(
    ("name", "extra"), [pytest.param(row.name, row.kwargs, marks=row.marks) for row in ROUND_URLS]
)
def test_a_round_of_another_project_is_not_found(client, world, name, extra):
    client.force_login(world["owner_a"])
    url = reverse(
        name,
        kwargs={"project_pk": world["project_a"].pk, "round_pk": world["round_b"].pk, **extra},
    )
    assert client.get(url).status_code == 404


def test_reports_and_exports_only_answer_get(client, world):
    client.force_login(world["owner_a"])
    round = world["round_a"]
    kwargs = {"project_pk": round.project_id, "round_pk": round.pk}
    assert client.post(reverse("reports:round", kwargs=kwargs)).status_code == 405
    assert client.post(reverse("reports:round_export", kwargs=kwargs)).status_code == 405


def test_solo_report_needs_a_finished_solo_response(client, world):
    from samson.instruments.selectors import instrument_version_get

    version = instrument_version_get(key="samson-kort")
    response, token = response_start(instrument_version=version, language="nb")
    url = reverse("solo_reports:report", kwargs={"token": token})
    assert client.get(url).status_code == 404  # not finished yet
    response_complete(response=response)
    assert client.get(url).status_code == 200
    assert client.get(reverse("solo_reports:report", kwargs={"token": "ukjent"})).status_code == 404
    # A participant's response in a project round has no solo report, even with its token.
    in_round, round_token = response_start(
        instrument_version=world["round_a"].instrument_version, language="nb"
    )
    in_round.round = world["round_a"]
    in_round.party = world["round_a"].project.parties.first()
    in_round.save()
    response_complete(response=in_round)
    for name in ("solo_reports:report", "solo_reports:report_pdf"):
        assert client.get(reverse(name, kwargs={"token": round_token})).status_code == 404
