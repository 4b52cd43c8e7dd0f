"""The round results page: disagreements first, suppression visible, no small party's numbers."""

from samson.testing.html import headings, table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_suppression_is_visible_and_complete(client, world, four_parties):
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", four_parties), **EN).content.decode()
    names = {p.preset: p.name for p in four_parties.project.parties.all()}
    assert table(html, "Finished answers per party")[1:] == [
        [names["kommunen"], "6"],
        [names["innbyggere"], "6"],
        [names["frivillige"], "counted in other parties"],
        [names["naeringsliv"], "fewer than 5"],
        ["Other parties together", "7"],
        ["All participants", "19"],  # the unfinished response is not counted
    ]
    # The suppressed parties' names occur once: in the table of counts, never beside a score.
    assert html.count(names["frivillige"]) == 1
    assert html.count(names["naeringsliv"]) == 1
    values = table(html, "Scores per value, for all")
    assert values[0] == [
        "Value",
        "All",
        names["kommunen"],
        names["innbyggere"],
        "Other parties together",
    ]
    # Equality: 100 and 0; the others (5 × 75 + 2 × 25) / 7 = 60.7; all (600 + 425) / 19 = 53.9.
    assert values[1] == ["Equality", "53.9", "100.0", "0.0", "60.7"]


def test_disagreements_come_first_with_dialogue_questions(client, world, four_parties):
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", four_parties), **EN).content.decode()
    assert headings(html, "h2")[:2] == [
        "Where the parties see it differently",
        "All participants together",
    ]
    spots = headings(html, "h3")
    assert spots[0] == "Equality – large difference (100.0 points apart)"
    # Other values are 50 for both shown parties; each field is (100 + 3 × 50) / 4 = 62.5
    # against 37.5: four notable spots of 25 after the equality value and its four cells.
    assert spots[1:5] == [
        f"Equality – {field} – large difference (100.0 points apart)"
        for field in (
            "Understanding and defining the problem",
            "Designing solutions",
            "Carrying out",
            "Evaluating and carrying on",
        )
    ]
    assert spots[5] == (
        "Understanding and defining the problem – notable difference (25.0 points apart)"
    )
    cell = spec(four_parties).cell("likeverd", "problem")
    text = visible_text(html)
    for question in cell.dialogue:
        assert question.en in text
    # Both shown parties chose "together" everywhere: no typology disagreement is claimed.
    assert "the parties answer differently" not in text


def test_typology_shares_per_party(client, world, four_parties):
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", four_parties), **EN).content.decode()
    names = {p.preset: p.name for p in four_parties.project.parties.all()}
    rows = table(html, "Who defined the challenge")
    assert rows[0] == ["Answer", "All", names["kommunen"], names["innbyggere"]]
    # All: 12 of 19 chose "together", 7 of 19 citizens' side: 63.2 % and 36.8 %.
    assert [row[1:] for row in rows[1:]] == [
        ["0.0 %", "0.0 %", "0.0 %"],
        ["63.2 %", "100.0 %", "100.0 %"],
        ["36.8 %", "0.0 %", "0.0 %"],
        [
            "The municipality and the other parties together",
            "The municipality and the other parties together",
            "The municipality and the other parties together",
        ],
    ]


def test_typology_disagreement_is_listed(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument, typology=(1, 2, 2)), 5)
    answer(round, parties["innbyggere"], grid_answers(instrument, typology=(3, 2, 2)), 5)
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    spots = [h for h in headings(html, "h3") if h.endswith("the parties answer differently")]
    assert spots == ["Who defined the challenge – the parties answer differently"]
    assert (
        f"{parties['kommunen'].name}: The municipality or other public-sector professionals"
        in visible_text(html)
    )


def test_a_round_under_the_minimum_shows_no_results(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    answer(round, parties["kommunen"], grid_answers(spec(round), {"likeverd": 5}), 4)
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    text = visible_text(html)
    assert "This round has fewer than 5 finished answers, so no results are shown yet." in text
    assert table(html, "Finished answers per party")[1:] == [
        [parties["kommunen"].name, "fewer than 5"],
        [parties["innbyggere"].name, "no answers"],
        ["All participants", "fewer than 5"],
    ]
    assert "<svg" not in html
    assert "Equality" not in text


def test_two_parties_one_small_shows_only_the_total(client, world):
    round = world["round_a"]
    parties = parties_of(round)
    instrument = spec(round)
    answer(round, parties["kommunen"], grid_answers(instrument, {"likeverd": 5}), 6)
    answer(round, parties["innbyggere"], grid_answers(instrument, {"likeverd": 1}), 3)
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    assert table(html, "Finished answers per party")[1:] == [
        [parties["kommunen"].name, "counted only in all participants"],
        [parties["innbyggere"].name, "fewer than 5"],
        ["All participants", "9"],
    ]
    assert html.count(parties["kommunen"].name) == 1
    assert "No party can be shown on its own" in visible_text(html)
    # The total is shown: equality (6 × 100 + 3 × 0) / 9 = 66.7.
    assert table(html, "Scores per value (rows)")[1][-1] == "66.7"
