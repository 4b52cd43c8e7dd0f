"""A SYNTHETIC national dataset for the unit-leader barometer, calibrated to published figures.

No national microdata of the KS barometer is open (KS publishes figures only), so demos, tests and
benchmarks use this generator. Every row is invented; the `synthetic` column is 1 everywhere.

How it is made (docs/barometer-codebook.md, "The synthetic dataset", has the details):

1. **Population frame.** Municipal units by unit type are derived from the 357 municipalities of
   2024 (`samson/accounts/data/kommuner-2024.csv`: population, centrality, county) with fixed
   units per 1,000 inhabitants (`UNIT_TYPES`); counties give the landsdel. The weighting cells
   are unit type x landsdel, with their unit counts (`population_counts`).
2. **Sample.** Each cell gets two respondents, the rest are drawn (multinomial) with
   probabilities proportional to the cell's units times a response propensity by sector and
   landsdel, so the unweighted sample is skewed; within a cell a respondent's municipality is
   drawn in proportion to its units. Design weight = cell count / cell respondents, i.e. the
   data are already post-stratified to the frame. Draws are with replacement (a superpopulation
   draw): with n larger than the frame the weights fall below 1.
3. **Answers.** Items are drawn block by block following the instrument's filters, with effects
   of sector, unit size, municipality size and centrality on innovativeness and small sector
   effects elsewhere. Where KS/COI published a figure (`TARGETS`), the intercept is solved on the
   realised sample so that the *weighted* share equals the target, and the 0/1 outcomes are
   drawn by systematic sampling within weighting cells (equal weights there), so the weighted
   estimate hits the target up to a fraction of a unit per cell.

Pure numpy with `numpy.random.default_rng(seed)`: the same (n, seed) always gives the same data.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from samson.innovation import codelists
from samson.innovation import indicators as ind

if TYPE_CHECKING:
    from samson.instrument_spec import Instrument

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SEED = 2020
MIN_PER_CELL = 2

# The code lists and their labels in nb, nn and en live in samson.innovation.codelists;
# re-exported here because the generator's frame is built from them.
SECTORS = codelists.SECTORS
LANDSDELER = codelists.LANDSDELER
SIZE_CLASSES = codelists.SIZE_CLASSES
SIZE_BREAKS = (5_000, 10_000, 20_000, 50_000)


@dataclass(frozen=True, slots=True)
class UnitType:
    """A kind of municipal unit: its code, sector, units per 1,000 inhabitants, minimum per
    municipality, and its typical employee class (1-5, as B14_ANSATTE). Its name in three
    languages is `codelists.UNIT_TYPES[code]`."""

    code: int
    sector: int
    per_1000: float
    minimum: int
    employees: int


UNIT_TYPES: tuple[UnitType, ...] = (
    UnitType(11, 1, 0.16, 1, 4),  # Sykehjem
    UnitType(12, 1, 0.12, 1, 4),  # Hjemmetjeneste
    UnitType(13, 1, 0.06, 1, 2),  # Helsestasjon og skolehelsetjeneste
    UnitType(21, 2, 0.32, 1, 2),  # Barnehage
    UnitType(22, 2, 0.45, 1, 3),  # Grunnskole
    UnitType(23, 2, 0.40, 1, 1),  # SFO
    UnitType(31, 3, 0.02, 1, 3),  # Sosialtjeneste (NAV)
    UnitType(32, 3, 0.015, 1, 2),  # Barnevern
    UnitType(33, 3, 0.04, 1, 2),  # Rus og psykisk helse
    UnitType(41, 4, 0.05, 1, 1),  # Bibliotek
    UnitType(42, 4, 0.005, 1, 2),  # Kulturskole
    UnitType(51, 5, 0.03, 1, 3),  # Teknisk drift (vei, vann, avløp)
    UnitType(52, 5, 0.02, 1, 2),  # Plan, byggesak og eiendom
)
# Response propensity (relative) by sector and landsdel: makes the unweighted sample skewed.
RESPONSE_SECTOR = {1: 0.7, 2: 1.4, 3: 1.5, 4: 0.9, 5: 0.5}
RESPONSE_LANDSDEL = {1: 0.9, 2: 1.0, 3: 1.0, 4: 1.1, 5: 1.05, 6: 0.85}


@dataclass(frozen=True, slots=True)
class Target:
    """A weighted share the generator reproduces, with its source."""

    indicator: str
    value: float
    source: str


_S20 = "KS 2020, https://www.ks.no/fagomrader/innovasjon/innovasjonsledelse/innovasjonsbarometeret-2020/"
_S18 = "KS 2018 (no 2020 figure published), https://www.ks.no/fagomrader/innovasjon/innovasjonsledelse/innovasjonsbarometeret-for-kommunal-sektor/"
_SNO = "KS 2018 as reported by COI (Norwegian municipalities), https://innovationsbarometer.coi.dk/de-norske-tal/"
TARGETS: tuple[Target, ...] = (
    Target("I_INNOVATIV", 0.74, _S20),
    Target("I_B1_PROSESS", 0.59, _S20 + ' ("nearly 60%")'),
    Target("I_FLERE_TYPER", 0.27, _S20 + ' ("a little over a quarter")'),
    Target("I_KJERNE", 0.89, _S20 + ' ("nearly 90%")'),
    Target("I_ROLLE_MEDARBEIDER", 0.86, _S20),
    Target("I_FREMMET_OKONOMI", 0.22, _S20),
    Target("I_HEMMET_OKONOMI", 0.33, _S18 + " (top barrier in 2020 too)"),
    Target("I_FREMMET_MEDARBEIDER", 0.85, _S18 + " (top promoter in 2020 too)"),
    Target("I_FREMMET_INTERNT", 0.85, _S18 + " (top promoter in 2020 too)"),
    Target("I_UTVIKLING", 0.25, _S18),
    Target("I_INIT_POLITIKK", 0.10, _S18),
    Target("I_VERDI_KVALITET", 0.72, _S18 + ' (">7 of 10")'),
    Target("I_VERDI_EFFEKTIVITET", 0.40, _S18),
    Target("I_VERDI_MEDARBEIDER", 0.40, _S18),
    Target("I_VERDI_INNBYGGER", 0.28, _S18 + ' ("nearly 3 of 10")'),
    Target("I_FLERE_VERDIER", 0.62, _S18 + ' (">6 of 10")'),
    Target("I_SAMARB_EGEN_KOMMUNE", 0.57, _SNO),
    Target("I_SAMARB_OFFENTLIG_UTENFOR", 0.20, _SNO),
    Target("I_SAMARB_PRIVAT", 0.15, _SNO),
    Target("I_ROLLE_PRIVAT", 0.21, _SNO),
    Target("I_ROLLE_INNBYGGER", 0.66, _SNO),
    Target("I_FREMMET_INNBYGGER", 0.60, _SNO),
)
_T = {t.indicator: t.value for t in TARGETS}

# Shares the sources do not publish: plausible values, marked "assumed" in the codebook.
B1_TYPE_SHARES = {
    "PRODUKT": 0.28,
    "TJENESTE": 0.50,
    "PROSESS": _T["I_B1_PROSESS"],
    "KOMMUNIKASJON": 0.44,
}
B1_TYPE_COUNT = (0.27, 0.22, 0.30, 0.21)  # P(1..4 types | innovator); mean matches the shares
B2_TYPE_SHARES = {"PRODUKT": 0.14, "TJENESTE": 0.36, "PROSESS": 0.62, "KOMMUNIKASJON": 0.24}
INITIATOR_SHARES = {
    "LEDER": 0.55,
    "MEDARBEIDER": 0.45,
    "INNBYGGER": 0.18,
    "PRIVAT": 0.05,
    "POLITIKK": _T["I_INIT_POLITIKK"],
    "FRIVILLIG": 0.03,
    "FORSKNING": 0.04,
    "OKONOMI": 0.15,
    "REGELVERK": 0.10,
    "ANNET": 0.05,
}
INITIATOR_COUNT = (0.45, 0.40, 0.15)  # 1, 2 or 3 initiators ("up to three")
PARTNER_SHARES = {
    "EGEN_KOMMUNE": _T["I_SAMARB_EGEN_KOMMUNE"],
    "STAT": 0.07,
    "FORSKNING": 0.08,
    "INNBYGGER": 0.15,
    "FRIVILLIG": 0.06,
    "PRIVAT": _T["I_SAMARB_PRIVAT"],
}
# (promoted 5-6, hindered 1-2) among innovators; roles are solved jointly below.
FACTOR_SHARES = {
    "DRIFT": (0.45, 0.20),
    "FEIL": (0.50, 0.06),
    "INTERNT": (_T["I_FREMMET_INTERNT"], 0.04),
    "TEKNOLOGI": (0.55, 0.10),
    "OKONOMI": (_T["I_FREMMET_OKONOMI"], _T["I_HEMMET_OKONOMI"]),
    "MEDARBEIDER": (_T["I_FREMMET_MEDARBEIDER"], 0.03),
    "INNBYGGER": (_T["I_FREMMET_INNBYGGER"], 0.04),
    "POLITIKK": (0.35, 0.10),
    "LEDELSE": (0.65, 0.04),
    "REGELVERK": (0.15, 0.18),
    "PRIVAT": (0.14, 0.03),
    "FRIVILLIG": (0.12, 0.02),
}
VALUE_SHARES = {
    "KVALITET": _T["I_VERDI_KVALITET"],
    "EFFEKTIVITET": _T["I_VERDI_EFFEKTIVITET"],
    "KOSTNADER": 0.20,
    "MEDARBEIDER": _T["I_VERDI_MEDARBEIDER"],
    "NARINGSLIV": 0.05,
    "INNBYGGER": _T["I_VERDI_INNBYGGER"],
    "POLITIKK": 0.15,
}
VALUE_COUNT_FEW = (0.06, 0.32)  # P(0 values), P(1 value); the rest have 2-5
VALUE_COUNT_MANY = (0.23, 0.20, 0.13, 0.06)  # P(2..5 values); mean matches the shares
CORE_TASKS = {1: 0.70, 2: _T["I_KJERNE"] - 0.70, 3: 0.07, 9: 0.04}
NOVELTY = {1: 0.18, 2: 0.55, 3: 0.17, 9: 0.10}
TECHNOLOGY = {1: 0.12, 2: 0.30, 3: 0.28, 4: 0.25, 9: 0.05}
EVALUATION = {1: 0.08, 2: 0.32, 3: 0.15, 4: 0.20, 5: 0.20, 9: 0.05}
CULTURE_AGREE = {
    "SAMARBEID": 0.85,
    "RISIKO": 0.65,
    "ANERKJENNELSE": 0.80,
    "APENHET": 0.85,
    "IDEER": 0.88,
    "TID": 0.45,
    "LAERING": 0.60,
}
OTHER_YES = {
    "B4B_NETTVERK": 0.45,
    "B4B_KOMMUNER": 0.50,
    "B4B_KONFERANSE": 0.35,
    "B4B_LEVERANDOR": 0.20,
    "B4B_FORSKNING": 0.10,
    "B4B_ANNET": 0.08,
    "B6B_IDE": 0.45,
    "B6B_UTVIKLING": 0.70,
    "B6B_UTPROVING": 0.40,
    "B6B_INNFORING": 0.45,
    "B6B_EVALUERING": 0.25,
    "B7_DRIFT": 0.85,
    "B7_KOMMUNE": 0.15,
    "B7_STAT": 0.18,
    "B7_FORSKNING_EU": 0.04,
    "B7_ANNET": 0.06,
    "B12_SPREDT": 0.45,
}


# ----------------------------------------------------------------------------- the frame


@dataclass(frozen=True)
class Frame:
    """Municipalities (index k) and the number of units of each unit type (column t)."""

    kommunenr: tuple[str, ...]
    fylkesnr: tuple[str, ...]
    landsdel: IntArray
    storrelse: IntArray
    sentralitet: IntArray
    folketall: IntArray
    units: IntArray  # shape (municipalities, len(UNIT_TYPES))

    def cell_counts(self) -> IntArray:
        """Units per (unit type, landsdel): shape (len(UNIT_TYPES), 6)."""
        counts = np.zeros((len(UNIT_TYPES), len(LANDSDELER)), dtype=np.int64)
        for d in range(len(LANDSDELER)):
            counts[:, d] = self.units[self.landsdel == d + 1].sum(axis=0)
        return counts


def size_class(population: npt.ArrayLike) -> IntArray:
    """Municipality size class 1-5 (`SIZE_CLASSES`) from the number of inhabitants."""
    return np.searchsorted(np.array(SIZE_BREAKS), np.asarray(population), side="right") + 1


def load_frame(kommuner: Path, fylker: Path) -> Frame:
    """The population frame from the municipality and county files the caller names (SAMSON
    ships them in `samson/accounts/data/`; `samson.barometer.shipped` passes them in)."""
    # The county file names each landsdel in bokmål.
    landsdel_code = {label.nb: code for code, label in LANDSDELER.items()}
    with fylker.open(encoding="utf-8", newline="") as handle:
        county_landsdel = {
            row["fylkesnummer"]: landsdel_code[row["landsdel"]] for row in csv.DictReader(handle)
        }
    with kommuner.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    population = np.array([int(row["folketall"]) for row in rows], dtype=np.int64)
    per_1000 = np.array([u.per_1000 for u in UNIT_TYPES])
    minimum = np.array([u.minimum for u in UNIT_TYPES])
    units = np.maximum(minimum, np.rint(population[:, None] / 1000 * per_1000)).astype(np.int64)
    return Frame(
        kommunenr=tuple(row["kommunenummer"] for row in rows),
        fylkesnr=tuple(row["fylkesnummer"] for row in rows),
        landsdel=np.array([county_landsdel[row["fylkesnummer"]] for row in rows], np.int64),
        storrelse=size_class(population).astype(np.int64),
        sentralitet=np.array([int(row["sentralitet"]) for row in rows], dtype=np.int64),
        folketall=population,
        units=units,
    )


def population_counts(frame: Frame) -> dict[tuple[int, int], int]:
    """Post-stratification counts: (enhetstype, landsdel) -> number of units."""
    counts = frame.cell_counts()
    return {
        (unit.code, d + 1): int(counts[t, d])
        for t, unit in enumerate(UNIT_TYPES)
        for d in range(len(LANDSDELER))
        if counts[t, d] > 0
    }


# ----------------------------------------------------------------------------- drawing helpers


def _logistic(x: FloatArray) -> FloatArray:
    result: FloatArray = 1.0 / (1.0 + np.exp(-x))
    return result


class _Draw:
    """Random draws whose weighted shares hit given targets on the realised sample."""

    def __init__(self, rng: np.random.Generator, weights: FloatArray, cells: IntArray) -> None:
        self.rng = rng
        self.w = weights
        self.cells = cells
        self.n = weights.shape[0]

    def share(self, hit: BoolArray, within: BoolArray) -> float:
        return float(self.w[hit & within].sum() / self.w[within].sum())

    def balanced(self, p: FloatArray, within: BoolArray) -> BoolArray:
        """0/1 outcomes with P(1) = p, drawn systematically within each weighting cell, so
        that the sum of outcomes in a cell is the sum of p there (up to rounding)."""
        p = np.where(within, np.clip(p, 0.0, 1.0), 0.0)
        order = np.lexsort((np.asarray(self.rng.random(self.n)), self.cells))
        sorted_cells = self.cells[order]
        cumulative = np.cumsum(p[order])
        starts = np.flatnonzero(np.r_[True, sorted_cells[1:] != sorted_cells[:-1]])
        offsets = np.repeat(np.r_[0.0, cumulative[starts[1:] - 1]], np.diff(np.r_[starts, self.n]))
        start = self.rng.random(int(self.cells.max()) + 1)[sorted_cells]
        upper = np.floor(cumulative - offsets + start)
        lower = np.floor(cumulative - offsets - p[order] + start)
        out = np.zeros(self.n, dtype=np.bool_)
        out[order] = (upper - lower) > 0
        return out & within

    def binary(self, target: float, within: BoolArray, eta: FloatArray | None = None) -> BoolArray:
        """Outcomes with P(1) = logistic(a + eta); `a` solved so the weighted mean of the
        probabilities over `within` is `target`."""
        if eta is None:
            return self.balanced(np.full(self.n, target), within)
        w = self.w[within] / self.w[within].sum()
        e = eta[within]
        a = float(np.log(target / (1.0 - target)))
        for _ in range(12):  # Newton steps on the weighted mean probability
            p = _logistic(a + e)
            a -= float((w * p).sum() - target) / max(float((w * p * (1.0 - p)).sum()), 1e-12)
        return self.balanced(_logistic(a + eta), within)

    def categorical(
        self, shares: Mapping[int, float], within: BoolArray, eta: FloatArray | None = None
    ) -> FloatArray:
        """One code per unit of `within` with the given weighted shares (NaN elsewhere)."""
        out = np.full(self.n, np.nan)
        left, rest = within.copy(), 1.0
        codes = list(shares)
        for code in codes[:-1]:
            hit = self.binary(min(shares[code] / rest, 1.0), left, eta)
            out[hit] = code
            left &= ~hit
            rest -= shares[code]
        out[left] = codes[-1]
        return out

    def count(self, probabilities: Sequence[float], first: int, within: BoolArray) -> IntArray:
        """A count first, first+1, ... with the given probabilities (weighted)."""
        shares = {first + k: p for k, p in enumerate(probabilities)}
        total = sum(shares.values())
        drawn = self.categorical({k: p / total for k, p in shares.items()}, within)
        return np.where(within, drawn, 0).astype(np.int64)

    def subsets(
        self,
        k: IntArray,
        targets: Sequence[float],
        within: BoolArray,
        allowed: BoolArray | None = None,
    ) -> BoolArray:
        """Choose k[i] of the options for each unit (weighted sampling without replacement,
        Efraimidis-Spirakis keys); option weights are tuned so that each option's weighted
        share over `within` comes as close as it can to its target."""
        m = len(targets)
        allowed = np.ones((self.n, m), dtype=np.bool_) if allowed is None else allowed
        k = np.minimum(k, allowed.sum(axis=1))
        logu = np.log(self.rng.random((self.n, m)))
        goal = np.array(targets)
        lam = goal.copy()
        chosen = np.zeros((self.n, m), dtype=np.bool_)
        w = self.w[within]
        rows = np.arange(self.n)
        for _ in range(40):
            keys = np.where(allowed, logu / lam, -np.inf)
            kth = np.sort(keys, axis=1)[rows, np.clip(m - k, 0, m - 1)]  # the k-th largest key
            chosen = (keys >= kth[:, None]) & (k > 0)[:, None] & within[:, None]
            achieved = (w[:, None] * chosen[within]).sum(axis=0) / w.sum()
            lam = lam * (goal / np.maximum(achieved, 1e-9)) ** 0.7
        return chosen


# ----------------------------------------------------------------------------- the dataset


@dataclass(frozen=True)
class SyntheticData:
    """Columns in file order (frame variables, weight, then the instrument's items)."""

    columns: dict[str, FloatArray]
    population: dict[tuple[int, int], int]

    @property
    def n(self) -> int:
        return int(next(iter(self.columns.values())).shape[0])


def _sample(
    frame: Frame, n: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    """(municipality index, unit type index, weight, cell index) per respondent."""
    counts = frame.cell_counts()
    n_types, n_regions = counts.shape
    propensity = np.array(
        [
            [RESPONSE_SECTOR[u.sector] * RESPONSE_LANDSDEL[d + 1] for d in range(n_regions)]
            for u in UNIT_TYPES
        ]
    )
    present = counts > 0
    n_cells = int(present.sum())
    if n < MIN_PER_CELL * n_cells:
        raise ValueError(f"n must be at least {MIN_PER_CELL * n_cells} (two per weighting cell)")
    p = (counts * propensity)[present]
    per_cell = MIN_PER_CELL + rng.multinomial(n - MIN_PER_CELL * n_cells, p / p.sum())
    cell_type, cell_region = np.nonzero(present)
    kommune = np.empty(n, dtype=np.int64)
    unit_type = np.repeat(cell_type, per_cell)
    cell = np.repeat(np.arange(n_cells), per_cell)
    weight = np.repeat(counts[present] / per_cell, per_cell).astype(np.float64)
    starts = np.r_[0, np.cumsum(per_cell)[:-1]]
    for c in range(n_cells):
        members = np.flatnonzero(frame.landsdel == cell_region[c] + 1)
        units = frame.units[members, cell_type[c]].astype(np.float64)
        picks = rng.choice(members, size=int(per_cell[c]), p=units / units.sum())
        kommune[starts[c] : starts[c] + per_cell[c]] = picks
    order = rng.permutation(n)
    return kommune[order], unit_type[order], weight[order], cell[order]


def _yes_no(hit: BoolArray, within: BoolArray) -> FloatArray:
    return np.where(within, np.where(hit, 1.0, 0.0), np.nan)


def _scale6(
    draw: _Draw, promoted: BoolArray, hindered_share: float, within: BoolArray
) -> FloatArray:
    """Codes on the 1-6 promote/hinder scale given who was promoted (5-6); of the rest,
    a calibrated share is hindered (1-2), the others answer 3, 4, 8 or 9."""
    rest = within & ~promoted
    rest_share = 1.0 - draw.share(promoted, within)
    hindered = draw.binary(min(hindered_share / max(rest_share, 1e-9), 1.0), rest)
    middle = draw.categorical({3: 0.35, 4: 0.35, 8: 0.15, 9: 0.15}, rest & ~hindered)
    out = np.full(draw.n, np.nan)
    out[promoted] = np.where(draw.rng.random(int(promoted.sum())) < 0.45, 6.0, 5.0)
    out[hindered] = np.where(draw.rng.random(int(hindered.sum())) < 0.35, 1.0, 2.0)
    mid = rest & ~hindered
    out[mid] = middle[mid]
    return np.where(within, out, np.nan)


def _promoted_for_role(
    draw: _Draw, others: BoolArray, role: float, promoted: float, within: BoolArray
) -> BoolArray:
    """Who promoted (5-6), given who already plays another positive role (initiator or
    partner), so that both the promoted share and the role composite hit their targets."""
    s = draw.share(others, within)
    outside = min(max((role - s) / max(1.0 - s, 1e-9), 0.0), 1.0)
    inside = min(max((promoted - (1.0 - s) * outside) / max(s, 1e-9), 0.0), 1.0)
    return draw.binary(inside, within & others) | draw.binary(outside, within & ~others)


def generate(n: int, seed: int = SEED, *, frame: Frame) -> SyntheticData:
    """n synthetic unit-leader respondents drawn from `frame` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    kommune, type_index, weight, cell = _sample(frame, n, rng)
    draw = _Draw(rng, weight, cell)
    everyone = np.ones(n, dtype=np.bool_)
    sector = np.array([UNIT_TYPES[t].sector for t in type_index], dtype=np.int64)
    size = frame.storrelse[kommune]
    centrality = frame.sentralitet[kommune]
    employees = np.clip(
        np.array([UNIT_TYPES[t].employees for t in type_index])
        + np.rint(rng.normal(0, 0.8, n) + 0.3 * (size - 3)).astype(np.int64),
        1,
        5,
    )
    effects = rng.normal(0, 0.25, (200, 6))  # sector effects, one row per item (index below)
    effect_row = iter(range(200))

    def sector_eta() -> FloatArray:
        row = effects[next(effect_row)]
        result: FloatArray = row[sector]
        return result

    cols: dict[str, FloatArray] = {}
    # B1: innovative units (sector, employees, municipality size and centrality matter).
    eta = (
        np.array([0.0, 0.0, 0.15, 0.45, -0.25, -0.35])[sector]
        + 0.25 * (employees - 3)
        + np.array([0.0, -0.2, 0.05, 0.15, 0.05, 0.0])[size]
        + np.array([0.0, 0.0, 0.05, 0.1, 0.1, 0.0, -0.15])[centrality]
    )
    innov = draw.binary(_T["I_INNOVATIV"], everyone, eta)
    non_innov = ~innov
    type_count = draw.count(B1_TYPE_COUNT, 1, innov)
    share_innov = draw.share(innov, everyone)
    b1 = draw.subsets(type_count, [B1_TYPE_SHARES[t] / share_innov for t in ind.TYPES], innov)
    for j, t in enumerate(ind.TYPES):
        no_code = np.where(rng.random(n) < 0.03, 9.0, 0.0)
        cols[f"B1_{t}"] = np.where(b1[:, j], 1.0, no_code)
    # B1b: non-innovators' development work; B1c its type.
    cols["B1B_UNDERVEIS"] = draw.categorical({1: _T["I_UTVIKLING"], 0: 0.55, 9: 0.20}, non_innov)
    developing = non_innov & (cols["B1B_UNDERVEIS"] == 1)
    b1c = draw.subsets(
        draw.count((0.7, 0.25, 0.05), 1, developing), [0.2, 0.4, 0.5, 0.25], developing
    )
    for j, t in enumerate(ind.TYPES):
        cols[f"B1C_{t}"] = _yes_no(b1c[:, j], developing)
    # B2: the newest innovation's types, among the types the unit introduced (B1).
    many_possible = innov & (b1.sum(axis=1) >= 2)
    multi_share = _T["I_FLERE_TYPER"] / draw.share(many_possible, innov)
    multi = draw.binary(multi_share, many_possible)
    b2_count = np.where(innov, 1, 0) + multi + (multi & (rng.random(n) < 0.22))
    b2 = draw.subsets(b2_count, [B2_TYPE_SHARES[t] for t in ind.TYPES], innov, allowed=b1)
    for j, t in enumerate(ind.TYPES):
        cols[f"B2_{t}"] = _yes_no(b2[:, j], innov)
    cols["B3_KJERNE"] = draw.categorical(CORE_TASKS, innov, sector_eta())
    cols["B4_NYHET"] = draw.categorical(NOVELTY, innov, sector_eta())
    adopters = innov & np.isin(cols["B4_NYHET"], (2, 3))
    for name in (
        "B4B_NETTVERK",
        "B4B_KOMMUNER",
        "B4B_KONFERANSE",
        "B4B_LEVERANDOR",
        "B4B_FORSKNING",
        "B4B_ANNET",
    ):
        cols[name] = _yes_no(draw.binary(OTHER_YES[name], adopters, sector_eta()), adopters)
    # B5: up to three initiators.
    b5 = draw.subsets(
        draw.count(INITIATOR_COUNT, 1, innov),
        [INITIATOR_SHARES[a] for a in ind.INITIATORS],
        innov,
    )
    for j, actor in enumerate(ind.INITIATORS):
        cols[f"B5_{actor}"] = _yes_no(b5[:, j], innov)
    # B6: partners; "public outside own municipality" = other municipalities or the state.
    partner: dict[str, BoolArray] = {}
    for p, share in PARTNER_SHARES.items():
        partner[p] = draw.binary(share, innov, sector_eta())
    state_share = draw.share(partner["STAT"], innov)
    outside = (_T["I_SAMARB_OFFENTLIG_UTENFOR"] - state_share) / (1.0 - state_share)
    partner["ANDRE_KOMMUNER"] = draw.binary(outside, innov & ~partner["STAT"]) | (
        draw.binary(0.3, innov & partner["STAT"])
    )
    any_partner = np.zeros(n, dtype=np.bool_)
    for p in ind.PARTNERS:
        cols[f"B6_{p}"] = _yes_no(partner[p], innov)
        any_partner |= partner[p]
    cols["B6_INGEN"] = _yes_no(~any_partner, innov)
    collaborators = innov & any_partner
    for name in ("B6B_IDE", "B6B_UTVIKLING", "B6B_UTPROVING", "B6B_INNFORING", "B6B_EVALUERING"):
        cols[name] = _yes_no(draw.binary(OTHER_YES[name], collaborators), collaborators)
    for name in ("B7_DRIFT", "B7_KOMMUNE", "B7_STAT", "B7_FORSKNING_EU", "B7_ANNET"):
        cols[name] = _yes_no(draw.binary(OTHER_YES[name], innov, sector_eta()), innov)
    # B8: promoted / hindered; three factors are tied to the "positive role" composites.
    asked_b8 = innov | developing
    roles: dict[str, Callable[[], BoolArray]] = {
        "MEDARBEIDER": lambda: b5[:, ind.INITIATORS.index("MEDARBEIDER")],
        "INNBYGGER": lambda: b5[:, ind.INITIATORS.index("INNBYGGER")] | partner["INNBYGGER"],
        "PRIVAT": lambda: b5[:, ind.INITIATORS.index("PRIVAT")] | partner["PRIVAT"],
    }
    for factor in ind.FACTORS:
        promoted_share, hindered_share = FACTOR_SHARES[factor]
        if factor in roles:
            promoted = _promoted_for_role(
                draw, roles[factor](), _T[f"I_ROLLE_{factor}"], promoted_share, innov
            )
        else:
            promoted = draw.binary(promoted_share, innov, sector_eta())
        promoted |= draw.binary(promoted_share, developing)
        cols[f"B8_{factor}"] = _scale6(draw, promoted & asked_b8, hindered_share, asked_b8)
    # B9: values; first whether several, then how many, then which.
    several = draw.binary(_T["I_FLERE_VERDIER"], innov, sector_eta())
    count = np.where(
        several,
        draw.count(VALUE_COUNT_MANY, 2, several),
        draw.count(VALUE_COUNT_FEW, 0, innov & ~several),
    )
    b9 = draw.subsets(count, [VALUE_SHARES[v] for v in ind.VALUES], innov)
    for j, v in enumerate(ind.VALUES):
        cols[f"B9_{v}"] = _yes_no(b9[:, j], innov)
    cols["B10_TEKNOLOGI"] = draw.categorical(TECHNOLOGY, innov, sector_eta())
    cols["B11_EVALUERT"] = draw.categorical(EVALUATION, innov, sector_eta())
    cols["B12_SPREDT"] = _yes_no(draw.binary(OTHER_YES["B12_SPREDT"], innov), innov)
    # B13: culture (all units); innovative units agree more often.
    for c in ind.CULTURE:
        agree = draw.binary(CULTURE_AGREE[c], everyone, 0.6 * innov + sector_eta())
        strong = rng.random(n) < 0.4
        other = draw.categorical({2: 0.6, 1: 0.2, 9: 0.12, 8: 0.08}, ~agree)
        cols[f"B13_{c}"] = np.where(agree, np.where(strong, 4.0, 3.0), other)
    # B14: background as the respondent reports it.
    cols["B14_SEKTOR"] = np.where(rng.random(n) < 0.01, 9.0, sector.astype(np.float64))
    cols["B14_ANSATTE"] = employees.astype(np.float64)
    cols["B14_LEDERAR"] = rng.choice(
        np.array([1.0, 2.0, 3.0, 4.0, 9.0]), size=n, p=[0.18, 0.35, 0.25, 0.19, 0.03]
    )
    frame_cols: dict[str, FloatArray] = {
        "id": np.arange(1, n + 1, dtype=np.float64),
        "synthetic": np.ones(n),
        "kommunenr": np.array([float(frame.kommunenr[k]) for k in kommune]),
        "fylkesnr": np.array([float(frame.fylkesnr[k]) for k in kommune]),
        "landsdel": frame.landsdel[kommune].astype(np.float64),
        "storrelse": size.astype(np.float64),
        "sentralitet": centrality.astype(np.float64),
        "sektor": sector.astype(np.float64),
        "enhetstype": np.array([float(UNIT_TYPES[t].code) for t in type_index]),
        "vekt": weight,
    }
    return SyntheticData({**frame_cols, **cols}, population_counts(frame))


# ----------------------------------------------------------------------------- files

INTEGER_COLUMNS = frozenset(
    {"id", "synthetic", "landsdel", "storrelse", "sentralitet", "sektor", "enhetstype"}
)


def _format(name: str, values: FloatArray) -> list[str]:
    if name == "vekt":
        return [repr(float(v)) for v in values]
    if name in ("kommunenr", "fylkesnr"):
        width = 4 if name == "kommunenr" else 2
        return [f"{int(v):0{width}d}" for v in values]
    return ["" if np.isnan(v) else str(int(v)) for v in values]


def write_csv(data: SyntheticData, path: Path) -> None:
    """The microdata as UTF-8 CSV (empty cell = not asked or unanswered)."""
    columns = [_format(name, values) for name, values in data.columns.items()]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(data.columns) + "\n")
        handle.writelines(",".join(row) + "\n" for row in zip(*columns, strict=True))


def write_population_csv(data: SyntheticData, path: Path) -> None:
    """Post-stratification counts: `enhetstype,landsdel,count` (units in the frame)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("enhetstype,landsdel,count\n")
        for (unit_type, landsdel), count in sorted(data.population.items()):
            handle.write(f"{unit_type},{landsdel},{count}\n")


README = """\
SYNTHETIC DATA - NOT REAL SURVEY RESPONSES.
{name}: {n} invented unit-leader respondents of the innovation barometer (instrument
barometer-enhet), made by samson.innovation.synthetic with seed {seed}. Weighted estimates
reproduce published KS/COI headline figures; nothing else in the data is real. Every row has
synthetic = 1. Variables, codes and the calibration: {codebook} (docs/barometer-codebook.md).
{population}: population counts of the weighting cells (enhetstype x landsdel) for
post-stratification, e.g. samson stats estimate --poststrat enhetstype,landsdel.
"""


def write_files(
    data: SyntheticData,
    path: Path,
    seed: int,
    *,
    instruments: Sequence[Instrument],
    frame: Frame,
) -> tuple[Path, Path, Path, Path]:
    """Write the microdata (`.csv`, or `.sav` with variable and value labels) and beside it
    `<stem>-population.csv`, `<stem>.README.txt` and `<stem>.codebook.md`.

    `instruments` are the barometer instruments, unit leaders first; `frame` is the frame
    the data were drawn from (both go into the codebook)."""
    from samson.innovation.codebook import render_codebook
    from samson.innovation.export import write_sav

    population = path.with_name(f"{path.stem}-population.csv")
    readme = path.with_name(f"{path.stem}.README.txt")
    codebook = path.with_name(f"{path.stem}.codebook.md")
    if path.suffix.lower() == ".sav":
        write_sav(data.columns, instruments[0], path)
    else:
        write_csv(data, path)
    write_population_csv(data, population)
    readme.write_text(
        README.format(
            name=path.name,
            n=data.n,
            seed=seed,
            population=population.name,
            codebook=codebook.name,
        ),
        encoding="utf-8",
    )
    codebook.write_text(render_codebook(instruments, frame), encoding="utf-8")
    return path, population, readme, codebook
