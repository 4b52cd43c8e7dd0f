"""The heat maps of a round: one grid per group, built once from its Result, printed as SVG and
as the data table beside it, which must say the same."""

import gc
import re
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.utils import translation

from samson import charts
from samson.results import presenters, selectors
from samson.scoring import Result
from samson.testing.html import table
from samson.testing.rounds import answer, four_party_round, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FIELDS = [
    "Understanding and defining the problem",
    "Designing solutions",
    "Carrying out",
    "Evaluating and carrying on",
]
VALUES = ["Equality", "Mutual exchange", "Joint learning", "Collective leadership"]


def labels(cells):
    return [cell.label for cell in cells]


def test_each_shown_group_gets_one_grid_with_the_scores_as_the_page_prints_them(
    world, four_parties
):
    with translation.override("en"):
        results = presenters.round_results(four_parties, "en")
    assert results.total is not None
    total = results.total.grid
    assert [row.label for row in total.rows] == VALUES
    assert [column.label for column in total.columns] == FIELDS
    # Equality: (6 × 100 + 6 × 0 + 5 × 75 + 2 × 25) / 19 = 53.9; everything else is 50.
    assert labels(total.rows[0].cells) == ["53.9"] * 4
    assert total.rows[0].cells[0].value == 53.9
    assert total.rows[0].total.label == "53.9"
    assert [labels(row.cells) for row in total.rows[1:]] == [["50.0"] * 4] * 3
    assert labels(total.column_totals) == ["51.0"] * 4
    assert total.overall.label == "51.0"
    assert (total.chart_id, total.table_id) == ("heatmap-all", "total-grid-caption")
    assert total.caption == (
        "Scores per value (rows) and field of action (columns), all participants"
    )

    parties = parties_of(four_parties)
    # Only the two parties shown on their own have a grid; the merged ones have none.
    assert [party.key for party in results.parties] == [
        str(parties["kommunen"].pk),
        str(parties["innbyggere"].pk),
    ]
    municipality = results.parties[0].grid
    assert labels(municipality.rows[0].cells) == ["100.0"] * 4
    assert municipality.rows[0].cells[0].colour_class == "band-4"
    assert labels(municipality.column_totals) == ["62.5"] * 4
    assert municipality.overall.label == "62.5"
    assert municipality.title == (
        f"Scores per value and field of action: {parties['kommunen'].name}"
    )
    citizens = results.parties[1].grid
    assert labels(citizens.rows[0].cells) == ["0.0"] * 4
    assert citizens.rows[0].cells[0].colour_class == "band-0"
    assert not hasattr(results.parties[0], "result")  # no result for a party


def test_the_page_builds_one_profile_and_draws_each_heat_map_once(client, world, four_parties):
    client.force_login(world["owner_a"])
    profile = Result.profile
    with (
        mock.patch.object(Result, "profile", autospec=True, side_effect=profile) as profiles,
        mock.patch.object(charts, "heatmap_svg", wraps=charts.heatmap_svg) as drawn,
    ):
        reply = client.get(url("results:round", four_parties), **EN)
    assert reply.status_code == 200
    assert profiles.call_count == 1  # the whole round's, for its level and advice
    assert [call.args[0].chart_id for call in drawn.call_args_list] == [
        "heatmap-all",
        f"heatmap-party-{parties_of(four_parties)['kommunen'].pk}",
        f"heatmap-party-{parties_of(four_parties)['innbyggere'].pk}",
    ]


def svg_numbers(html: str, chart_id: str) -> list[list[str]]:
    svg = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    return [
        [text.text or "" for text in row.iter(f"{ns}text") if text.get("class") == "value"]
        for row in root.iter(f"{ns}g")
        if row.get("class") == "row"
    ]


def half_up(text: str) -> str:
    return str(int(float(text) + 0.5))


@pytest.mark.parametrize("page", ["results:round", "reports:round"])
def test_the_svg_and_the_data_table_print_the_same_numbers(client, world, page):
    round = four_party_round(world)
    parties = parties_of(round)
    instrument = spec(round)
    # Uneven scores, so that rounding to whole numbers in the SVG is tested: the municipality's
    # equality is (6 × 100 + 2 × 75) / 8 = 93.75, shown 93.8 in the table and 94 in the SVG.
    answer(round, parties["kommunen"], grid_answers(instrument, {"likeverd": 4}), 2)
    client.force_login(world["owner_a"])
    html = client.get(url(page, round), **EN).content.decode()
    rows = table(html, "Scores per value (rows) and field of action (columns): ")
    assert rows[1][:2] == ["Equality", "93.8"]
    for chart_id, caption in (
        ("heatmap-all", "Scores per value (rows) and field of action (columns), all participants"),
        (
            f"heatmap-party-{parties['kommunen'].pk}",
            "Scores per value (rows) and field of action (columns): ",
        ),
    ):
        grid_rows = table(html, caption)[1:-1]  # without the header and the "All values" row
        assert svg_numbers(html, chart_id) == [
            [half_up(text.replace(",", ".")) for text in row[1:-1]] for row in grid_rows
        ]
    assert svg_numbers(html, f"heatmap-party-{parties['kommunen'].pk}")[0] == ["94"] * 4


def test_a_party_name_cannot_break_out_of_the_heat_map(client, world):
    round = four_party_round(world)
    party = parties_of(round)["kommunen"]
    party.name = '</title><script>alert("x")</script>'
    party.save()
    client.force_login(world["owner_a"])
    html = client.get(url("results:round", round), **EN).content.decode()
    assert "<script>alert" not in html
    svg = re.search(rf'<svg [^>]*id="heatmap-party-{party.pk}".*?</svg>', html, re.S)
    assert svg is not None
    title = ET.fromstring(svg.group(0)).find("{http://www.w3.org/2000/svg}title")
    assert title is not None
    assert title.text == f"Scores per value and field of action: {party.name}"


def test_the_collector_is_on_again_after_the_answers_are_read(world, four_parties):
    assert gc.isenabled()
    scores = selectors.round_group_scores(four_parties)
    assert gc.isenabled()
    assert scores.total is not None and scores.total.n == 19
