"""Edition estimates on a tiny hand-computable dataset (no database)."""

import math

import numpy as np
import pytest

from samson.barometer import estimates

NO = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
YES = {**NO, "B1_PRODUKT": 1}
# Unit type 11: 2 of 3 innovative; unit type 21: 1 of 3. Population: 100 and 300 units.
ROWS = [
    {"enhetstype": 11, "landsdel": 1, **YES},
    {"enhetstype": 11, "landsdel": 1, **NO},
    {"enhetstype": 11, "landsdel": 1, **YES},
    {"enhetstype": 21, "landsdel": 1, **YES},
    {"enhetstype": 21, "landsdel": 1, **NO},
    {"enhetstype": 21, "landsdel": 1, **NO},
]
FRAME = [({"enhetstype": 11}, 100), ({"enhetstype": 21}, 300)]
# The design R's postStratify on equal weights gives, with Wald intervals: no clusters (the
# rows have no municipality), no collapsing (cells of three).
EXACT = estimates.DesignChoice(cluster="", collapse_below=1, interval="wald")


def _data() -> dict[str, np.ndarray]:
    return estimates.with_indicators(estimates.columns(ROWS))


def test_post_stratified_share_is_hand_computed() -> None:
    data = _data()
    weighting = estimates.weighting(data, 6, FRAME, EXACT)
    assert weighting.weighted and weighting.variables == ("enhetstype",)
    assert weighting.design.weights.tolist() == pytest.approx([100 / 3] * 3 + [100.0] * 3)
    assert (weighting.cells, weighting.merged, weighting.clusters) == (2, 0, 0)
    [overall] = estimates.estimate(data, weighting.design, ["I_INNOVATIV"], interval="wald")[
        "I_INNOVATIV"
    ]
    # (100 * 2/3 + 300 * 1/3) / 400 = 5/12
    assert overall.estimate == pytest.approx(5 / 12, abs=1e-12)
    assert overall.n == 6 and overall.weighted_n == pytest.approx(400.0)
    assert overall.se is not None
    assert overall.ci_low == pytest.approx(5 / 12 - 1.959963984540054 * overall.se)
    assert overall.imprecise  # six units cannot give a narrow interval


def test_unweighted_without_frame_and_reason_when_a_cell_is_empty() -> None:
    data = _data()
    plain = estimates.weighting(data, 6, [])
    assert not plain.weighted
    [overall] = estimates.estimate(data, plain.design, ["I_INNOVATIV"])["I_INNOVATIV"]
    assert overall.estimate == pytest.approx(0.5)
    # The frame has a unit type with no respondents: that cell is merged with its neighbour
    # (21, the one before it), never the whole weighting dropped: 100 and 300 + 50 units.
    merged = estimates.weighting(data, 6, [*FRAME, ({"enhetstype": 22}, 50)], EXACT)
    assert merged.weighted and merged.problem is None
    assert (merged.cells, merged.merged) == (3, 1)
    assert merged.design.weights.tolist() == pytest.approx([100 / 3] * 3 + [350 / 3] * 3)
    # A unit in no cell of the frame is still refused, with the reason: a code the page words
    # in its language; the statistics' own message is kept.
    stray = estimates.weighting(data, 6, [({"enhetstype": 11}, 100)], EXACT)
    assert not stray.weighted
    assert stray.problem == "cells"
    assert stray.detail == "3 respondents are in cells the frame does not count (enhetstype=21)"
    mixed = estimates.weighting(data, 6, [*FRAME, ({"landsdel": 1}, 5)])
    assert (mixed.weighted, mixed.problem, mixed.detail) == (False, "mixed_cells", "")
    missing = estimates.weighting(data, 6, [({"kommunenr": 301}, 5)])
    assert (missing.weighted, missing.problem, missing.detail) == (
        False,
        "missing_column",
        "kommunenr",
    )


def test_groups_under_the_minimum_are_suppressed() -> None:
    data = _data()
    design = estimates.weighting(data, 6, FRAME, EXACT).design
    cells = estimates.estimate(data, design, ["I_INNOVATIV"], by="enhetstype")["I_INNOVATIV"]
    assert [c.group for c in cells] == [None, 11, 21]
    assert [c.suppressed for c in cells] == [False, True, True]
    assert cells[1].estimate is None and cells[1].n == 3
    shown = estimates.estimate(data, design, ["I_INNOVATIV"], by="enhetstype", min_group_size=3)
    assert shown["I_INNOVATIV"][1].estimate == pytest.approx(2 / 3)
    assert shown["I_INNOVATIV"][2].estimate == pytest.approx(1 / 3)


def test_imprecision_rule() -> None:
    assert not estimates.is_imprecise(0.5, 0.02, 0.46, 0.54)
    assert estimates.is_imprecise(0.5, 0.06, 0.38, 0.62)  # half-width 12 points
    assert estimates.is_imprecise(0.05, 0.02, 0.01, 0.09)  # relative SE 40%
    assert estimates.is_imprecise(0.5, math.nan, math.nan, math.nan)


