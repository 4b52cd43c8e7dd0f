"""Every report and export URL × every role: anonymous → log-in, another organisation → 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samson.projects import services
from samson.responses.services import response_complete, response_start

ROLES = ["anonymous", "owner_a", "co_a", "owner_b", "admin"]
LOGIN = "login"
EXPECTED = [LOGIN, 200, 200, 404, 200]

# Rendering a PDF takes seconds: the PDF routes (the same views as the HTML ones, with a PDF
# renderer) are checked in `make test`, not in `make test-fast`.
PDF = pytest.mark.slow
ROUND_URLS = [
    ("reports:round", {}),
    pytest.param("reports:round_pdf", {}, marks=PDF),
    ("reports:round_export", {}),
    ("reports:round_export_file", {"fmt": "csv"}),
    ("reports:round_export_file", {"fmt": "kodebok"}),
    ("reports:round_export_file", {"fmt": "xlsx"}),
    ("reports:round_export_file", {"fmt": "sav"}),
    ("reports:round_export_file", {"fmt": "datapakke"}),
]
PROJECT_URLS = [
    ("reports:project_export", {}),
    ("reports:project_export_file", {"fmt": "csv"}),
    ("reports:project_export_file", {"fmt": "datapakke"}),
    ("reports:comparison", {}),
    pytest.param("reports:comparison_pdf", {}, marks=PDF),
]


def _check(client, world, role_index, url):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(world[role])
    reply = client.get(url)
    want = EXPECTED[role_index]
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert reply.status_code == want


@pytest.mark.parametrize(("name", "extra"), ROUND_URLS)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_round_urls(client, world, name, extra, role_index):
    round = world["round_a"]
    url = reverse(name, kwargs={"project_pk": round.project_id, "round_pk": round.pk, **extra})
    _check(client, world, role_index, url)


@pytest.mark.parametrize(("name", "extra"), PROJECT_URLS)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_project_urls(client, world, name, extra, role_index):
    project = world["project_a"]
    later = services.round_create(project=project, label="Underveis")
    query = f"?a={world['round_a'].pk}&b={later.pk}" if "comparison" in name else ""
    url = reverse(name, kwargs={"project_pk": project.pk, **extra}) + query
    _check(client, world, role_index, url)


@pytest.mark.parametrize(("name", "extra"), ROUND_URLS)
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
