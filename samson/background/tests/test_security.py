"""The new pages carry the Content-Security-Policy and no inline code, and escape the names
facilitators type."""

import pytest

from samson.testing.html import inline_code
from samson.testing.rounds import parties_of

from .conftest import ask_all, respondents

pytestmark = pytest.mark.django_db

PAYLOAD = '<img src=x onerror="alert(1)">'


def test_pages_have_the_policy_no_inline_code_and_escaped_names(client, world, open_round):
    project = open_round.project
    (area,) = ask_all(project, ((PAYLOAD, 100),))
    respondents(open_round, 5, area=area, gender="female")
    client.force_login(world["owner_a"])
    pages = [
        f"/prosjekter/{project.pk}/bakgrunn/",
        f"/prosjekter/{project.pk}/malinger/{open_round.pk}/representativitet/",
    ]
    participant = client.__class__()
    start = participant.post(
        f"/delta/{open_round.join_code}/", {"party": parties_of(open_round)["kommunen"].pk}
    )
    for url, who in [(url, client) for url in pages] + [(start["Location"], participant)]:
        reply = who.get(url)
        assert reply.status_code == 200, url
        assert "Content-Security-Policy" in reply.headers, url
        html = reply.content.decode()
        assert inline_code(html) == [], url
        assert PAYLOAD not in html, url
