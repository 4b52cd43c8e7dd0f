"""Derived indicators of the innovation barometer, as KS and COI report them.

Input: a mapping of column name -> array of answer codes, one row per unit (the item ids of
`barometer-enhet.yaml` are the column names; NaN = unanswered or not asked). Output: new
columns of 1.0 / 0.0 with NaN where the indicator does not apply (outside its population) or
cannot be determined. A weighted mean of an output column is the published share. Exact
definitions: docs/barometer-codebook.md, "Derived indicators". A column the input lacks is
treated as not asked (all NaN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

YES, NO, DONT_KNOW, NOT_RELEVANT = 1, 0, 9, 8
TYPES: tuple[str, ...] = ("PRODUKT", "TJENESTE", "PROSESS", "KOMMUNIKASJON")
INITIATORS: tuple[str, ...] = (
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
PARTNERS: tuple[str, ...] = (
    "EGEN_KOMMUNE",
    "ANDRE_KOMMUNER",
    "STAT",
    "FORSKNING",
    "INNBYGGER",
    "FRIVILLIG",
    "PRIVAT",
)
FACTORS: tuple[str, ...] = (
    "DRIFT",
    "FEIL",
    "INTERNT",
    "TEKNOLOGI",
    "OKONOMI",
    "MEDARBEIDER",
    "INNBYGGER",
    "POLITIKK",
    "LEDELSE",
    "REGELVERK",
    "PRIVAT",
    "FRIVILLIG",
)
VALUES: tuple[str, ...] = (
    "KVALITET",
    "EFFEKTIVITET",
    "KOSTNADER",
    "MEDARBEIDER",
    "NARINGSLIV",
    "INNBYGGER",
    "POLITIKK",
)
CULTURE: tuple[str, ...] = (
    "SAMARBEID",
    "RISIKO",
    "ANERKJENNELSE",
    "APENHET",
    "IDEER",
    "TID",
    "LAERING",
)
PROMOTED = (5, 6)  # "fremmet i noen / stor grad" on the 1-6 scale: top-2-box
HINDERED = (1, 2)  # "hemmet i stor / noen grad": bottom-2-box
AGREE = (3, 4)  # "delvis / helt enig" on the 1-4 agreement scale

# Actor -> (initiator item, promoter item, partner item); None where the barometer asks none.
ROLES: dict[str, tuple[str | None, str | None, str | None]] = {
    "LEDER": ("B5_LEDER", "B8_LEDELSE", None),
    "MEDARBEIDER": ("B5_MEDARBEIDER", "B8_MEDARBEIDER", None),
    "INNBYGGER": ("B5_INNBYGGER", "B8_INNBYGGER", "B6_INNBYGGER"),
    "PRIVAT": ("B5_PRIVAT", "B8_PRIVAT", "B6_PRIVAT"),
    "POLITIKK": ("B5_POLITIKK", "B8_POLITIKK", None),
    "FRIVILLIG": ("B5_FRIVILLIG", "B8_FRIVILLIG", "B6_FRIVILLIG"),
    "FORSKNING": ("B5_FORSKNING", None, "B6_FORSKNING"),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One derived indicator: its column name, population and a one-line definition."""

    name: str
    population: str  # "all", "innovators" or "non_innovators" (the filters of the instrument)
    definition: str


def _column(data: Mapping[str, npt.ArrayLike], name: str, n: int) -> FloatArray:
    if name not in data:
        return np.full(n, np.nan)
    values = np.asarray(data[name], dtype=np.float64)
    if values.shape != (n,):
        raise ValueError(f"column {name}: expected {n} values, got {values.shape}")
    return values


def _is(values: FloatArray, codes: Iterable[int]) -> BoolArray:
    result: BoolArray = np.isin(values, list(codes))
    return result


def _code_share(values: FloatArray, codes: Iterable[int], within: BoolArray) -> FloatArray:
    """1 where the answer is one of `codes`, 0 for any other answer, NaN if unanswered or
    outside `within`."""
    out = np.where(_is(values, codes), 1.0, 0.0)
    return np.where(within & ~np.isnan(values), out, np.nan)


def _any_of(parts: list[BoolArray], answered: list[BoolArray], within: BoolArray) -> FloatArray:
    """1 if any part holds; 0 if none holds and at least one part was answered; else NaN."""
    hit = np.logical_or.reduce(parts)
    seen = np.logical_or.reduce(answered)
    return np.where(within & (hit | seen), np.where(hit, 1.0, 0.0), np.nan)


