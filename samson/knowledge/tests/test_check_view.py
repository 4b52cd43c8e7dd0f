"""The guided check page through the test client (no JavaScript) and the project prefill."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

ANSWERS = {
    "title": "Ny park på Torvet",
    "problem": "kommune",
    "solution": "ferdig",
    "decides": "etter_innspill",
    "delivers": "kommune",
    "duration": "engang",
    "settled": "alt",
    "planning": "reguleringsplan",
}


@pytest.mark.django_db
def test_empty_form_shows_the_questions_without_errors(client):
    html = client.get("/kunnskap/medvirkning-eller-samskaping/").content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Medvirkning eller samskaping?</h1>' in html
    assert "Hvem definerer problemet?" in html
    assert "error-summary" not in html
    assert "Hvor prosessen deres havner" not in html


@pytest.mark.django_db
def test_incomplete_answers_get_an_error_summary(client):
    html = client.get("/kunnskap/medvirkning-eller-samskaping/", {"problem": "kommune"}).content
    html = html.decode()
    assert "error-summary" in html
    assert 'href="#id_solution_0"' in html
    assert "Hvor prosessen deres havner" not in html


@pytest.mark.django_db
def test_a_hearing_in_a_zoning_plan(client):
    reply = client.get("/kunnskap/medvirkning-eller-samskaping/", ANSWERS)
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "<strong>Høring: en nesten ferdig løsning sendes ut for kommentarer.</strong>" in html
    assert "Nesten ferdige løsninger sendt på høring." in html
    assert "Forhåndsprogrammerte prosesser." in html
    assert "Oppgaver flyttet for å spare penger." not in html
    assert "Plan- og bygningsloven § 12-8" in html
    assert "Plan- og bygningsloven § 11-12" not in html
    assert 'href="/kunnskap/medvirkning-og-samskaping/#horing"' in html
    assert 'href="/kunnskap/typologier/#celle-1-1"' in html
    link = re.search(r'href="(/prosjekter/ny/\?[^"]+)"', html)
    assert link
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["title"] == ["Ny park på Torvet"]
    assert query["description"][0].startswith(
        "Høring: en nesten ferdig løsning sendes ut for kommentarer.\n\n"
        "Hvem definerer problemet?: Kommunen\n"
    )


@pytest.mark.django_db
def test_project_form_takes_title_and_description_from_the_link(client, world):
    client.force_login(world["owner_a"])
    html = client.get(
        "/prosjekter/ny/", {"title": "Ny park", "description": "Tynn samskaping"}
    ).content.decode()
    assert 'value="Ny park"' in html
    assert "Tynn samskaping</textarea>" in html
