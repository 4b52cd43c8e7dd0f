"""Links from results to the knowledge pages: every target exists in all three languages,
every id the shipped instruments can produce has its own section, and the links a rendered
result page actually shows resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from samson.instruments.services import shipped_instrument_paths
from samson.knowledge.links import LINKS, link_for
from samson.knowledge.templatetags.knowledge import knowledge_url

LANGUAGES = ["nb", "nn", "en"]


def _html(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_resolves(
    client: Client, href: str, language: str, cache: dict[tuple[str, str], str]
) -> None:
    path, _, anchor = href.partition("#")
    assert anchor, href
    key = (path, language)
    if key not in cache:
        cache[key] = _html(client, path, language)
    assert f'id="{anchor}"' in cache[key], (href, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mapped_section_exists_in_every_language(client: Client, language: str):
    cache: dict[tuple[str, str], str] = {}
    for kind, item_id in LINKS:
        href = knowledge_url(kind, item_id)
        assert href is not None
        _assert_resolves(client, href, language, cache)


def _shipped_ids() -> set[tuple[str, str]]:
    ids: set[tuple[str, str]] = set()
    for path in shipped_instrument_paths():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if data.get("kind") != "samson":
            continue
        for kind in ("value", "antipattern", "barrier", "driver", "challenge"):
            ids |= {(kind, entry["id"]) for entry in data["dimensions"].get(kind, [])}
        ids |= {("maturity", level["id"]) for level in data["maturity"]}
        ids |= {("quadrant", q["id"]) for q in data["typology"]["quadrants"]}
        ids |= {
            ("matrix", f"{cell['design']}-{cell['production']}")
            for cell in data["typology"]["matrix"]
        }
    return ids


def test_every_id_the_instruments_produce_has_its_own_section():
    ids = _shipped_ids()
    assert len([i for i in ids if i[0] == "matrix"]) == 9
    assert {("antipattern", "horing"), ("maturity", "tykk"), ("quadrant", "D")} <= ids
    missing = sorted(key for key in ids if key not in LINKS)
    assert missing == []
    for kind in ("tykk", "tynn", "ingen"):
        assert ("reading", kind) in LINKS


def test_unknown_id_falls_back_to_the_general_section_and_unknown_kind_to_nothing():
    page, section = link_for("antipattern", "finnes-ikke")  # type: ignore[misc]
    assert (page.slug, section.anchor) == ("medvirkning-og-samskaping", "ikke-samskaping")
    assert link_for("nothing", "x") is None
    assert knowledge_url("matrix", "2-2") == "/kunnskap/typologier/#celle-2-2"
    assert knowledge_url("maturity", "medvirkning") == (
        "/kunnskap/medvirkning-og-samskaping/#medvirkning"
    )


def _finish_solo(client: Client, kort, code: int) -> str:
    reply = client.post(reverse("responses:start"))
    match = re.fullmatch(r"/vurdering/([A-Za-z0-9_-]{32})/side/1/", reply["Location"])
    assert match is not None
    token = match.group(1)
    count = len(kort.pages)
    for number in range(1, count + 1):
        data = {"action": "finish" if number == count else "next"}
        for item in kort.pages[number - 1].items:
            if item.type != "text":
                codes = kort.codes(item)
                data[item.id] = str(code if code in codes else codes[0])
        client.post(f"/vurdering/{token}/side/{number}/", data)
    return f"/vurdering/{token}/resultat/"


@pytest.mark.parametrize("code", [1, 2, 3, 5])
def test_links_on_a_solo_result_resolve_in_every_language(client: Client, kort, code: int):
    """Different answers give different levels, types and cells; each link shown works."""
    result_url = _finish_solo(client, kort, code)
    cache: dict[tuple[str, str], str] = {}
    for language in LANGUAGES:
        html = _html(client, result_url, language)
        hrefs = re.findall(r'class="ds-link samson-knowledge-link" href="([^"]+)"', html)
        # maturity, quadrant (or why none), matrix cell, reading and the advice of each
        # weakest cell are always there when everything is answered
        assert len(hrefs) >= 5, hrefs
        for href in hrefs:
            _assert_resolves(client, href, language, cache)
    nb_html = _html(client, result_url, "nb")
    assert "Les mer: " in nb_html
