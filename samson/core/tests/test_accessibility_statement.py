"""The footer links to the organisation's accessibility statement on uustatus.no
(SAMSON_ACCESSIBILITY_STATEMENT_URL), with its name in the reader's language (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

STATEMENT = "https://www.uustatus.no/nb/erklaringer/publisert/0a1b2c3d-0000-4000-8000-000000000014"
NAMES = {
    "nb": "Tilgjengelighetserklæring",
    "nn": "Tilgjengelegheitserklæring",
    "en": "Accessibility statement",
}
SAMSON_PAGE_NAMES = {
    "nb": "Tilgjengelighet i SAMSON",
    "nn": "Tilgjengelegheit i SAMSON",
    "en": "Accessibility in SAMSON",
}
NOT_CONFIGURED = {
    "nb": "Offentlige virksomheter i Norge publiserer tilgjengelighetserklæringen sin på "
    "uustatus.no. Virksomheten som driver dette nettstedet, har ennå ikke oppgitt adressen "
    "til erklæringen sin, så den er ikke lenket her.",
    "nn": "Offentlege verksemder i Noreg publiserer tilgjengelegheitserklæringa si på "
    "uustatus.no. Verksemda som driv denne nettstaden, har enno ikkje oppgitt adressa til "
    "erklæringa si, så ho er ikkje lenkja her.",
    "en": "Public bodies in Norway publish their accessibility statement on uustatus.no. The "
    "organisation that runs this site has not yet given the address of its statement, so it "
    "is not linked here.",
}


def _footer(client: Client, lang: str, path: str = "/") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<footer class="samson-footer">.*?</footer>', html, re.S)
    assert match, "the page has no footer"
    return match.group(0)


def _links(footer: str) -> list[tuple[str, str]]:
    return [
        (href, text.strip())
        for href, text in re.findall(r'<a class="ds-link" href="([^"]*)"[^>]*>([^<]*)</a>', footer)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_footer_links_to_the_configured_statement(client: Client, lang: str) -> None:
    with override_settings(SAMSON_ACCESSIBILITY_STATEMENT_URL=STATEMENT):
        links = _links(_footer(client, lang))
    assert (STATEMENT, NAMES[lang]) in links
    assert ("/tilgjengelighet/", SAMSON_PAGE_NAMES[lang]) in links
    assert [text for href, text in links if href == STATEMENT] == [NAMES[lang]]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_samson_page_links_to_the_configured_statement(client: Client, lang: str) -> None:
    with override_settings(SAMSON_ACCESSIBILITY_STATEMENT_URL=STATEMENT):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        html = client.get("/tilgjengelighet/").content.decode()
    assert f'<a class="ds-link" href="{STATEMENT}">' in html
    assert NOT_CONFIGURED[lang] not in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_without_a_statement_the_footer_links_to_samsons_own_page(
    client: Client, lang: str
) -> None:
    with override_settings(SAMSON_ACCESSIBILITY_STATEMENT_URL=""):
        links = _links(_footer(client, lang))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        page = client.get("/tilgjengelighet/").content.decode()
    assert ("/tilgjengelighet/", NAMES[lang]) in links
    assert not any("uustatus" in href for href, _text in links)
    assert NOT_CONFIGURED[lang] in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["javascript:alert(1)", "www.uustatus.no/erklaring", "  "])
def test_a_value_that_is_not_a_web_address_is_not_linked(client: Client, value: str) -> None:
    with override_settings(SAMSON_ACCESSIBILITY_STATEMENT_URL=value):
        links = _links(_footer(client, "nb"))
    assert ("/tilgjengelighet/", NAMES["nb"]) in links
    assert all(href.startswith("/") for href, _text in links)
