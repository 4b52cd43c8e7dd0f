"""The demo's rounds are shown with their join code, so the code starts an answer in them."""

import pytest

from samson.fieldwork.models import Fieldwork
from samson.participation.demo import DEMO_TITLE, demo_project_load
from samson.projects.models import Project
from samson.responses.models import Response

pytestmark = pytest.mark.django_db


def test_the_demo_rounds_answer_by_their_code(client, instruments):
    assert demo_project_load()
    rounds = Project.objects.get(title=DEMO_TITLE).rounds.order_by("pk")
    assert [(r.label, r.state, Fieldwork.objects.get(round=r).mode) for r in rounds] == [
        ("Oppstart", "lukket", "kode"),
        ("Underveis", "apen", "begge"),
    ]
    open_round = rounds[1]
    page = client.get(f"/delta/{open_round.join_code}/").content.decode()
    assert 'name="party"' in page and "samson-invitation-only" not in page
    party = open_round.project.parties.first()
    assert party is not None
    started = client.post(
        f"/delta/{open_round.join_code}/", {"party": party.pk, "start_key": "k" * 22}
    )
    assert started.status_code == 302
    assert Response.objects.filter(round=open_round).count() == 1