def _at_least(columns: list[FloatArray], count: int, within: BoolArray) -> FloatArray:
    """1 if at least `count` of the yes/no columns are yes, 0 if fewer (at least one answered)."""
    yes = np.sum([c == YES for c in columns], axis=0)
    seen = np.logical_or.reduce([~np.isnan(c) for c in columns])
    return np.where(within & seen, np.where(yes >= count, 1.0, 0.0), np.nan)


def innovator_masks(data: Mapping[str, npt.ArrayLike], n: int) -> tuple[BoolArray, BoolArray]:
    """(innovators, non_innovators) exactly as the instrument's filters define them."""
    b1 = [_column(data, f"B1_{t}", n) for t in TYPES]
    innovators = np.logical_or.reduce([c == YES for c in b1])
    non_innovators = np.logical_and.reduce([_is(c, (NO, DONT_KNOW)) for c in b1])
    return innovators, non_innovators


def derive(data: Mapping[str, npt.ArrayLike]) -> dict[str, FloatArray]:
    """Every indicator of `INDICATORS`, in that order, as 0/1 columns with NaN = not applicable."""
    if not data:
        return {}
    n = len(np.asarray(next(iter(data.values()))))

    def col(name: str) -> FloatArray:
        return _column(data, name, n)

    everyone = np.ones(n, dtype=np.bool_)
    innov, non_innov = innovator_masks(data, n)
    out: dict[str, FloatArray] = {}
    out["I_INNOVATIV"] = np.where(innov, 1.0, np.where(non_innov, 0.0, np.nan))
    for t in TYPES:
        out[f"I_B1_{t}"] = _code_share(col(f"B1_{t}"), (YES,), everyone)
    out["I_UTVIKLING"] = _code_share(col("B1B_UNDERVEIS"), (YES,), non_innov)
    for t in TYPES:
        out[f"I_B2_{t}"] = _code_share(col(f"B2_{t}"), (YES,), innov)
    out["I_FLERE_TYPER"] = _at_least([col(f"B2_{t}") for t in TYPES], 2, innov)
    out["I_KJERNE"] = _code_share(col("B3_KJERNE"), (1, 2), innov)
    novelty = col("B4_NYHET")
    out["I_NYHET_FORST"] = _code_share(novelty, (1,), innov)
    out["I_NYHET_TILPASSET"] = _code_share(novelty, (2,), innov)
    out["I_NYHET_KOPI"] = _code_share(novelty, (3,), innov)
    out["I_GJENBRUK"] = _code_share(novelty, (2, 3), innov)
    for actor in INITIATORS:
        out[f"I_INIT_{actor}"] = _code_share(col(f"B5_{actor}"), (YES,), innov)
    partners = [col(f"B6_{p}") for p in PARTNERS]
    for p, values in zip(PARTNERS, partners, strict=True):
        out[f"I_SAMARB_{p}"] = _code_share(values, (YES,), innov)
    answered_b6 = [~np.isnan(v) for v in [*partners, col("B6_INGEN")]]
    out["I_SAMARBEID"] = _any_of([v == YES for v in partners], answered_b6, innov)
    external = [v == YES for p, v in zip(PARTNERS, partners, strict=True) if p != "EGEN_KOMMUNE"]
    out["I_SAMARBEID_EKSTERN"] = _any_of(external, answered_b6, innov)
    out["I_SAMARB_OFFENTLIG_UTENFOR"] = _any_of(
        [col("B6_ANDRE_KOMMUNER") == YES, col("B6_STAT") == YES], answered_b6, innov
    )
    for factor in FACTORS:
        values = col(f"B8_{factor}")
        out[f"I_FREMMET_{factor}"] = _code_share(values, PROMOTED, innov)
        out[f"I_HEMMET_{factor}"] = _code_share(values, HINDERED, innov)
    for actor, (initiator, promoter, partner) in ROLES.items():
        parts: list[BoolArray] = []
        answered: list[BoolArray] = []
        for name, codes in ((initiator, (YES,)), (promoter, PROMOTED), (partner, (YES,))):
            if name is not None:
                values = col(name)
                parts.append(_is(values, codes))
                answered.append(~np.isnan(values))
        out[f"I_ROLLE_{actor}"] = _any_of(parts, answered, innov)
    values_cols = [col(f"B9_{v}") for v in VALUES]
    for v, values in zip(VALUES, values_cols, strict=True):
        out[f"I_VERDI_{v}"] = _code_share(values, (YES,), innov)
    out["I_FLERE_VERDIER"] = _at_least(values_cols, 2, innov)
    technology = col("B10_TEKNOLOGI")
    out["I_TEKNOLOGI_LOSNING"] = _code_share(technology, (1,), innov)
    out["I_TEKNOLOGI_VIKTIG"] = _code_share(technology, (1, 2), innov)
    evaluated = col("B11_EVALUERT")
    out["I_EVALUERT"] = _code_share(evaluated, (1, 2), innov)
    out["I_EVALUERT_EKSTERN"] = _code_share(evaluated, (1,), innov)
    out["I_EVALUERT_INTERN"] = _code_share(evaluated, (2,), innov)
    out["I_SPREDT"] = _code_share(col("B12_SPREDT"), (YES,), innov)
    for c in CULTURE:
        out[f"I_KULTUR_{c}"] = _code_share(col(f"B13_{c}"), AGREE, everyone)
    return out


