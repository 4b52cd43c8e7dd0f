"""The round results page gives all participants the solo result's reasons and advice, worded
for the group, and claims only what the answers show (issue 14, point 2)."""

import pytest

from samson.testing.html import headings, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TOGETHER = "The municipality and the other parties together"


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[html.rindex("<section", 0, start) : html.index("</section>", start)]


@pytest.mark.django_db
def test_reasons_and_advice_for_all_participants(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    instrument = spec(round)
    # Everything "somewhat agree" (75), everything done together, no sign of the three
    # anti-patterns ("strongly disagree": 0).
    answers = grid_answers(instrument, default=4, ANT_HOR=1, ANT_FOR=1, ANT_KOST=1)
    answer(round, parties["kommunen"], answers, 5)
    answer(round, parties["innbyggere"], answers, 5)
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    section = _section(html, "why-heading")
    assert headings(section, "h3") == [
        "Why all participants together are at this level",
        "Warnings: is this really co-creation?",
        "What you can work on together",
        "Strengths the group can build on",
    ]
    assert headings(section, "h4")[:3] == [
        "Participation: reached",
        "Thin co-creation: reached",
        "Thick co-creation (co-production): reached",
    ]
    text = visible_text(section)
    # 10 respondents x 32 grid statements; the typology as most of the group answered it.
    assert "Met: The overall score is 75 from 320 answers; this level needs at least 40." in text
    assert (
        "Met: The solution was designed by the parties together (most common answer to "
        f"\u201cWho designs the solution\u201d: {TOGETHER})." in text
    )
    assert (
        "Not found: The warning \u201cNearly finished solutions sent out for comment\u201d "
        "has not fired: score 0 from 10 answers; it fires from 75." in text
    )
    assert (
        "The participants' answers show none of the three signs that a process is not "
        "co-creation." in text
    )
    assert "Not answered" not in text
    # Advice: the three weakest cells (all 75, so the first three in grid order) with their
    # dialogue questions, worded for the workshop.
    assert headings(section, "h4")[3:] == [
        "Equality – Understanding and defining the problem (75.0)",
        "Equality – Designing solutions (75.0)",
        "Equality – Carrying out (75.0)",
    ]
    cell = instrument.cell("likeverd", "problem")
    assert cell.advice is not None and cell.advice.en in text
    assert "Questions to talk about in the workshop:" in text


@pytest.mark.django_db
def test_unanswered_who_did_what_is_not_a_finding_for_the_group(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    answers = grid_answers(spec(round), default=4)
    for item_id in ("TYP-UTF", "TYP-LOS", "TYP-GJF"):
        del answers[item_id]
    answer(round, parties["kommunen"], answers, 5)
    answer(round, parties["innbyggere"], answers, 5)
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round)).content.decode()
    text = visible_text(_section(html, "why-heading"))
    assert (
        "Ikke besvart: Hvem som definerte utfordringen, utformet løsningen og gjennomfører "
        "den: ingen svar å bygge på." in text
    )
    assert "Kommunen gjorde ikke alt alene" not in text
    assert "Løsningen ble utformet av partene sammen" not in text
    assert (
        "Ikke besvart: Varselet «Nesten ferdige løsninger sendt på høring»: ingen svar å "
        "bygge på." in text
    )
    assert (
        "Ingen varsler er utløst, men det betyr ikke at alt er i orden: ikke alle tegnene ble "
        "spurt om eller besvart." in text
    )
    assert "ingen av de tre tegnene" not in text
