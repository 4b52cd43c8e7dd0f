"""The workshop view: live counts, and results revealed one step at a time."""

import pytest

from samson.projects import services
from samson.testing.html import headings, table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec, url

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def open_round(world):
    round = services.round_transition(round=world["round_a"], to="apen")
    parties = parties_of(round)
    instrument = spec(round)
    answer(
        round, parties["kommunen"], grid_answers(instrument, {"likeverd": 5}, typology=(1, 1, 2)), 5
    )
    answer(round, parties["innbyggere"], grid_answers(instrument, {"likeverd": 1}), 2)
    return round


def _step(client, round, direction):
    reply = client.post(url("results:reveal", round), {"direction": direction})
    assert reply.status_code == 302
    assert reply["Location"] == url("results:workshop", round) + "#results-step"
    round.refresh_from_db()
    return round.revealed


def test_the_page_while_answering(client, world, open_round):
    client.force_login(world["owner_a"])
    html = client.get(url("results:workshop", open_round), **EN).content.decode()
    assert headings(html, "h1") == ["Prosjekt A: Oppstart"]
    assert '<html lang="en"' in html
    assert '<a class="ds-skip-link samson-skip-link" href="#main">' in html
    assert 'id="main"' in html
    assert "samson-header" not in html  # no site header or footer on the projector
    text = visible_text(html)
    assert open_round.join_code in text
    assert f"/delta/{open_round.join_code}/" in text
    assert 'class="samson-qr"' in html
    assert "Answers so far: 7." in text
    names = parties_of(open_round)
    # 5 + 2: the 2 must not be readable as 7 - 5, so the municipality's 5 is hidden as well.
    assert table(html, "Finished answers per party")[1:] == [
        [names["kommunen"].name, "counted only in all participants"],
        [names["innbyggere"].name, "fewer than 5"],
        ["All participants", "7"],
    ]
    assert "The results are shown here when the facilitator reveals them." in text
    assert 'href="' + url("results:workshop", open_round) + '">Refresh</a>' in html
    assert 'src="/static/samson/workshop.js"' in html
    assert 'aria-live="polite"' in html


def test_status_fragment(client, world, open_round):
    client.force_login(world["owner_a"])
    reply = client.get(url("results:workshop_status", open_round), **EN)
    assert reply["Cache-Control"] == "no-store"
    html = reply.content.decode()
    assert "<html" not in html and "<h1" not in html
    assert 'data-open="true"' in html
    assert visible_text(html).startswith("Answers so far: 7.")
    answer(open_round, parties_of(open_round)["innbyggere"], grid_answers(spec(open_round)), 3)
    html = client.get(url("results:workshop_status", open_round), **EN).content.decode()
    assert table(html, "Finished answers per party")[1:] == [
        [parties_of(open_round)["kommunen"].name, "5"],
        [parties_of(open_round)["innbyggere"].name, "5"],
        ["All participants", "10"],
    ]
    services.round_transition(round=open_round, to="lukket")
    html = client.get(url("results:workshop_status", open_round), **EN).content.decode()
    assert 'data-open="false"' in html
    assert "Answering has ended. Answers: 10." in visible_text(html)


def test_reveal_step_by_step(client, world, open_round):
    answer(
        open_round,
        parties_of(open_round)["innbyggere"],
        grid_answers(spec(open_round), {"likeverd": 1}),
        3,
    )
    client.force_login(world["co_a"])
    expected = {
        1: "Results, step 1 of 4: The profile of all participants",
        2: "Results, step 2 of 4: Each party's scores",
        3: "Results, step 3 of 4: Where the parties see it differently",
        4: "Results, step 4 of 4: Who defined, designed and delivers",
    }
    for step in (1, 2, 3, 4):
        assert _step(client, open_round, "next") == step
        html = client.get(url("results:workshop", open_round), **EN).content.decode()
        assert headings(html, "h2") == ["Answers per party", expected[step]]
        text = visible_text(html)
        # While results are on screen, joining shrinks to one line instead of the large QR code.
        assert f"Join at http://testserver/delta/{open_round.join_code}/ with the code" in text
        if step == 1:
            assert "Scores per value (rows) and field of action (columns), all participants" in text
        if step == 2:
            values = table(html, "Scores per value, for all")
            assert values[1] == ["Equality", "50.0", "100.0", "0.0"]
        if step == 3:
            spots = headings(html, "h3")
            assert spots[0] == "Equality – large difference (100.0 points apart)"
            assert spots[-2:] == [
                "Who defined the challenge – the parties answer differently",
                "Who designs the solution – the parties answer differently",
            ]
        if step == 4:
            assert table(html, "Who defined the challenge")[0][0] == "Answer"
    assert _step(client, open_round, "next") == 4  # the last step stays the last
    assert _step(client, open_round, "back") == 3
    assert _step(client, open_round, "back") == 2


def test_reveal_with_bad_input_changes_nothing(client, world, open_round):
    client.force_login(world["owner_a"])
    assert _step(client, open_round, "sideways") == 0
    assert _step(client, open_round, "back") == 0  # never below nothing
    html = client.get(url("results:workshop", open_round), **EN).content.decode()
    assert "Results, step 0 of 4: Nothing is shown yet" in visible_text(html)


def test_revealed_results_keep_suppression(client, world, open_round):
    """5 + 2 answers: the step-2 view shows no party, since either could be derived."""
    client.force_login(world["owner_a"])
    _step(client, open_round, "next")
    _step(client, open_round, "next")
    html = client.get(url("results:workshop", open_round), **EN).content.decode()
    assert "No party has enough answers to be shown on its own (at least 5)." in visible_text(html)
    assert html.count(parties_of(open_round)["kommunen"].name) == 1
