"""Rendered questions kept per process: the same HTML as a fresh rendering, every time."""

import pytest
from django.utils import translation

from samson.instruments.selectors import instrument_version_get
from samson.responses import fragments
from samson.responses.forms import PageForm


@pytest.fixture
def clean_fragments():
    fragments.FRAGMENTS.clear()
    yield
    fragments.FRAGMENTS.clear()


def _form(kort, lang: str, **kwargs) -> PageForm:
    return PageForm(instrument=kort, page=kort.pages[0], lang=lang, **kwargs)


def _render(kort, content_hash: str, lang: str, **kwargs) -> list[str]:
    with translation.override(lang):
        form = _form(kort, lang, **kwargs)
        return list(fragments.questions_html(form, content_hash=content_hash, lang=lang))


def _fresh(kort, lang: str, **kwargs) -> list[str]:
    with translation.override(lang):
        return [fragments.question_html(field) for field in _form(kort, lang, **kwargs)]


def test_kept_fragments_equal_a_fresh_rendering_with_the_chosen_value(kort, clean_fragments):
    content_hash = instrument_version_get(key="samson-kort").content_hash
    first_item = kort.pages[0].items[0]
    chosen = {first_item.id: kort.codes(first_item)[2]}
    unanswered = _render(kort, content_hash, "nb")
    answered = _render(kort, content_hash, "nb", initial=chosen)
    assert unanswered == _fresh(kort, "nb")
    assert answered == _fresh(kort, "nb", initial=chosen)
    assert answered[0] != unanswered[0]
    assert f'value="{kort.codes(first_item)[2]}" id="id_{first_item.id}_2" checked' in answered[0]
    assert answered[1:] == unanswered[1:]
    # Each (item, value) was rendered once: the second page view reuses the first one's HTML.
    again = _render(kort, content_hash, "nb", initial=chosen)
    assert all(a is b for a, b in zip(again, answered, strict=True))


def test_fragments_are_kept_per_language(kort, clean_fragments):
    content_hash = instrument_version_get(key="samson-kort").content_hash
    item = kort.pages[0].items[0]
    bokmal = _render(kort, content_hash, "nb")
    nynorsk = _render(kort, content_hash, "nn")
    english = _render(kort, content_hash, "en")
    assert item.text.nb in bokmal[0]
    assert item.text.nn in nynorsk[0]
    assert item.text.en in english[0]
    assert english == _fresh(kort, "en")


def test_a_question_with_an_error_is_rendered_every_time_and_never_kept(kort, clean_fragments):
    content_hash = instrument_version_get(key="samson-kort").content_hash
    item = kort.pages[0].items[0]
    html = _render(kort, content_hash, "nb", data={item.id: "77"})
    assert "Velg ett av alternativene." in html[0]
    assert 'aria-invalid="true"' in html[0]
    assert all(key[2] != item.id for key in fragments.FRAGMENTS)


def test_the_store_is_emptied_when_full(kort, clean_fragments, monkeypatch):
    monkeypatch.setattr(fragments.FRAGMENTS, "limit", 2)
    content_hash = instrument_version_get(key="samson-kort").content_hash
    assert _render(kort, content_hash, "nb") == _fresh(kort, "nb")
    # Three questions into a store of two: emptied at the third, which alone is kept.
    assert len(fragments.FRAGMENTS) == 1


def test_forms_of_one_page_share_fields_but_not_values_or_errors(kort, clean_fragments):
    item = kort.pages[0].items[0]
    wrong = _form(kort, "nb", data={item.id: "77"})
    assert not wrong.is_valid()
    right = _form(kort, "nb", data={item.id: str(kort.codes(item)[0])})
    assert right.fields[item.id] is wrong.fields[item.id]
    assert right.is_valid()
    assert right.answers()[item.id] == kort.codes(item)[0]
    assert wrong.errors[item.id] == ["Velg ett av alternativene."]
    assert _form(kort, "en").fields[item.id].label == item.text.en
