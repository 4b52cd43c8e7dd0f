"""One minimum group size for every route that shows or exports groups.

`minimum_group_size(project)` is the largest of the project's value, the site's setting
`SAMSON_MIN_GROUP_SIZE` and the floor of 3; without a project (the barometer) the setting and
the floor. The test sets each of the three in turn to be the deciding one and reads the minimum
each route used: the pages' context, the API's answers and the export's note.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.tests.factories import OrganisationFactory
from samson.api.services import token_create
from samson.barometer import services as barometer_services
from samson.barometer.models import Edition, Respondent
from samson.projects import services
from samson.projects.models import Project, Round
from samson.projects.selectors import MIN_GROUP_SIZE_FLOOR, minimum_group_size
from samson.projects.tests.factories import facilitator, project_with_parties
from samson.responses.models import Answer, Response

EN = {"Accept-Language": "en"}

# (site setting, project's value) -> (minimum for the project, minimum without a project)
CASES = {
    "the floor decides": ((1, 3), (3, 3)),
    "the site setting decides": ((7, 3), (7, 7)),
    "the project decides": ((1, 6), (6, 3)),
}


def test_the_floor_is_three() -> None:
    assert MIN_GROUP_SIZE_FLOOR == 3


@pytest.fixture
def round_with_answers(instruments: None) -> tuple[User, Round]:
    organisation = OrganisationFactory.create()
    owner = facilitator(organisation)
    project = project_with_parties(owner, organisation, presets=("kommunen", "innbyggere"))
    round = services.round_create(project=project, label="Oppstart")
    for party, n in zip(project.parties.all(), (8, 4), strict=True):
        for number in range(n):
            response = Response.objects.create(
                instrument_version=round.instrument_version,
                round=round,
                party=party,
                token_hash=f"{party.pk:032d}{number:032d}",
                language="nb",
                completed_at=round.created_at,
            )
            Answer.objects.create(response=response, item_id="TYP-UTF", code=2)
    return owner, round


@pytest.fixture
def edition_and_analyst(instruments: None) -> tuple[User, Edition]:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    edition = barometer_services.edition_create(
        organisation=organisation, user=None, year=2025, title="Liten", sectors=[1]
    )
    Respondent.objects.bulk_create(
        Respondent(
            edition=edition,
            source=Respondent.Source.IMPORT,
            values={"enhetstype": 11, "landsdel": 1, "B1_PRODUKT": code % 2},
        )
        for code in range(10)
    )
    analyst = User.objects.create_user(username="a@example.no", email="a@example.no")
    Membership.objects.create(user=analyst, organisation=organisation, role=Membership.Role.ANALYST)
    return analyst, edition


def _api(client: Client, user: User, path: str) -> Any:
    _token, key = token_create(user=user, name="test")
    response = client.get(path, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.content
    return response.json()


def _context(client: Client, path: str, *keys: str) -> Any:
    response = client.get(path, headers=EN)
    assert response.status_code == 200, path
    value: Any = response.context
    for key in keys:
        value = value[key] if not hasattr(value, key) else getattr(value, key)
    return value


def _export_note_minimum(client: Client, project: Project, round: Round) -> int:
    """The minimum the export's note states ("every party with at least N answers")."""
    path = reverse(
        "reports:round_export_file",
        kwargs={"project_pk": project.pk, "round_pk": round.pk, "fmt": "kodebok"},
    )
    response = client.get(path, headers=EN)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = [" ".join(row) for row in csv.reader(io.StringIO(text))]
    [note] = [row for row in rows if "every party with at least" in row]
    return int(note.split("every party with at least ")[1].split()[0])


def project_routes(client: Client, owner: User, round: Round) -> dict[str, int]:
    """The minimum each project route used."""
    project = round.project
    client.force_login(owner)
    ids = {"project_pk": project.pk, "round_pk": round.pk}
    api_path = f"/api/v1/projects/{project.pk}/rounds/{round.pk}/results/"
    return {
        "project page": _context(
            client, reverse("projects:detail", kwargs={"pk": project.pk}), "minimum"
        ),
        "round page": _context(
            client,
            reverse("projects:round", kwargs={"pk": project.pk, "round_pk": round.pk}),
            "counts",
            "minimum",
        ),
        "results": _context(client, reverse("results:round", kwargs=ids), "results", "minimum"),
        "workshop": _context(client, reverse("results:workshop", kwargs=ids), "counts", "minimum"),
        "report": _context(client, reverse("reports:round", kwargs=ids), "results", "minimum"),
        "export page": _context(client, reverse("reports:round_export", kwargs=ids), "minimum"),
        "export file": _export_note_minimum(client, project, round),
        "representativeness": _context(
            client,
            reverse("background:round", kwargs={"pk": project.pk, "round_pk": round.pk}),
            "minimum",
        ),
        "api": _api(client, owner, api_path)["min_group_size"],
    }


def barometer_routes(client: Client, analyst: User, edition: Edition) -> dict[str, int]:
    """The minimum each barometer route used."""
    client.force_login(analyst)
    pk = {"pk": edition.pk}
    return {
        "estimates page": _context(
            client, reverse("barometer:estimates", kwargs=pk), "min_group_size"
        ),
        "report": _context(
            client, reverse("barometer_reports:report", kwargs=pk), "report", "min_group_size"
        ),
        "api": _api(client, analyst, f"/api/v1/barometer/editions/{edition.pk}/estimates/")[
            "min_group_size"
        ],
    }


@pytest.mark.parametrize("case", CASES)
def test_every_route_uses_the_same_minimum(
    case: str,
    settings: Any,
    client: Client,
    round_with_answers: tuple[User, Round],
    edition_and_analyst: tuple[User, Edition],
) -> None:
    (site, own), (expected, expected_without_project) = CASES[case]
    settings.SAMSON_MIN_GROUP_SIZE = site
    owner, round = round_with_answers
    Project.objects.filter(pk=round.project_id).update(min_group_size=own)
    round.project.refresh_from_db()
    assert minimum_group_size(round.project) == expected
    assert minimum_group_size() == expected_without_project

    used = project_routes(client, owner, round)
    assert used == dict.fromkeys(used, expected)

    analyst, edition = edition_and_analyst
    used = barometer_routes(client, analyst, edition)
    assert used == dict.fromkeys(used, expected_without_project)
