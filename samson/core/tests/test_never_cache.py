"""No browser or shared cache keeps a page: results, the workshop, free text, the comparison
and the API included (samson.core.middleware); static files keep their caching."""

from typing import Any

import pytest
from django.test import Client

from samson.api.services import token_create
from samson.testing.rounds import four_party_round, url

pytestmark = pytest.mark.django_db


def test_every_result_page_and_the_api_are_no_store(world: dict[str, Any]) -> None:
    round = four_party_round(world, free_text="Mer tid til å snakke sammen.")
    owner = Client()
    owner.force_login(world["owner_a"])
    pages = [
        url(name, round)
        for name in (
            "results:round",
            "results:workshop",
            "results:freetext",
            "results:compare",
        )
    ]
    for page in [*pages, "/", f"/prosjekter/{round.project_id}/"]:
        reply = owner.get(page)
        assert reply.status_code == 200, page
        assert "no-store" in reply["Cache-Control"] and "private" in reply["Cache-Control"], page
    _token, key = token_create(user=world["owner_a"], name="cache")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    reply = api.get(f"/api/v1/projects/{round.project_id}/rounds/{round.pk}/results/")
    assert reply.status_code == 200
    assert "no-store" in reply["Cache-Control"]


def test_static_files_keep_their_caching(client: Client) -> None:
    reply = client.get("/static/samson/samson.css")
    assert reply.status_code == 200
    assert "no-store" not in reply.get("Cache-Control", "")
