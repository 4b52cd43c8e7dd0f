"""The estimates and comparison pages' view models, from hand-made cells (numbers written out
in Norwegian, one decimal, as the pages print them)."""

from __future__ import annotations

import pytest
from django.utils import translation

from samson.barometer import estimates, presenters
from samson.barometer.estimates import Cell
from samson.innovation import INDICATORS
from samson.instrument_spec import Instrument
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec
from samson.surveystats import AssociationTest, Contrast

pytestmark = pytest.mark.django_db

INNOVATIVE = next(i for i in INDICATORS if i.name == "I_INNOVATIV")


@pytest.fixture
def instrument(instruments: None) -> Instrument:
    version = InstrumentVersion.objects.filter(key=estimates.UNIT_SURVEY).latest("version")
    return instrument_spec(version)


def _cell(group: int | None, estimate: float, se: float, *, n: int = 40) -> Cell:
    return Cell(
        group=group,
        n=n,
        weighted_n=n * 1.26,
        estimate=estimate,
        se=se,
        ci_low=estimate - 0.1,
        ci_high=estimate + 0.1,
        suppressed=False,
        imprecise=False,
    )


HIDDEN = Cell(
    group=3, n=2, weighted_n=2.4, estimate=None, se=None, ci_low=None, ci_high=None,
    suppressed=True, imprecise=False,
)  # fmt: skip


def test_an_indicator_block_by_sector_with_a_contrast(instrument: Instrument) -> None:
    cells = [_cell(None, 0.41666, 0.05), _cell(1, 0.5, 0.08, n=20), HIDDEN]
    test = AssociationTest(
        f=5.0, ndf=1.0, ddf=50.0, p_value=0.0312, chisq=5.0, n=42, rows=2, columns=2
    )
    contrast = Contrast(
        first=1, second=2, estimate=-0.123, se=0.0456, ci_low=-0.2124, ci_high=-0.0336,
        p_value=0.007, n_first=20, n_second=20,
    )  # fmt: skip
    with translation.override("nb"):
        block = presenters.indicator_block(
            INNOVATIVE,
            cells,
            by="sektor",
            test=test,
            contrast=contrast,
            instrument=instrument,
            lang="nb",
        )
        sector = presenters.group_label("sektor", 1, instrument, "nb")
    assert block.name == "I_INNOVATIV"
    assert block.difference == "Gruppene er signifikant forskjellige (Rao–Scott-test, p = 0,031)."
    assert [(r.label, r.estimate, r.ci_low, r.ci_high, r.se, r.n) for r in block.rows] == [
        ("Alle enheter", "41,7", "31,7", "51,7", "5,0", 40),
        (sector, "50,0", "40,0", "60,0", "8,0", 20),
        (presenters.group_label("sektor", 3, instrument, "nb"), "–", "–", "–", "–", None),
    ]
    assert [(r.weighted_n, r.suppressed) for r in block.rows] == [
        (50, False),
        (25, False),
        (None, True),
    ]
    assert block.contrast == presenters.ContrastView(
        difference="-12,3", se="4,6", ci_low="-21,2", ci_high="-3,4", significant=True
    )
    assert '<title id="c-I_INNOVATIV-title">Innovativ enhet (minst én type innovasjon)</title>' in (
        block.chart
    )
    assert (
        '<desc id="c-I_INNOVATIV-desc">Andel i prosent. Fordeling: Sektor. Tabellen nedenfor viser '
        "tallene.</desc>" in block.chart
    )


def test_an_indicator_without_cells_has_no_chart_and_no_test(instrument: Instrument) -> None:
    block = presenters.indicator_block(
        INNOVATIVE, [], by=None, test=None, contrast=None, instrument=instrument, lang="nb"
    )
    assert (block.rows, block.chart, block.difference, block.contrast) == ((), "", "", None)


def test_change_rows_leave_out_a_group_hidden_in_either_edition(instrument: Instrument) -> None:
    older = [_cell(None, 0.30, 0.03), _cell(1, 0.20, 0.04), _cell(2, 0.5, 0.1)]
    newer = [_cell(None, 0.40, 0.04), _cell(1, 0.25, 0.05), HIDDEN]
    with translation.override("nb"):
        rows = presenters.change_rows(
            INNOVATIVE, older, newer, by="sektor", instrument=instrument, lang="nb"
        )
    assert [(r.group, r.first_row, r.span) for r in rows] == [
        ("Alle enheter", True, 2),
        (presenters.group_label("sektor", 1, instrument, "nb"), False, 2),
    ]
    # 0.40 - 0.30 = 0.10, SE sqrt(0.03² + 0.04²) = 0.05, interval 0.10 ± 1.96 × 0.05.
    assert rows[0].change == presenters.ChangeView(
        difference="10,0", ci_low="0,2", ci_high="19,8", significant=True
    )
    # 0.25 - 0.20 = 0.05, SE sqrt(0.04² + 0.05²) = 0.0640, interval crosses zero.
    assert rows[1].change == presenters.ChangeView(
        difference="5,0", ci_low="-7,5", ci_high="17,5", significant=False
    )
    assert (rows[1].first.estimate, rows[1].second.estimate) == ("20,0", "25,0")


def test_change_rows_without_a_breakdown_name_no_group(instrument: Instrument) -> None:
    rows = presenters.change_rows(
        INNOVATIVE,
        [_cell(None, 0.3, 0.03)],
        [_cell(None, 0.3, None)],  # type: ignore[arg-type]
        by=None,
        instrument=instrument,
        lang="nb",
    )
    assert [(r.group, r.first_row, r.span, r.change) for r in rows] == [("", True, 1, None)]