def test_change_between_editions() -> None:
    first = estimates.Cell(None, 100, 100.0, 0.50, 0.03, 0.44, 0.56, False, False)
    second = estimates.Cell(None, 100, 100.0, 0.62, 0.04, 0.54, 0.70, False, False)
    change = estimates.change(first, second)
    assert change is not None
    assert change.difference == pytest.approx(0.12)
    assert change.se == pytest.approx(0.05)  # sqrt(0.03² + 0.04²)
    assert change.ci_low == pytest.approx(0.12 - 1.959963984540054 * 0.05)
    assert change.significant
    small = estimates.Cell(None, 100, 100.0, 0.55, 0.04, 0.47, 0.63, False, False)
    assert not estimates.change(first, small).significant  # type: ignore[union-attr]
    suppressed = estimates.Cell(None, 3, 3.0, None, None, None, None, True, False)
    assert estimates.change(first, suppressed) is None


def test_a_small_group_cannot_be_worked_out_by_subtraction() -> None:
    # Unit type 11 has 6 respondents, 21 has 3: showing everyone and 11 would reveal 21.
    rows = [*ROWS, {"enhetstype": 11, "landsdel": 1, **NO}] * 1
    rows += [{"enhetstype": 11, "landsdel": 2, **YES}, {"enhetstype": 11, "landsdel": 2, **NO}]
    data = estimates.with_indicators(estimates.columns(rows))
    design = estimates.weighting(data, len(rows), []).design
    cells = estimates.estimate(data, design, ["I_INNOVATIV"], by="enhetstype")["I_INNOVATIV"]
    assert [(c.group, c.n) for c in cells] == [(None, 9), (11, 6), (21, 3)]
    assert [c.suppressed for c in cells] == [False, True, True]
    # Respondents without a unit type are a group of their own that is never shown.
    rows += [{"landsdel": 1, **NO}] * 5
    data = estimates.with_indicators(estimates.columns(rows))
    design = estimates.weighting(data, len(rows), []).design
    cells = estimates.estimate(data, design, ["I_INNOVATIV"], by="enhetstype")["I_INNOVATIV"]
    assert [(c.group, c.n, c.suppressed) for c in cells] == [
        (None, 14, False),
        (11, 6, False),
        (21, 3, True),
    ]


@pytest.mark.parametrize(
    ("sample", "below", "merged"),
    [
        # Every cell has enough: nothing merged.
        ({(1, 1): 5, (1, 2): 5, (2, 1): 5, (2, 2): 5}, 5, [[(1, 1)], [(1, 2)], [(2, 1)], [(2, 2)]]),
        # Along the last variable within the first: (1, 1) has 2, so it joins (1, 2).
        (
            {(1, 1): 2, (1, 2): 5, (2, 1): 5, (2, 2): 5},
            5,
            [[(1, 1), (1, 2)], [(2, 1)], [(2, 2)]],
        ),
        # A short run left at the end joins the run before it.
        (
            {(1, 1): 5, (1, 2): 1, (2, 1): 5, (2, 2): 5},
            5,
            [[(1, 1), (1, 2)], [(2, 1)], [(2, 2)]],
        ),
        # A whole first-variable group with too few: merged with the next one up.
        (
            {(1, 1): 1, (1, 2): 1, (2, 1): 5, (2, 2): 5},
            5,
            [[(1, 1), (1, 2), (2, 1)], [(2, 2)]],
        ),
        # Too few in all: one cell, the population total.
        ({(1, 1): 1, (2, 2): 1}, 5, [[(1, 1), (1, 2), (2, 1), (2, 2)]]),
        # With 1, only empty cells are merged.
        ({(1, 1): 1, (1, 2): 0, (2, 1): 1, (2, 2): 1}, 1, [[(1, 1), (1, 2)], [(2, 1)], [(2, 2)]]),
    ],
)
def test_small_cells_are_collapsed_by_the_documented_rule(sample, below, merged) -> None:
    population: dict[tuple[int, ...], float] = {
        cell: 10.0 for cell in [(1, 1), (1, 2), (2, 1), (2, 2)]
    }
    assert estimates.collapsed_cells(population, sample, below) == merged


def test_the_clusters_are_the_municipalities_unless_a_unit_lacks_one() -> None:
    rows: list[dict[str, int | None]] = [
        {**row, "kommunenr": 301 + i % 3} for i, row in enumerate(ROWS)
    ]
    data = estimates.with_indicators(estimates.columns(rows))
    clustered = estimates.weighting(data, 6, [])
    assert (clustered.clusters, clustered.design.n_clusters, clustered.design_problem) == (
        3,
        3,
        None,
    )
    rows[0]["kommunenr"] = None
    data = estimates.with_indicators(estimates.columns(rows))
    lacking = estimates.weighting(data, 6, [])
    assert (lacking.clusters, lacking.design.clusters, lacking.design_problem) == (
        0,
        None,
        "cluster_missing",
    )
    assert lacking.design_detail == "kommunenr"


def test_logit_intervals_stay_within_0_and_1() -> None:
    rows = [{**NO}] * 19 + [{**YES}]
    data = estimates.with_indicators(estimates.columns(rows))
    design = estimates.weighting(data, 20, [], EXACT).design
    [wald] = estimates.estimate(data, design, ["I_INNOVATIV"], interval="wald")["I_INNOVATIV"]
    [logit] = estimates.estimate(data, design, ["I_INNOVATIV"])["I_INNOVATIV"]
    assert wald.ci_low is not None and wald.ci_low < 0  # the finding: below 0 %
    assert logit.ci_low is not None and logit.ci_high is not None
    assert 0 < logit.ci_low < 0.05 < logit.ci_high < 1
