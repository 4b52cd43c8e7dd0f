"""Comparing two rounds of a project: the form, and Welch's numbers on the page."""

import math

import pytest

from samson.groupscores import t_quantile
from samson.projects import services
from samson.testing.html import read, table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def two_rounds(world):
    first = world["round_a"]
    second = services.round_create(project=first.project, label="Underveis")
    parties = parties_of(first)
    instrument = spec(first)
    for code in (2, 3, 3, 4, 3):  # equality 25, 50, 50, 75, 50: mean 50, s^2 = 312.5
        answer(first, parties["kommunen"], grid_answers(instrument, {"likeverd": code}))
    for code in (4, 5, 5, 4, 5):  # 75, 100, 100, 75, 100: mean 90, s^2 = 187.5
        answer(second, parties["kommunen"], grid_answers(instrument, {"likeverd": code}))
    answer(first, parties["innbyggere"], grid_answers(instrument), 5)
    answer(second, parties["innbyggere"], grid_answers(instrument), 5)
    return first, second


def _get(client, project, **params):
    return client.get(url("results:compare", project.rounds.first()), params, **EN)


def test_the_form_alone(client, world):
    client.force_login(world["owner_a"])
    html = _get(client, world["project_a"]).content.decode()
    assert "To go on, you must correct the following:" not in html
    assert '<label class="ds-label" for="id_a">Earlier round</label>' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"a": "A", "b": "A"}, "Later round: Choose two different rounds."),
        ({"a": "A", "b": "B"}, "Later round: Choose one of this project's rounds."),
        ({"b": "A"}, "Earlier round: Choose the earlier round."),
        ({"a": "x", "b": "A"}, "Earlier round: Choose one of this project's rounds."),
    ],
)
def test_bad_choices_are_explained(client, world, params, message):
    client.force_login(world["owner_a"])
    ids = {"A": world["round_a"].pk, "B": world["round_b"].pk}
    reply = _get(client, world["project_a"], **{k: ids.get(v, v) for k, v in params.items()})
    assert reply.status_code == 200
    text = visible_text(reply.content.decode())
    assert f"To go on, you must correct the following: {message}" in text
    assert "From Oppstart" not in text


def test_welch_numbers_on_the_page(client, world, two_rounds):
    first, second = two_rounds
    client.force_login(world["owner_a"])
    html = _get(client, first.project, a=first.pk, b=second.pk).content.decode()
    name = parties_of(first)["kommunen"].name
    rows = table(html, name)
    assert rows[0] == ["Score", "Oppstart", "Underveis", "Change", "95 % interval", "Reading"]
    # se^2 = 312.5/5 + 187.5/5 = 100; df = 100^2 / (62.5^2/4 + 37.5^2/4) = 7.529...
    df = 100**2 / (62.5**2 / 4 + 37.5**2 / 4)
    half = t_quantile(0.975, df) * math.sqrt(100)
    low, high = f"+{40 - half:.1f}", f"+{40 + half:.1f}"
    equality = next(row for row in rows if row[0] == "Equality")
    assert equality == [
        "Equality", "50.0", "90.0", "+40.0", f"{low} to {high}",
        "larger than the spread of answers explains",
    ]  # fmt: skip
    assert (low, high) == ("+16.7", "+63.3")
    learning = next(row for row in rows if row[0] == "Joint learning")
    assert learning == [
        "Joint learning",
        "50.0",
        "50.0",
        "0.0",
        "0.0 to 0.0",
        "within the spread of answers",
    ]
    everyone = table(html, "All participants")
    assert [row[0] for row in everyone[1:]][:2] == ["Overall score", "Equality"]


def test_parties_too_small_in_a_round_are_not_compared(client, world, two_rounds):
    first, _second = two_rounds
    third = services.round_create(project=first.project, label="Avslutning")
    parties = parties_of(first)
    answer(third, parties["kommunen"], grid_answers(spec(first)), 6)
    answer(third, parties["innbyggere"], grid_answers(spec(first)), 2)
    client.force_login(world["owner_a"])
    html = _get(client, first.project, a=first.pk, b=third.pk).content.decode()
    text = visible_text(html)
    # The municipality has 5 and 6: enough in both rounds, but hidden in the third so that
    # the citizens' 2 cannot be read as 8 - 6. The page says so instead of "too few".
    assert (
        "Not compared, because these parties are not shown on their own in at least one of the "
        f"rounds: {parties['kommunen'].name} (hidden in Avslutning, although it has enough "
        "answers, so that a smaller party cannot be worked out from the total), "
        f"{parties['innbyggere'].name} (fewer than 5 answers in Avslutning)." in text
    )
    assert "too few answers" not in text
    captions = [table["caption"] for table in read(html).tables]
    assert captions == ["All participants"]


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("nb", "Her teller hver deltaker én gang, med gjennomsnittet av sine egne svar."),
        ("nn", "Her tel kvar deltakar éin gong, med gjennomsnittet av sine eigne svar."),
        ("en", "Here each participant counts once, with the mean of their own answers."),
    ],
)
def test_the_page_explains_why_its_score_can_differ_from_the_results_page(
    client, world, two_rounds, language, note
):
    first, second = two_rounds
    client.force_login(world["owner_a"])
    html = client.get(
        url("results:compare", first),
        {"a": first.pk, "b": second.pk},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert note in visible_text(html)
