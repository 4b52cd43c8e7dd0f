"""The comparison page: exact numbers on a hand-computed example, and small groups hidden."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from .conftest import JSONSTAT, ask_all, respondents

pytestmark = pytest.mark.django_db


def _url(round) -> str:
    return f"/prosjekter/{round.project_id}/malinger/{round.pk}/representativitet/"


def _rows(html: str, heading_id: str) -> list[list[str]]:
    """The cells of the table in the section with this heading, tags stripped."""
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


def test_gender_against_ssb_and_parts_against_the_facilitators_figures(client, world, open_round):
    call_command("population", "import", str(JSONSTAT))
    sentrum, nord, sor = ask_all(
        open_round.project, (("Sentrum", 4000), ("Nord", 3000), ("Sør", 3000))
    )
    respondents(open_round, 8, gender="female", area=sentrum)
    respondents(open_round, 2, gender="", area=sentrum)
    respondents(open_round, 6, gender="male", area=nord)
    respondents(open_round, 2, gender="", area=sor)
    respondents(open_round, 3)  # answered none of the questions
    respondents(open_round, 4, gender="male", area=sor, finished=False)  # do not count
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round)).content.decode()

    # Gender: 14 answered. Women 8/14 = 57.1 % against 20 060 of 38 687 aged 15+ in Arendal
    # (51.9 %): ratio 1.10. Men 6/14 = 42.9 % against 18 627/38 687 = 48.1 %: ratio 0.89.
    assert _rows(html, "gender-heading") == [
        [
            "Gruppe",
            "Svarende",
            "Andel av svarende",
            "Andel av befolkningen",
            "Representasjonsforhold",
            "Vurdering",
        ],
        ["Kvinne", "8", "57,1 %", "51,9 %", "1,10", "Omtrent som i befolkningen"],
        ["Mann", "6", "42,9 %", "48,1 %", "0,89", "Omtrent som i befolkningen"],
        ["Annet", "0", "0,0 %", "–", "–", "Ingen befolkningstall"],
        ["Svarte på spørsmålet", "14", "100,0 %", "", "", ""],
    ]
    assert "Svarte ikke eller ville ikke svare: 7." in html
    assert "befolkningen 15 år og eldre i Arendal 1. januar 2024 (SSB, tabell 07459)" in html

    # Parts: 18 answered. Sør (2) is too small; Nord (6) joins it so that Sør cannot be
    # worked out from the total. Sentrum 10/18 = 55.6 % against 4000/10 000: ratio 1.39;
    # Nord and Sør 8/18 = 44.4 % against 6000/10 000: ratio 0.74.
    assert _rows(html, "area-heading") == [
        [
            "Gruppe",
            "Svarende",
            "Andel av svarende",
            "Andel av befolkningen",
            "Representasjonsforhold",
            "Vurdering",
        ],
        ["Sentrum", "10", "55,6 %", "40,0 %", "1,39", "Overrepresentert"],
        ["Andre grupper samlet (Nord, Sør)", "8", "44,4 %", "60,0 %", "0,74", "Underrepresentert"],
        ["Svarte på spørsmålet", "18", "100,0 %", "", "", ""],
    ]
    assert "Svarte ikke eller ville ikke svare: 3." in html
    # Age was asked, but nobody answered it: nothing is shown.
    assert "Færre enn 5 svarte på dette spørsmålet, så ingenting vises." in html


def test_small_groups_are_never_shown_on_their_own(client, world, open_round):
    call_command("population", "import", str(JSONSTAT))
    ask_all(open_round.project)
    respondents(open_round, 5, age_band="40-54")
    respondents(open_round, 4, age_band="15-24")
    respondents(open_round, 1, age_band="70+")
    client.force_login(world["owner_a"])
    rows = _rows(client.get(_url(open_round)).content.decode(), "age-heading")
    names = [row[0] for row in rows]
    # 15-24 (4) and 70+ (1) are pooled: 5, enough to show as "other"; 40-54 is shown.
    assert names == [
        "Gruppe",
        "13–14 år",
        "25–39 år",
        "40–54 år",
        "55–69 år",
        "Andre grupper samlet (15–24 år, 70 år eller eldre)",
        "Svarte på spørsmålet",
    ]
    assert rows[3][:3] == ["40–54 år", "5", "50,0 %"]
    assert rows[5][:3] == ["Andre grupper samlet (15–24 år, 70 år eller eldre)", "5", "50,0 %"]
    assert not any(row[1] in {"4", "1"} for row in rows[1:])


def test_a_round_below_the_minimum_shows_nothing(client, world, open_round):
    ask_all(open_round.project)
    respondents(open_round, 4, gender="female", age_band="25-39")
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round)).content.decode()
    assert html.count("Færre enn 5 svarte på dette spørsmålet, så ingenting vises.") == 3
    assert "<table" not in html


def test_without_population_figures_only_respondents_are_shown(client, world, open_round):
    ask_all(open_round.project)
    respondents(open_round, 5, gender="female")
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round)).content.decode()
    assert _rows(html, "gender-heading")[:2] == [
        ["Gruppe", "Svarende", "Andel av svarende"],
        ["Kvinne", "5", "100,0 %"],
    ]
    assert "Det er ikke importert befolkningstall for denne kommunen." in html


def test_a_project_without_questions_says_so_and_links_to_the_settings(client, world, open_round):
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round)).content.decode()
    assert "Dette prosjektet stiller ingen bakgrunnsspørsmål." in html
    assert f'href="/prosjekter/{open_round.project_id}/bakgrunn/"' in html


def test_the_results_page_links_to_the_comparison(client, world, open_round):
    client.force_login(world["owner_a"])
    html = client.get(
        f"/prosjekter/{open_round.project_id}/malinger/{open_round.pk}/resultat/"
    ).content.decode()
    assert f'href="{_url(open_round)}"' in html
    project_page = client.get(f"/prosjekter/{open_round.project_id}/").content.decode()
    assert "Bakgrunnsspørsmål til deltakerne" in project_page


@pytest.mark.parametrize(
    ("language", "name", "flag", "even"),
    [
        (
            "nb",
            "Alle grupper samlet (Kvinne, Mann)",
            "Ikke vurdert: ingen gruppe har nok svar til å vises for seg",
            "Omtrent som i befolkningen",
        ),
        (
            "nn",
            "Alle grupper samla (Kvinne, Mann)",
            "Ikkje vurdert: ingen gruppe har nok svar til å visast for seg",
            "Omtrent som i befolkninga",
        ),
        (
            "en",
            "All groups together (Woman, Man)",
            "Not assessed: no group has enough answers to be shown on its own",
            "About as in the population",
        ),
    ],
)
def test_when_every_group_is_pooled_nothing_is_called_representative(
    client, world, open_round, language, name, flag, even
):
    call_command("population", "import", str(JSONSTAT))
    ask_all(open_round.project)
    # 3 + 3: enough in all, too few in each group, so both are pooled and the pool is
    # every respondent: 100 % against 100 % of the population says nothing.
    respondents(open_round, 3, gender="female")
    respondents(open_round, 3, gender="male")
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = _rows(html, "gender-heading")
    assert rows[2] == [name, "6", rows[2][2], rows[2][3], "–", flag]
    assert rows[2][2] == rows[2][3] == ("100,0 %" if language != "en" else "100.0 %")
    assert even not in html


@pytest.mark.parametrize(
    ("language", "band", "note"),
    [
        ("nb", "13–14 år", "13–14 år har ikke befolkningstall: SSB-tabellen teller alderen"),
        ("nn", "13–14 år", "13–14 år har ikkje folketal: SSB-tabellen tel alderen"),
        ("en", "13–14 years", "13–14 years has no population figure: Statistics Norway"),
    ],
)
def test_a_youth_project_has_a_13_14_band_without_a_population_figure(
    client, world, open_round, language, band, note
):
    call_command("population", "import", str(JSONSTAT))
    ask_all(open_round.project)
    respondents(open_round, 6, age_band="13-14")
    respondents(open_round, 5, age_band="15-24")
    client.force_login(world["owner_a"])
    html = client.get(_url(open_round), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = _rows(html, "age-heading")
    assert rows[1][:2] == [band, "6"]
    assert rows[1][3:5] == ["–", "–"]
    assert note in html
