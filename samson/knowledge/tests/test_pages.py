"""Every knowledge page answers in all three languages with every registered anchor."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from samson.knowledge.registry import PAGES

LANGUAGES = ["nb", "nn", "en"]


def _get(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_page_has_every_anchor_once_in_its_language(client: Client, page, language: str):
    html = _get(client, reverse("knowledge:page", kwargs={"slug": page.slug}), language)
    assert f'<html lang="{language}"' in html
    assert f'<h1 class="ds-heading" data-size="lg">{escape(page.title.get(language))}</h1>' in html
    for section in page.sections:
        assert html.count(f'id="{section.anchor}"') == 1, section.anchor
        assert f'href="#{section.anchor}">{escape(section.title.get(language))}</a>' in html
    # no id on the page besides those the registry knows, the table captions and the ToC
    ids = set(re.findall(r'<h[23][^>]* id="([^"]+)"', html)) - {"toc-heading"}
    assert ids == {section.anchor for section in page.sections}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_index_lists_every_page(client: Client, language: str):
    html = _get(client, reverse("knowledge:index"), language)
    for page in PAGES:
        assert f'href="/kunnskap/{page.slug}/">{escape(page.title.get(language))}</a>' in html


@pytest.mark.django_db
def test_unknown_page_is_404(client: Client):
    assert client.get("/kunnskap/finnes-ikke/").status_code == 404


def test_urls_are_norwegian():
    assert reverse("knowledge:index") == "/kunnskap/"
    assert reverse("knowledge:page", kwargs={"slug": "lovgrunnlag"}) == "/kunnskap/lovgrunnlag/"
