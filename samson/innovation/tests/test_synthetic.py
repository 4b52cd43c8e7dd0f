"""The synthetic national dataset: calibration, weights, routing and determinism."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from samson.innovation import derive
from samson.innovation.synthetic import (
    TARGETS,
    Frame,
    SyntheticData,
    generate,
    size_class,
    write_files,
)
from samson.instrument_spec import Instrument, validate_answers
from samson.surveystats import make_design, mean, poststratify


@pytest.fixture(scope="module")
def national(frame: Frame) -> SyntheticData:
    return generate(20_000, frame=frame)


def test_frame_has_every_municipality_and_landsdel(frame: Frame) -> None:
    assert len(frame.kommunenr) == 357
    assert sorted(set(frame.landsdel.tolist())) == [1, 2, 3, 4, 5, 6]
    assert frame.units.min() >= 1
    assert size_class([4_999, 5_000, 19_999, 20_000, 50_000]).tolist() == [1, 2, 3, 4, 5]


def test_weighted_estimates_reproduce_the_published_figures(national: SyntheticData) -> None:
    design = make_design(national.n, weights=national.columns["vekt"])
    derived = derive(national.columns)
    achieved = {t.indicator: mean(design, derived[t.indicator])[None].estimate for t in TARGETS}
    off = {
        t.indicator: (t.value, round(achieved[t.indicator], 4))
        for t in TARGETS
        if abs(achieved[t.indicator] - t.value) > 0.01
    }
    assert off == {}


def test_weights_are_poststratified_to_the_frame(national: SyntheticData) -> None:
    cols = national.columns
    cells = {
        "enhetstype": [int(v) for v in cols["enhetstype"]],
        "landsdel": [int(v) for v in cols["landsdel"]],
    }
    population: dict[tuple[int, ...], float] = {
        key: float(count) for key, count in national.population.items()
    }
    design = poststratify(make_design(national.n, weights=cols["vekt"]), cells, population)
    np.testing.assert_allclose(design.weights, cols["vekt"], rtol=1e-9)
    assert math.isclose(float(cols["vekt"].sum()), sum(population.values()), rel_tol=1e-9)
    # The weights matter: the unweighted share of innovative units differs from the weighted.
    innovative = derive(cols)["I_INNOVATIV"]
    assert abs(float(np.nanmean(innovative)) - 0.74) > 0.005


def test_labelled_synthetic_and_deterministic(frame: Frame) -> None:
    first, second = generate(400, seed=7, frame=frame), generate(400, seed=7, frame=frame)
    assert first.columns.keys() == second.columns.keys()
    for name, values in first.columns.items():
        np.testing.assert_array_equal(values, second.columns[name])
    assert (first.columns["synthetic"] == 1).all()
    assert not np.array_equal(
        first.columns["B1_PROSESS"], generate(400, seed=8, frame=frame).columns["B1_PROSESS"]
    )


def test_answers_follow_the_instrument_and_its_filters(
    national: SyntheticData, instruments: tuple[Instrument, ...]
) -> None:
    spec = instruments[0]
    items = [item.id for item in spec.items]
    assert [name for name in national.columns if name.isupper()] == items
    for row in range(0, national.n, 97):
        answers = {
            name: int(national.columns[name][row])
            for name in items
            if not math.isnan(national.columns[name][row])
        }
        validate_answers(spec, answers)
        shown = {item.id for item in spec.shown_items(answers)}
        assert set(answers) == shown, row
        initiators = sum(
            answers.get(f"B5_{a}", 0) == 1
            for a in (
                "LEDER",
                "MEDARBEIDER",
                "INNBYGGER",
                "PRIVAT",
                "POLITIKK",
                "FRIVILLIG",
                "FORSKNING",
                "OKONOMI",
                "REGELVERK",
                "ANNET",
            )
        )
        assert initiators <= 3


def test_files(tmp_path: Path, frame: Frame, instruments: tuple[Instrument, ...]) -> None:
    data = generate(300, seed=3, frame=frame)
    csv_path, population, readme, codebook = write_files(
        data, tmp_path / "syn.csv", seed=3, instruments=instruments, frame=frame
    )
    assert codebook.name == "syn.codebook.md"
    lines = csv_path.read_text("utf-8").splitlines()
    assert len(lines) == 301
    header = lines[0].split(",")
    assert header[:10] == [
        "id",
        "synthetic",
        "kommunenr",
        "fylkesnr",
        "landsdel",
        "storrelse",
        "sentralitet",
        "sektor",
        "enhetstype",
        "vekt",
    ]
    assert lines[1].split(",")[1] == "1"
    assert population.read_text("utf-8").splitlines()[0] == "enhetstype,landsdel,count"
    assert readme.read_text("utf-8").startswith("SYNTHETIC DATA - NOT REAL SURVEY RESPONSES.")
