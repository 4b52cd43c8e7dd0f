"""Every statement of a result rests on the answers it names (issue 14, point 2).

Property tests over random answers, for one respondent and for groups: a statement that states
something (met / not met, yes / no, a warning or its absence) names answered items; blanking
those answers takes the claim away (the statement becomes "not answered" or "not asked", or
rests on other answers); a statement with no answers behind it is never a finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from samson.instrument_spec import AnswerError, Instrument, load_instrument_file
from samson.scoring import Result, score, score_responses
from samson.scoring import texts as scoring_texts

from .conftest import FIXTURE

# Property tests over many generated rounds (about half a minute): `make test` runs them.
pytestmark = pytest.mark.slow

SHIPPED = Path(__file__).resolve().parents[2] / "instruments" / "shipped"
INSTRUMENTS = {
    "minimal": load_instrument_file(FIXTURE).spec,
    "samson-kort": load_instrument_file(SHIPPED / "samson-kort.yaml").spec,
    "samson": load_instrument_file(SHIPPED / "samson.yaml").spec,
}
CLAIMS = {"met", "not_met", "yes", "no", "fired", "not_found"}
Key = tuple[str, str, str, str | None]
Response = dict[str, object]


def _codes(instrument: Instrument, item_id: str) -> list[int]:
    scale = instrument.scale_for(item_id)
    assert scale is not None
    if scale.type == "likert":
        assert scale.min is not None and scale.max is not None
        codes = list(range(scale.min, scale.max + 1))
    else:
        codes = [option.code for option in scale.options]
    return [*codes, scale.dont_know.code]


@st.composite
def responses(draw: st.DrawFn, instrument: Instrument, most: int = 1) -> list[Response]:
    """1..most responses, each item left out or answered with any code (don't know too)."""
    scored = [item.id for item in instrument.items if instrument.scale_for(item) is not None]
    count = draw(st.integers(min_value=1, max_value=most))
    out = []
    for _ in range(count):
        answers: Response = {}
        for item_id in scored:
            code = draw(st.sampled_from([None, *_codes(instrument, item_id)]))
            if code is not None:
                answers[item_id] = code
        out.append(answers)
    return out


def statements(result: Result) -> Iterator[tuple[Key, str, tuple[str, ...]]]:
    """(key, status, cited answers) for every statement the result makes: the maturity
    conditions, the thin/thick reading and its signals, the highlighted cells and factors (the
    advice), and the anti-pattern warnings."""
    for condition in result.maturity.reasons:
        subject = condition.subject if condition.id.endswith(("not_fired", "_at_least")) else None
        if condition.id == "values_all_at_least":
            subject = None  # the lowest value may change when answers are blanked
        yield (
            ("condition", condition.level, condition.id, subject),
            condition.status,
            (condition.answers),
        )
    for signal in result.reading.signals:
        yield ("signal", "", signal.id, None), signal.status, signal.answers
    if result.reading.id is not None:
        shared = [s for s in result.reading.signals[:2] if s.met is not None]
        cited = tuple(item for signal in shared for item in signal.answers)
        yield ("reading", "", "reading", None), "yes", cited
    cells = {(cell.value, cell.field): cell.score for cell in result.cells}
    for value, field in (*result.weakest_cells, *result.strongest_cells):
        yield ("cell", value, field, None), "yes", cells[value, field].basis
    factors = result.factors
    for kind, scores, picked in (
        ("barrier", factors.barriers, factors.strongest_barrier),
        ("driver", factors.drivers, factors.strongest_driver),
        ("driver", factors.drivers, factors.weakest_driver),
        ("challenge", factors.challenges, factors.main_challenge),
    ):
        for entry in scores:
            if entry.id == picked:
                yield ("factor", kind, entry.id, None), "yes", entry.score.basis
    for pattern in result.antipatterns:
        if pattern.fired:
            status = "fired"
            cited = pattern.score.basis if pattern.by_items else _typology_ids(result)
        elif pattern.score.score is not None:
            status, cited = "not_found", pattern.score.basis
        else:
            status, cited = ("not_answered" if pattern.score.items else "not_asked"), ()
        yield ("antipattern", "", pattern.id, None), status, cited


def _typology_ids(result: Result) -> tuple[str, ...]:
    return tuple(a.item_id for a in result.typology.answers if a.item_id and a.code is not None)


def _answered(instrument: Instrument, answers: list[Response]) -> set[str]:
    """Items with at least one substantive answer."""
    found = set()
    for response in answers:
        for item_id, code in response.items():
            scale = instrument.scale_for(item_id)
            if scale is not None and code != scale.dont_know.code:
                found.add(item_id)
    return found


def _score(instrument: Instrument, answers: list[Response]) -> Result:
    try:
        return score_responses(instrument, answers)
    except AnswerError:  # a page limit ("choose up to three") the draw broke
        assume(False)
        raise


def _check_claims_rest_on_their_answers(instrument: Instrument, answers: list[Response]) -> None:
    result = _score(instrument, answers)
    answered = _answered(instrument, answers)
    before = {key: (status, cited) for key, status, cited in statements(result)}
    for key, (status, cited) in before.items():
        if status not in CLAIMS:
            assert cited == (), key
            continue
        assert cited, f"{key} claims {status} and names no answer"
        assert set(cited) <= answered, key
        blanked = [
            {item: code for item, code in response.items() if item not in cited}
            for response in answers
        ]
        after = {k: (s, c) for k, s, c in statements(_score(instrument, blanked))}
        if key not in after:
            continue  # the statement is gone (e.g. no level without any score)
        status_after, cited_after = after[key]
        assert status_after not in CLAIMS or not set(cited_after) & set(cited), (
            f"{key}: {status} on {cited} is still {status_after} on {cited_after} when they "
            "are blank"
        )


PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_every_claim_of_one_respondent_rests_on_its_answers(name: str) -> None:
    instrument = INSTRUMENTS[name]

    @PROFILE
    @given(responses(instrument))
    def check(answers: list[Response]) -> None:
        _check_claims_rest_on_their_answers(instrument, answers)

    check()


@pytest.mark.parametrize("name", ["minimal", "samson-kort"])
def test_every_claim_of_a_group_rests_on_its_answers(name: str) -> None:
    instrument = INSTRUMENTS[name]

    @PROFILE
    @given(responses(instrument, most=4))
    def check(answers: list[Response]) -> None:
        _check_claims_rest_on_their_answers(instrument, answers)

    check()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_a_statement_without_answers_is_never_worded_as_a_finding(name: str, lang: str) -> None:
    instrument = INSTRUMENTS[name]

    @PROFILE
    @given(responses(instrument, most=2))
    def check(answers: list[Response]) -> None:
        data = _score(instrument, answers).to_dict(lang)
        unknown = {
            scoring_texts.STATUS_LABELS[status].get(lang)
            for status in ("not_answered", "not_asked")
        }
        rows = [
            *data["maturity"]["reasons"],
            *data["reading"]["signals"],
            *data["antipatterns"],
        ]
        for row in rows:
            if row["id"] == "no_scores":
                continue
            if row["status"] in CLAIMS:
                assert row["answers" if "answers" in row else "id"], row
            else:
                assert row["status_label"] in unknown
                suffix = (
                    scoring_texts.NOT_ANSWERED
                    if row["status"] == "not_answered"
                    else scoring_texts.NOT_ASKED
                ).get(lang)
                assert row["text"].endswith(suffix.split("{topic}")[1]), row["text"]

    check()


def test_nothing_answered_claims_nothing() -> None:
    data = score(INSTRUMENTS["samson-kort"], {}).to_dict("nb")
    assert data["maturity"]["level"] is None
    assert [(r["status_label"], r["text"]) for r in data["maturity"]["reasons"]] == [
        ("Ikke besvart", "Ingen svar med innhold ennå; «vet ikke» teller ikke.")
    ]
    assert data["reading"]["id"] is None
    assert {s["status"] for s in data["reading"]["signals"]} == {"not_answered"}
    assert [(p["status"], p["text"]) for p in data["antipatterns"]] == [
        (
            "not_asked",
            "Varselet «Nesten ferdige løsninger sendt på høring»: dette spørreskjemaet spør "
            "ikke om det.",
        ),
        (
            "not_asked",
            "Varselet «Forhåndsprogrammerte prosesser»: dette spørreskjemaet spør ikke om det.",
        ),
        (
            "not_asked",
            "Varselet «Oppgaver flyttet for å spare penger»: dette spørreskjemaet "
            "spør ikke om det.",
        ),
    ]
    assert data["warnings_summary"] == "incomplete"
