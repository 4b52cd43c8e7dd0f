"""A facilitator turns a solo assessment into a project that keeps it as its first answer."""

from django.urls import reverse

from samson.instruments.selectors import instrument_version_get
from samson.projects.models import Project
from samson.responses.models import Response
from samson.responses.services import response_start


def _solo(kort_version) -> str:
    _response, token = response_start(instrument_version=kort_version, language="nb")
    return token


def test_the_assessment_becomes_the_first_answer_of_the_project(client, world):
    version = instrument_version_get(key="samson-kort")
    token = _solo(version)
    client.force_login(world["owner_a"])
    url = reverse("responses:project_from_result", kwargs={"token": token})
    assert client.get(url).status_code == 200
    reply = client.post(
        url,
        {
            "title": "Fra vurdering",
            "organisation": world["project_a"].organisation_id,
            "min_group_size": 5,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    project = Project.objects.get(title="Fra vurdering")
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    response = Response.objects.get()
    assert response.round is not None and response.party is not None
    assert response.round.project == project
    assert response.round.label == "Oppstart"
    assert response.round.instrument_version == version
    assert response.party.preset == "kommunen"
    assert project.instrument_key == "samson-kort"
    # The same assessment cannot start a second project.
    assert client.get(url).status_code == 404


def test_only_logged_in_users_reach_it(client, world):
    token = _solo(instrument_version_get(key="samson-kort"))
    reply = client.get(reverse("responses:project_from_result", kwargs={"token": token}))
    assert reply["Location"].startswith(reverse("accounts:login"))
