"""The solo result says only what the answers show (issue 14, point 2): with the three "who
did what" questions unanswered it claims nothing about them, warnings the short instrument
never asks are "not asked", and the reasons for the level are grouped under each level."""

import re
from html import unescape

import pytest
from django.urls import reverse

from samson.responses.models import Answer, Response


def _start(client) -> str:
    reply = client.post(reverse("responses:start"))
    match = re.fullmatch(r"/vurdering/([A-Za-z0-9_-]{32})/side/1/", reply["Location"])
    assert match, reply["Location"]
    return match.group(1)


def _text(html: str) -> str:
    html = re.sub(r"<(svg|script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _list_after(html: str, heading: str) -> list[str]:
    start = html.index(f">{heading}</h4>")
    block = html[start : html.index("</ul>", start)]
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def _answer_all_but_typology(kort, code: int = 4) -> None:
    """Every agreement statement at `code`, no answer to who defined, designed, delivers."""
    response = Response.objects.get()
    Answer.objects.bulk_create(
        Answer(response=response, item_id=item.id, code=code)
        for item in kort.items
        if item.type == "scale"
    )


@pytest.mark.django_db
def test_unanswered_who_did_what_claims_nothing(client, kort):
    token = _start(client)
    _answer_all_but_typology(kort)
    html = client.get(f"/vurdering/{token}/resultat/").content.decode()
    text = _text(html)
    assert "Ja: Løsningen ble utformet av partene sammen" not in text
    assert "viser ingen av de tre tegnene" not in text
    assert "Vi fant ingen av de tre tegnene" not in text
    assert "Oppfylt (skår ingen svar)" not in text and "(lesning:" not in text
    assert "(svar 1" not in text
    assert _list_after(html, "Medvirkning: nådd") == [
        # "Somewhat agree" everywhere: 75 on 12 statements, 25 on the 4 reverse-worded ones.
        "Oppfylt: Samlet skår er 62,5 fra 16 svar; trinnet krever minst 40.",
        "Ikke besvart: Hvem som definerte utfordringen, utformet løsningen og gjennomfører "
        "den: ingen svar å bygge på.",
        "Ikke spurt: Varselet «Nesten ferdige løsninger sendt på høring»: dette "
        "spørreskjemaet spør ikke om det.",
        "Ikke spurt: Varselet «Oppgaver flyttet for å spare penger»: dette spørreskjemaet "
        "spør ikke om det.",
    ]
    # Who designed stands in from the design statements, and says so.
    assert _list_after(html, "Tynn samskaping: nådd")[0] == (
        "Oppfylt: Utsagnene om «Utforme løsninger» gir skår 62,5 fra 4 svar; fra 60 regnes det "
        "som at partene utformet løsningen sammen."
    )
    assert (
        "Ingen varsler er utløst, men det betyr ikke at alt er i orden: ikke alle tegnene ble "
        "spurt om eller besvart." in text
    )
    assert "Hvem definerte utfordringen Ikke besvart" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        (
            "nn",
            "Medverknad: nådd",
            "Ikkje svart: Kven som definerte utfordringa, utforma løysinga og gjennomfører "
            "henne: ingen svar å byggje på.",
        ),
        (
            "en",
            "Participation: reached",
            "Not answered: Who defined the challenge, designed the solution and carries it "
            "out: no answers to go on.",
        ),
    ],
)
def test_not_answered_in_nynorsk_and_english(client, kort, lang, heading, line):
    token = _start(client)
    _answer_all_but_typology(kort)
    html = client.get(f"/vurdering/{token}/resultat/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert _list_after(html, heading)[1] == line


@pytest.mark.django_db
def test_the_typology_answers_are_named_where_they_are_used(client, kort):
    token = _start(client)
    _answer_all_but_typology(kort)
    response = Response.objects.get()
    Answer.objects.bulk_create(
        Answer(response=response, item_id=item.id, code=code)
        for item, code in zip(
            [item for item in kort.items if item.dimension("typology")], (1, 1, 2), strict=True
        )
    )
    html = client.get(f"/vurdering/{token}/resultat/").content.decode()
    assert _list_after(html, "Medvirkning: nådd")[1] == (
        "Oppfylt: Kommunen gjorde ikke alt alene (svar på «Hvem definerte utfordringen»: "
        "Kommunen eller andre offentlige fagfolk; «Hvem utformer løsningen»: Kommunen eller "
        "andre offentlige fagfolk; «Hvem gjennomfører»: Kommunen og de andre partene sammen)."
    )
    assert _list_after(html, "Tynn samskaping: ikke nådd")[0] == (
        "Ikke oppfylt: Løsningen ble ikke utformet av partene sammen (svar på «Hvem utformer "
        "løsningen»: Kommunen eller andre offentlige fagfolk)."
    )
