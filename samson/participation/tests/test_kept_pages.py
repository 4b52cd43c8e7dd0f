"""The join and thanks pages joined from their kept copies are the pages the template engine
renders."""

import re

from samson.projects import services as project_services
from samson.responses import fragments, services

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')


def _kept_is_rendered(client, monkeypatch, path):
    """Asserts that the kept page at `path` is the page rendered afresh (but for the CSRF
    token and the expiry); returns its HTML."""
    kept = client.get(path)
    monkeypatch.setattr(fragments, "kept_page_allowed", lambda request: False)
    full = client.get(path)
    monkeypatch.undo()
    assert kept.status_code == full.status_code == 200
    assert {**kept.headers, "Expires": ""} == {**full.headers, "Expires": ""}
    kept_html, full_html = (CSRF.sub("TOKEN", r.content.decode()) for r in (kept, full))
    assert kept_html == full_html
    return kept_html


def test_the_kept_thanks_page_is_the_rendered_one(client, world, monkeypatch):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    project = world["project_a"]
    project.title = 'Prosjekt <A> & "B"'
    project.save(update_fields=["title"])
    response, token = services.response_start(
        instrument_version=round.instrument_version,
        language="nb",
        round=round,
        party=project.parties.first(),
    )
    services.response_complete(response=response, token=token)
    path = f"/delta/{round.join_code}/takk/{token}/"
    for lang in ("nb", "nn", "en"):
        client.cookies["django_language"] = lang
        kept_html = _kept_is_rendered(client, monkeypatch, path)
        assert f'<html lang="{lang}"' in kept_html
        assert "Prosjekt &lt;A&gt; &amp; &quot;B&quot;" in kept_html
        assert f"http://testserver/vurdering/{token}/" in kept_html
    # Another round's code, or a token of no round, finds nothing.
    assert client.get(f"/delta/{world['round_b'].join_code}/takk/{token}/").status_code == 404
    solo, solo_token = services.response_start(
        instrument_version=round.instrument_version, language="nb"
    )
    assert client.get(f"/delta/{round.join_code}/takk/{solo_token}/").status_code == 404


def test_the_kept_join_page_is_the_rendered_one(client, db, monkeypatch):
    for lang in ("nb", "nn", "en"):
        client.cookies["django_language"] = lang
        kept_html = _kept_is_rendered(client, monkeypatch, "/delta/?x=<1>")
        assert f'<html lang="{lang}"' in kept_html
        assert 'value="/delta/?x=%3C1%3E"' in kept_html