def _indicators() -> tuple[Indicator, ...]:
    rows: list[Indicator] = [
        Indicator("I_INNOVATIV", "all", "any of B1_* = 1; 0 if all four are 0 or 9"),
        *(Indicator(f"I_B1_{t}", "all", f"B1_{t} = 1") for t in TYPES),
        Indicator("I_UTVIKLING", "non_innovators", "B1B_UNDERVEIS = 1"),
        *(Indicator(f"I_B2_{t}", "innovators", f"B2_{t} = 1") for t in TYPES),
        Indicator("I_FLERE_TYPER", "innovators", "two or more of B2_* = 1"),
        Indicator("I_KJERNE", "innovators", "B3_KJERNE in (1, 2)"),
        Indicator("I_NYHET_FORST", "innovators", "B4_NYHET = 1"),
        Indicator("I_NYHET_TILPASSET", "innovators", "B4_NYHET = 2"),
        Indicator("I_NYHET_KOPI", "innovators", "B4_NYHET = 3"),
        Indicator("I_GJENBRUK", "innovators", "B4_NYHET in (2, 3)"),
        *(Indicator(f"I_INIT_{a}", "innovators", f"B5_{a} = 1") for a in INITIATORS),
        *(Indicator(f"I_SAMARB_{p}", "innovators", f"B6_{p} = 1") for p in PARTNERS),
        Indicator("I_SAMARBEID", "innovators", "any partner B6_* (not B6_INGEN) = 1"),
        Indicator("I_SAMARBEID_EKSTERN", "innovators", "any partner except B6_EGEN_KOMMUNE = 1"),
        Indicator(
            "I_SAMARB_OFFENTLIG_UTENFOR", "innovators", "B6_ANDRE_KOMMUNER = 1 or B6_STAT = 1"
        ),
    ]
    for f in FACTORS:
        rows.append(Indicator(f"I_FREMMET_{f}", "innovators", f"B8_{f} in (5, 6)"))
        rows.append(Indicator(f"I_HEMMET_{f}", "innovators", f"B8_{f} in (1, 2)"))
    for actor, (initiator, promoter, partner) in ROLES.items():
        terms = [
            term
            for term in (
                None if initiator is None else f"{initiator} = 1",
                None if promoter is None else f"{promoter} in (5, 6)",
                None if partner is None else f"{partner} = 1",
            )
            if term is not None
        ]
        rows.append(Indicator(f"I_ROLLE_{actor}", "innovators", " or ".join(terms)))
    rows += [
        *(Indicator(f"I_VERDI_{v}", "innovators", f"B9_{v} = 1") for v in VALUES),
        Indicator("I_FLERE_VERDIER", "innovators", "two or more of B9_* = 1"),
        Indicator("I_TEKNOLOGI_LOSNING", "innovators", "B10_TEKNOLOGI = 1"),
        Indicator("I_TEKNOLOGI_VIKTIG", "innovators", "B10_TEKNOLOGI in (1, 2)"),
        Indicator("I_EVALUERT", "innovators", "B11_EVALUERT in (1, 2)"),
        Indicator("I_EVALUERT_EKSTERN", "innovators", "B11_EVALUERT = 1"),
        Indicator("I_EVALUERT_INTERN", "innovators", "B11_EVALUERT = 2"),
        Indicator("I_SPREDT", "innovators", "B12_SPREDT = 1"),
        *(Indicator(f"I_KULTUR_{c}", "all", f"B13_{c} in (3, 4)") for c in CULTURE),
    ]
    return tuple(rows)


INDICATORS: tuple[Indicator, ...] = _indicators()
"""Every derived indicator, in the order `derive` returns them."""
