"""The answering pages' short way (one read, one write, the page joined from kept fragments)
gives exactly what the whole way through PageForm and the template engine gives."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.projects import services as project_services
from samson.responses import fragments, services
from samson.responses.forms import PageForm, page_answers
from samson.responses.models import Answer, Response

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')


@pytest.fixture(autouse=True)
def _fresh_fragments():
    for memo in (fragments.FRAGMENTS, fragments.TEXTS, fragments.PAGES):
        memo.clear()
    yield
    for memo in (fragments.FRAGMENTS, fragments.TEXTS, fragments.PAGES):
        memo.clear()


def _both(client, monkeypatch, path: str, **headers) -> tuple[str, str]:
    """The page by the short way, then by the whole way; the CSRF tokens (masked anew for
    every request) made equal."""
    short = client.get(path, **headers)
    monkeypatch.setattr(fragments, "kept_page_allowed", lambda request: False)
    full = client.get(path, **headers)
    monkeypatch.undo()
    assert short.status_code == full.status_code == 200
    # Every header alike (the cookies, Vary, the security headers), but the clock's.
    assert {**short.headers, "Expires": ""} == {**full.headers, "Expires": ""}
    tokens = CSRF.findall(short.content.decode())
    assert len(tokens) == 2  # the language menu's form and the page's
    assert len(set(tokens)) == 1  # masked once per request, as the template's lazy token is
    normal = 'name="csrfmiddlewaretoken" value="TOKEN"'
    return CSRF.sub(normal, short.content.decode()), CSRF.sub(normal, full.content.decode())


def _solo(key: str = "samson") -> tuple[Response, str]:
    version = instrument_version_get(key=key)
    return services.response_start(instrument_version=version, language="nb")


def _answer_some(response: Response, instrument) -> None:
    """A choice on every other item of every page, and text in every text item."""
    for number, page in enumerate(instrument.pages, start=1):
        answers: dict[str, int | str | None] = {}
        for n, item in enumerate(page.items):
            if item.type == "text":
                answers[item.id] = 'Vi <møtes> & "lærer" – ofte.'
            elif n % 2 == 0 and (page.limit is None or n < 2):
                answers[item.id] = instrument.codes(item)[n % len(instrument.codes(item))]
        services.response_page_save(
            response=response,
            instrument=instrument,
            page_number=number,
            answers=answers,
            resume_page=number,
        )


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_page_is_the_same_by_both_ways_in_every_language(
    client, instruments, monkeypatch, lang
):
    response, token = _solo()
    instrument = instrument_spec(response.instrument_version)
    _answer_some(response, instrument)
    client.cookies["django_language"] = lang
    for number in range(1, len(instrument.pages) + 1):
        short, full = _both(client, monkeypatch, f"/vurdering/{token}/side/{number}/?a=1&b=<2>")
        assert short == full
        assert f'<html lang="{lang}"' in short
    # The texts were escaped in the kept page as the template escapes them.
    assert "Vi &lt;møtes&gt; &amp; &quot;lærer&quot; – ofte." in short
    assert 'name="next" value="/vurdering/' in short and "?a=1&amp;b=%3C2%3E" in short


def test_a_rounds_page_open_and_closed_is_the_same_by_both_ways(client, world, monkeypatch):
    round = project_services.round_transition(round=world["round_a"], to="apen")
    party = world["project_a"].parties.first()
    response, token = services.response_start(
        instrument_version=round.instrument_version, language="nb", round=round, party=party
    )
    instrument = instrument_spec(round.instrument_version)
    _answer_some(response, instrument)
    last = len(instrument.pages)
    short, full = _both(client, monkeypatch, f"/vurdering/{token}/side/{last}/")
    assert short == full
    assert '<div class="ds-alert" data-color="warning">' not in short
    project_services.round_transition(round=round, to="lukket")
    short, full = _both(client, monkeypatch, f"/vurdering/{token}/side/{last}/")
    assert short == full
    assert '<div class="ds-alert" data-color="warning">' in short


def test_a_page_is_one_read_and_a_submit_one_read_and_one_write(client, kort):
    response, token = _solo("samson-kort")
    client.get(f"/vurdering/{token}/side/1/")  # the first view notes that it was opened
    page = kort.pages[0]
    data = {item.id: str(kort.codes(item)[1]) for item in page.items if item.type != "text"}
    with CaptureQueriesContext(connection) as shown:
        assert client.get(f"/vurdering/{token}/side/1/").status_code == 200
    with CaptureQueriesContext(connection) as sent:
        reply = client.post(f"/vurdering/{token}/side/1/", {**data, "action": "next"})
    assert reply["Location"] == f"/vurdering/{token}/side/2/"
    assert len(shown) == 1
    statements = [query["sql"].split()[0].upper() for query in sent.captured_queries]
    # SQLite has no data-modifying WITH: its write is three statements in one transaction
    # (the test's own transaction makes BEGIN and COMMIT savepoints).
    if connection.vendor == "postgresql":
        # The delete, the upsert and the response's update in one statement.
        assert statements == ["SELECT", "WITH"]
    else:
        assert statements[0] == "SELECT"
        assert [s for s in statements[1:] if s in ("INSERT", "UPDATE", "DELETE", "WITH")] == [
            "INSERT",
            "UPDATE",
        ]
    assert dict(Answer.objects.values_list("item_id", "code")) == {
        item_id: int(code) for item_id, code in data.items()
    }
    response.refresh_from_db()
    assert response.resume_page == 2


def test_a_released_text_changed_loses_its_release_and_a_cleared_one_goes(client, instruments):
    response, token = _solo()
    instrument = instrument_spec(response.instrument_version)
    number, page = next(
        (n, p)
        for n, p in enumerate(instrument.pages, start=1)
        if [i.type for i in p.items].count("text") >= 2
    )
    first, second = (i.id for i in page.items if i.type == "text")
    path = f"/vurdering/{token}/side/{number}/"
    client.post(path, {first: "Første", second: "Andre", "action": "next"})
    released = timezone.now()
    Answer.objects.filter(response=response).update(released_at=released)
    client.post(path, {first: " Første ", second: "Andre, endret", "action": "next"})
    stored = {a.item_id: (a.text, a.released_at) for a in Answer.objects.filter(response=response)}
    assert stored == {first: ("Første", released), second: ("Andre, endret", None)}
    client.post(path, {first: "", second: "Andre, endret", "action": "next"})
    stored = {a.item_id: (a.text, a.released_at) for a in Answer.objects.filter(response=response)}
    assert stored == {second: ("Andre, endret", None)}


def _query(**values: str | list[str]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def test_the_short_validation_accepts_only_what_the_form_accepts_and_reads_it_alike(instruments):
    instrument = instrument_spec(instrument_version_get(key="samson"))
    for page in instrument.pages:
        choices = [i for i in page.items if i.type != "text"]
        texts = [i for i in page.items if i.type == "text"]
        first = choices[0] if choices else None
        cases: list[QueryDict] = [_query()]
        if first is not None:
            codes = instrument.codes(first)
            cases += [
                _query(**{first.id: str(codes[0])}),
                _query(**{first.id: str(codes[-1])}),
                _query(**{first.id: [str(codes[0]), str(codes[-1])]}),  # the last one counts
                _query(**{first.id: [str(codes[0]), "77"]}),
                _query(**{first.id: ""}),
                _query(**{first.id: f" {codes[0]}"}),
                _query(**{first.id: f"0{codes[0]}"}),
                _query(**{first.id: "77"}),
                _query(**{first.id: "-1"}),
                _query(**{first.id: "1.0"}),
                _query(**{first.id: "٣"}),  # an Arabic-Indic three: int() would take it
                _query(**{item.id: str(instrument.codes(item)[0]) for item in choices}),
                _query(**{item.id: str(instrument.codes(item)[-1]) for item in choices}),
            ]
        for item in texts:
            cases += [
                _query(**{item.id: "  tekst  "}),
                _query(**{item.id: "   "}),
                _query(**{item.id: "x" * 2000}),
                _query(**{item.id: " " + "x" * 2000 + " "}),
                _query(**{item.id: "x" * 2001}),
                _query(**{item.id: "null\x00tegn"}),
            ]
        for data in cases:
            form = PageForm(data, instrument=instrument, page=page, lang="nb")
            short = page_answers(instrument, page, data, "nb")
            if short is not None:
                assert form.is_valid(), (page.id, dict(data.lists()), form.errors)
                assert short == form.answers(), (page.id, dict(data.lists()))
            else:
                assert not form.is_valid(), (page.id, dict(data.lists()))
