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


CHECK = "/kunnskap/medvirkning-eller-samskaping/"
NONE_FOUND = "Vi fant ingen av de tre tegnene på at en prosess ikke er samskaping."
NOT_DRESSED_UP = (
    "Prosessen er ikke kledd ut som samskaping på noen av de tre vanlige måtene, men den er "
    "heller ikke samskaping, av grunnene over."
)
ANTIPATTERN_TITLES = {
    "horing": "Nesten ferdige løsninger sendt på høring.",
    "forprogrammert": "Forhåndsprogrammerte prosesser.",
    "kostnadsflytting": "Oppgaver flyttet for å spare penger.",
}


def _items(html: str, css_class: str) -> list[str]:
    match = re.search(rf'<ul class="{css_class}">(.*?)</ul>', html, re.S)
    return [] if match is None else re.findall(r"<li>(.*?)</li>", match.group(1))


# (case, answers: problem, solution, decides, delivers, duration, settled,
#  level text, verdict or None for co-creation, signs, remedies, anti-patterns shown)
CASES = [
    (
        "textbook hearing: everything settled, the municipality decides and informs, one meeting",
        ("kommune", "ferdig", "kommune", "kommune", "engang", "alt"),
        "Informasjon: kommunen bestemmer, og de andre blir informert.",
        "Dette er informasjon, ikke samskaping: de andre partene får vite hva kommunen har "
        "bestemt, men er ikke med på å bestemme.",
        [
            "Kommunen bestemmer alene og informerer de andre etterpå.",
            "Løsningen er nesten ferdig før de andre partene slipper til.",
            "Det meste er bestemt på forhånd: stegene og utfallet ligger fast.",
            "Kommunen har definert problemet alene.",
            "Kommunen gjennomfører løsningen alene.",
            "Det er ett møte eller én runde med innspill, ikke et samarbeid over tid.",
        ],
        [
            "La partene bestemme sammen hva som skal gjøres.",
            "Slipp de andre partene til før løsningen er valgt, mens den fortsatt er åpen.",
            "Si tydelig hva som ligger fast, og la partene forme resten: mål, spørsmål og "
            "arbeidsform.",
            "Inviter partene til å forstå og definere problemet sammen med kommunen.",
            "Del gjennomføringen: avtal hva hver part bidrar med.",
            "Gjør det til et samarbeid som varer, med flere møter og en felles evaluering.",
        ],
        [],
    ),
    (
        "seed anti-pattern: a nearly finished solution sent out for comment",
        ("kommune", "ferdig", "etter_innspill", "sammen", "prosjekt", "rammer"),
        "Høring: en nesten ferdig løsning sendes ut for kommentarer.",
        "Dette er høring, ikke samskaping: de andre partene kan kommentere en løsning som "
        "kommunen i hovedsak har valgt.",
        [
            "Kommunen bestemmer etter å ha hørt de andre; de er ikke med på beslutningen.",
            "Løsningen er nesten ferdig før de andre partene slipper til.",
            "Kommunen har definert problemet alene.",
        ],
        [
            "Gjør beslutningen felles: partene bestemmer sammen, ikke bare kommunen etter "
            "innspill.",
            "Slipp de andre partene til før løsningen er valgt, mens den fortsatt er åpen.",
            "Inviter partene til å forstå og definere problemet sammen med kommunen.",
        ],
        ["horing"],
    ),
    (
        "seed anti-pattern: a pre-programmed process",
        ("kommune", "apen", "sammen", "sammen", "prosjekt", "alt"),
        "Medvirkning: de andre gir innspill, men kommunen eier løsningen og beslutningen.",
        "Dette er medvirkning, ikke samskaping: de andre partene gir innspill, men eier ikke "
        "løsningen sammen med kommunen.",
        [
            "Det meste er bestemt på forhånd: stegene og utfallet ligger fast.",
            "Kommunen har definert problemet alene.",
        ],
        [
            "Si tydelig hva som ligger fast, og la partene forme resten: mål, spørsmål og "
            "arbeidsform.",
            "Inviter partene til å forstå og definere problemet sammen med kommunen.",
        ],
        ["forprogrammert"],
    ),
    (
        "seed anti-pattern: tasks moved to others to save money",
        ("kommune", "ferdig", "kommune", "andre", "varig", "rammer"),
        "Informasjon: kommunen bestemmer, og de andre blir informert.",
        "Dette er informasjon, ikke samskaping: de andre partene får vite hva kommunen har "
        "bestemt, men er ikke med på å bestemme.",
        [
            "Kommunen bestemmer alene og informerer de andre etterpå.",
            "Løsningen er nesten ferdig før de andre partene slipper til.",
            "Kommunen har definert problemet alene.",
        ],
        [
            "La partene bestemme sammen hva som skal gjøres.",
            "Slipp de andre partene til før løsningen er valgt, mens den fortsatt er åpen.",
            "Inviter partene til å forstå og definere problemet sammen med kommunen.",
        ],
        ["kostnadsflytting"],
    ),
    (
        "participation: input within a frame, the municipality decides and delivers",
        ("kommune", "rammer", "etter_innspill", "kommune", "prosjekt", "rammer"),
        "Medvirkning: de andre gir innspill, men kommunen eier løsningen og beslutningen.",
        "Dette er medvirkning, ikke samskaping: de andre partene gir innspill, men eier ikke "
        "løsningen sammen med kommunen.",
        [
            "Kommunen bestemmer etter å ha hørt de andre; de er ikke med på beslutningen.",
            "Kommunen har definert problemet alene.",
            "Kommunen gjennomfører løsningen alene.",
        ],
        [
            "Gjør beslutningen felles: partene bestemmer sammen, ikke bare kommunen etter "
            "innspill.",
            "Inviter partene til å forstå og definere problemet sammen med kommunen.",
            "Del gjennomføringen: avtal hva hver part bidrar med.",
        ],
        [],
    ),
    (
        "thin co-creation: designed together, the collaboration is a project",
        ("kommune", "apen", "sammen", "sammen", "prosjekt", "rammer"),
        "Tynn samskaping: partene utformer løsningen sammen, men samarbeidet stopper der.",
        None,
        [],
        [],
        [],
    ),
    (
        "thick co-creation: defined, designed and delivered together, lasting",
        ("sammen", "apen", "sammen", "sammen", "varig", "lite"),
        "Tykk samskaping: partene utformer og gjennomfører sammen, og samarbeidet varer.",
        None,
        [],
        [],
        [],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codes", "level", "verdict", "signs", "remedies", "antipatterns"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_guided_check_names_the_process_for_what_it_is(
    client, codes, level, verdict, signs, remedies, antipatterns
):
    names = ("problem", "solution", "decides", "delivers", "duration", "settled")
    query = {**dict(zip(names, codes, strict=True)), "planning": "nei"}
    html = client.get(CHECK, query).content.decode()
    assert f"<strong>{level}</strong>" in html
    assert _items(html, "samson-signs") == signs
    assert _items(html, "samson-remedies") == remedies
    for pattern, title in ANTIPATTERN_TITLES.items():
        assert (title in html) == (pattern in antipatterns), pattern
    if verdict is None:
        assert "Hvorfor dette ikke er samskaping" not in html
        assert NONE_FOUND in html
    else:
        assert '<h3 class="ds-heading" data-size="sm">Hvorfor dette ikke er samskaping</h3>' in html
        assert f"<strong>{verdict}</strong>" in html
        assert NONE_FOUND not in html
        assert (NOT_DRESSED_UP in html) == (not antipatterns)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading", "sign", "remedy"),
    [
        (
            "nn",
            "Kvifor dette ikkje er samskaping",
            "Kommunen bestemmer åleine og informerer dei andre etterpå.",
            "La partane bestemme saman kva som skal gjerast.",
        ),
        (
            "en",
            "Why it is not co-creation",
            "The municipality decides alone and informs the others afterwards.",
            "Let the parties decide together what will be done.",
        ),
    ],
)
def test_the_textbook_hearing_in_nynorsk_and_english(client, lang, heading, sign, remedy):
    query = {
        "problem": "kommune",
        "solution": "ferdig",
        "decides": "kommune",
        "delivers": "kommune",
        "duration": "engang",
        "settled": "alt",
        "planning": "nei",
    }
    html = client.get(CHECK, query, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f">{heading}</h3>" in html
    assert _items(html, "samson-signs")[0] == sign
    assert _items(html, "samson-remedies")[0] == remedy
    assert "None of the three signs" not in html
