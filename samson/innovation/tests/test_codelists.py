"""The barometer's code lists: every code labelled in nb, nn and en, and the same labels as the
instrument where both name the same codes."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from samson.innovation import codelists, synthetic
from samson.innovation.export import value_labels, variable_labels
from samson.instrument_spec import Instrument

from .conftest import DATA


def test_every_code_has_a_label_in_each_language() -> None:
    lists: dict[str, dict[Any, codelists.Label]] = {
        **codelists.CODE_LISTS,
        "frame": codelists.FRAME_VARIABLES,
    }
    for name, codes in lists.items():
        for code, label in codes.items():
            assert all(label.get(lang).strip() for lang in codelists.LANGUAGES), (name, code)


def test_labels_are_read_in_the_language_asked_for() -> None:
    assert codelists.names(codelists.SECTORS, "en")[1] == "Health and care"
    assert codelists.names(codelists.SECTORS, "nn")[3] == "Sosiale tenester"
    assert codelists.names(codelists.LANDSDELER, "en")[1] == "Oslo and Viken"
    assert codelists.names(codelists.LANDSDELER, "nb")[1] == "Oslo og Viken"
    assert codelists.UNIT_TYPES[11].get("en") == "Nursing home"
    # Any other language code is read as bokmål, as the instruments' texts are.
    assert codelists.UNIT_TYPES[11].get("de") == "Sykehjem"


def test_sector_labels_are_the_instrument_s(instruments: tuple[Instrument, ...]) -> None:
    (scale,) = [scale for scale in instruments[0].scales if scale.id == "sektor"]
    for option in scale.options:
        assert codelists.SECTORS[option.code] == codelists.Label(
            option.label.nb, option.label.nn, option.label.en
        )


def test_the_generator_uses_the_code_lists() -> None:
    assert {unit.code for unit in synthetic.UNIT_TYPES} == set(codelists.UNIT_TYPES)
    assert synthetic.SECTORS is codelists.SECTORS
    assert {unit.sector for unit in synthetic.UNIT_TYPES} == set(codelists.SECTORS)
    # The county file names every landsdel by its bokmål label.
    with (DATA / "fylker-2024.csv").open(encoding="utf-8", newline="") as handle:
        named = {row["landsdel"] for row in csv.DictReader(handle)}
    assert named == {label.nb for label in codelists.LANDSDELER.values()}


@pytest.mark.parametrize(
    ("lang", "region", "unit", "variable"),
    [
        ("nb", "Nord-Norge", "Grunnskole", "Enhetstype"),
        ("nn", "Nord-Noreg", "Grunnskule", "Einingstype"),
        ("en", "Northern Norway", "Primary and lower secondary school", "Unit type"),
    ],
)
def test_spss_labels_follow_the_language(
    instruments: tuple[Instrument, ...], lang: str, region: str, unit: str, variable: str
) -> None:
    codes = value_labels(instruments[0], lang)
    assert codes["landsdel"][6] == region
    assert codes["enhetstype"][22] == unit
    assert variable_labels(instruments[0], lang)["enhetstype"] == variable
