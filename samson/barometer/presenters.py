"""Labels and view models for the barometer pages: frozen dataclasses the templates read."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samson import charts
from samson.innovation import Indicator, codelists
from samson.instrument_spec import Instrument
from samson.surveystats import AssociationTest, Contrast

from . import estimates

REFERENCES_CSV = Path(__file__).resolve().parent / "data" / "references.csv"

THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("innovasjon", ("I_INNOVATIV", "I_B1_", "I_UTVIKLING")),
    ("nyeste", ("I_B2_", "I_FLERE_TYPER", "I_KJERNE", "I_NYHET_", "I_GJENBRUK")),
    ("aktorer", ("I_INIT_", "I_SAMARB", "I_ROLLE_")),
    ("fremmer", ("I_FREMMET_", "I_HEMMET_")),
    ("verdi", ("I_VERDI_", "I_FLERE_VERDIER", "I_TEKNOLOGI_", "I_EVALUERT", "I_SPREDT")),
    ("kultur", ("I_KULTUR_",)),
)


LEADER_THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("strategi", ("I_L1_", "I_L2_", "I_L3_", "I_L4_")),
    ("grunner", ("I_L5_",)),
    ("samarbeid", ("I_L6_",)),
    ("fremmer", ("I_L7_",)),
)


def theme_names(survey: str = estimates.UNIT_SURVEY) -> dict[str, str]:
    """The themes of the survey's estimates page, first the default one."""
    if survey == estimates.LEADER_SURVEY:
        return {
            "strategi": _("Strategy and resources for innovation"),
            "grunner": _("Why the organisation works with innovation"),
            "samarbeid": _("Partners in innovation"),
            "fremmer": _("What promotes and what hinders"),
        }
    return {
        "innovasjon": _("Innovation in the last two years"),
        "nyeste": _("The newest innovation"),
        "aktorer": _("Initiators, partners and roles"),
        "fremmer": _("What promoted and what hindered"),
        "verdi": _("Value, technology, evaluation and spread"),
        "kultur": _("Culture of the workplace"),
    }


def theme_indicators(theme: str, survey: str = estimates.UNIT_SURVEY) -> list[Indicator]:
    """The survey's indicators of one theme, in codebook order."""
    themes = LEADER_THEMES if survey == estimates.LEADER_SURVEY else THEMES
    prefixes = dict(themes).get(theme, ())
    return [
        i for i in estimates.indicators_for(survey) if any(i.name.startswith(p) for p in prefixes)
    ]


def population_label(indicator: Indicator) -> str:
    if indicator.name.startswith("I_L") and indicator.population == "all":
        return _("all municipalities and county authorities")
    return {
        "all": _("all units"),
        "innovators": _("innovative units"),
        "non_innovators": _("units without innovation"),
        "without_strategy": _("organisations without an adopted innovation strategy"),
    }[indicator.population]


def _item_text(instrument: Instrument, item_id: str, lang: str) -> str:
    if not instrument.has_item(item_id):
        return item_id
    return instrument.item(item_id).text.get(lang)


def _option(instrument: Instrument, item_id: str, code: int, lang: str) -> str:
    scale = instrument.scale_for(item_id) if instrument.has_item(item_id) else None
    if scale is None:
        return item_id
    for option in scale.options:
        if option.code == code:
            return option.label.get(lang)
    return item_id


def indicator_label(indicator: Indicator, instrument: Instrument, lang: str) -> str:
    """A readable name for the indicator, from our msgids and the instrument's own texts."""
    name = indicator.name
    fixed = {
        "I_INNOVATIV": _("Innovative unit (at least one kind of innovation)"),
        "I_UTVIKLING": _("Development work under way"),
        "I_FLERE_TYPER": _("Newest innovation of two or more kinds"),
        "I_KJERNE": _("Newest innovation concerns core tasks"),
        "I_GJENBRUK": _("Newest innovation builds on others' solutions"),
        "I_SAMARBEID": _("Collaborated with at least one partner"),
        "I_SAMARBEID_EKSTERN": _("Collaborated with partners outside own units"),
        "I_SAMARB_OFFENTLIG_UTENFOR": _("Collaborated with public bodies outside the municipality"),
        "I_FLERE_VERDIER": _("Two or more kinds of value"),
        "I_TEKNOLOGI_VIKTIG": _("Technology is the solution or an important part of it"),
        "I_EVALUERT": _("Evaluated (with outside help or internally)"),
        "I_SPREDT": _("Worked actively to spread the innovation"),
    }
    if name in fixed:
        return fixed[name]
    if name.startswith("I_L"):
        return _leader_label(indicator, instrument, lang)
    item = indicator.definition.split()[0]
    text = _item_text(instrument, item, lang)
    if name.startswith("I_B1_"):
        return _("Innovation of the kind: %(kind)s") % {
            "kind": _item_text(instrument, "B2_" + name[5:], lang)
        }
    if name.startswith("I_B2_"):
        return _("Newest innovation of the kind: %(kind)s") % {"kind": text}
    if name.startswith("I_NYHET_"):
        return _option(instrument, "B4_NYHET", int(indicator.definition.split()[-1]), lang)
    if name == "I_TEKNOLOGI_LOSNING":
        return _option(instrument, "B10_TEKNOLOGI", 1, lang)
    if name in ("I_EVALUERT_EKSTERN", "I_EVALUERT_INTERN"):
        return _option(instrument, "B11_EVALUERT", 1 if name.endswith("EKSTERN") else 2, lang)
    if name.startswith("I_INIT_"):
        return _("Initiative: %(actor)s") % {"actor": text}
    if name.startswith("I_SAMARB_"):
        return _("Collaborated with: %(partner)s") % {"partner": text}
    if name.startswith("I_ROLLE_"):
        return _("Positive role: %(actor)s") % {"actor": text}
    if name.startswith("I_FREMMET_"):
        return _("Promoted: %(factor)s") % {"factor": text}
    if name.startswith("I_HEMMET_"):
        return _("Hindered: %(factor)s") % {"factor": text}
    if name.startswith("I_VERDI_"):
        return _("Value: %(value)s") % {"value": text}
    if name.startswith("I_KULTUR_"):
        return _("Agree: %(statement)s") % {"statement": text}
    return text


def _leader_label(indicator: Indicator, instrument: Instrument, lang: str) -> str:
    """A chief-executive indicator's name: the item's text or the chosen option's label."""
    name = indicator.name
    item = indicator.definition.split()[0]
    if name == "I_L1_VEDTATT":
        return _("Has an adopted innovation strategy (by the council or the administration)")
    if name.startswith("I_L1_STRATEGI_"):
        return _("Innovation strategy: %(answer)s") % {
            "answer": _option(instrument, item, int(name.rsplit("_", 1)[1]), lang)
        }
    text = _item_text(instrument, item, lang)
    if name.startswith("I_L5_"):
        return _("Reason: %(reason)s") % {"reason": text}
    if name.startswith("I_L6_"):
        return _("Collaborates with: %(partner)s") % {"partner": text}
    if name.endswith("_FREMMER"):
        return _("Promotes innovation: %(factor)s") % {"factor": text}
    if name.endswith("_HEMMER"):
        return _("Hinders innovation: %(factor)s") % {"factor": text}
    return text


def weighting_problem(weighting: estimates.Weighting) -> SafeString:
    """Why an edition's frame could not be used, as a sentence in the active language; empty
    when it was used or there is none. `Weighting.problem` is a code, never shown itself."""
    if not weighting.problem:
        return mark_safe("")
    if weighting.problem == "mixed_cells":
        text = _(
            "The population frame could not be used: its cells do not all use the same variables."
        )
        return escape(text)
    if weighting.problem == "missing_column":
        text = _(
            "The population frame could not be used: the data have no column "
            "<code>%(column)s</code>."
        )
        return mark_safe(text % {"column": escape(weighting.detail)})
    if weighting.problem == "no_convergence":
        text = _(
            "The population frame could not be used: raking to its margins did not converge "
            "in %(sweeps)s sweeps, or could not meet every margin."
        ) % {"sweeps": estimates.RAKE_MAX_SWEEPS}
        return escape(text)
    text = _(
        "The population frame could not be used: some respondents have no value for one of "
        "its variables, or fall in a cell the frame does not count."
    )
    return escape(text)


def design_variable_names() -> dict[str, str]:
    """The variables an analyst may name as primary sampling units or strata, in words."""
    return {
        "kommunenr": _("Municipality"),
        "fylkesnr": _("County"),
        **{name: label for name, label in breakdown_names().items() if name != "B14_ANSATTE"},
    }


def design_sentences(weighting: estimates.Weighting) -> list[str]:
    """What the estimates assume about how the survey was run, one sentence per part: the
    primary sampling units and strata (or why they were left out), the weighting cells merged,
    and the interval method. Plain text in the active language."""
    names = design_variable_names()
    choice = weighting.choice
    sentences: list[str] = []
    if weighting.design_problem == "lonely":
        sentences.append(
            _(
                "A stratum has a single primary sampling unit, so the standard errors treat the "
                "units as a simple random sample."
            )
        )
    elif weighting.design_problem in ("cluster_missing", "strata_missing"):
        sentences.append(
            _(
                "Not every unit has a value of %(variable)s, so the standard errors treat the "
                "units as a simple random sample."
            )
            % {"variable": names.get(weighting.design_detail, weighting.design_detail).lower()}
        )
    elif weighting.clusters and weighting.strata:
        sentences.append(
            _(
                "The standard errors take the sampling into account: %(clusters)s primary "
                "sampling units (%(cluster)s) in %(strata)s strata (%(by)s)."
            )
            % {
                "clusters": weighting.clusters,
                "cluster": names.get(choice.cluster, choice.cluster).lower(),
                "strata": weighting.strata,
                "by": names.get(choice.strata, choice.strata).lower(),
            }
        )
    elif weighting.clusters:
        sentences.append(
            _(
                "The standard errors take the sampling into account: %(clusters)s primary "
                "sampling units (%(cluster)s)."
            )
            % {
                "clusters": weighting.clusters,
                "cluster": names.get(choice.cluster, choice.cluster).lower(),
            }
        )
    elif weighting.strata:
        sentences.append(
            _("The standard errors take the sampling into account: %(strata)s strata (%(by)s).")
            % {"strata": weighting.strata, "by": names.get(choice.strata, choice.strata).lower()}
        )
    else:
        sentences.append(_("The standard errors treat the units as a simple random sample."))
    if weighting.merged:
        sentences.append(
            _(
                "%(merged)s of the frame's %(cells)s cells had fewer than %(below)s respondents "
                "and were merged with a neighbouring cell for the weighting."
            )
            % {"merged": weighting.merged, "cells": weighting.cells, "below": choice.collapse_below}
        )
    if weighting.method == "rake" and weighting.weighted and weighting.sweeps:
        sentences.append(
            _(
                "The weights were raked to the margins of the frame's variables and converged "
                "in %(sweeps)s sweeps."
            )
            % {"sweeps": weighting.sweeps}
        )
    if weighting.method == "linear" and weighting.weighted and not weighting.problem:
        # Linear calibration does not keep weights positive: say how many are not.
        sentences.append(
            _(
                "The weights were calibrated linearly (GREG) to the margins of the frame's "
                "variables. Number of negative weights: %(negative)s."
            )
            % {"negative": int((weighting.design.weights < 0).sum())}
        )
    fpc = fpc_sentence(weighting)
    if fpc:
        sentences.append(fpc)
    sentences.append(interval_sentence(choice.interval))
    return sentences


def fpc_sentence(weighting: estimates.Weighting) -> str:
    """Whether the finite population correction was applied, or why not; "" when it was not
    asked for."""
    if weighting.fpc:
        return _(
            "The standard errors include the finite population correction, from the number of "
            "municipalities per stratum on the organisation list."
        )
    problem = weighting.fpc_problem
    if not weighting.choice.fpc or problem is None:
        return ""
    names = design_variable_names()
    reasons = {
        "fpc_cluster": _("it needs the municipality as primary sampling unit"),
        "fpc_strata": _("the organisation list does not give the municipalities' %(strata)s")
        % {"strata": names.get(weighting.choice.strata, weighting.choice.strata).lower()},
        "fpc_no_list": _("the organisation list has no municipalities"),
        "fpc_unknown": _("municipality %(number)s is not on the organisation list")
        % {"number": weighting.fpc_detail},
        "fpc_mismatch": _(
            "the data place a municipality (%(number)s) in another stratum than the "
            "organisation list does"
        )
        % {"number": weighting.fpc_detail},
        "fpc_census": _(
            "every municipality of a stratum took part, and the correction would then ignore "
            "the sampling of units within the municipalities"
        ),
        "fpc_small": _("a stratum has more sampled municipalities than the list counts"),
    }
    reason = reasons.get(problem, _("the primary sampling units or strata could not be used"))
    return _("No finite population correction: %(reason)s.") % {"reason": reason}


@dataclass(frozen=True, slots=True)
class ContrastView:
    """A contrast between two groups in percentage points, formatted for the page."""

    difference: str
    se: str
    ci_low: str
    ci_high: str
    significant: bool


def contrast_view(result: Contrast | None) -> ContrastView | None:
    """A contrast in percentage points, with its interval and whether it is significant at the
    5 % level (the interval excludes zero)."""
    if result is None:
        return None
    return ContrastView(
        difference=percent(result.estimate),
        se=percent(result.se),
        ci_low=percent(result.ci_low),
        ci_high=percent(result.ci_high),
        significant=result.ci_low > 0 or result.ci_high < 0,
    )


def comparison_warnings(first: estimates.Weighting, second: estimates.Weighting) -> list[str]:
    """Sentences warning that two editions were weighted or designed differently, so part of
    a change may come from how the numbers were made rather than from the units."""
    warnings: list[str] = []
    if first.weighted != second.weighted:
        warnings.append(
            _(
                "One edition is weighted and the other is not, so part of a change may come from "
                "the weighting rather than from the units."
            )
        )
    elif first.weighted and (
        first.variables != second.variables
        or first.method != second.method
        or first.base_weights != second.base_weights
    ):
        warnings.append(
            _(
                "The two editions are weighted differently (to other variables, by another "
                "method or with other base weights), so part of a change may come from the "
                "weighting rather than from the units."
            )
        )
    if (
        (first.clusters > 0, first.strata > 0, first.fpc, first.choice.interval)
        != (
            second.clusters > 0,
            second.strata > 0,
            second.fpc,
            second.choice.interval,
        )
        or (first.clusters and first.choice.cluster != second.choice.cluster)
        or (first.strata and first.choice.strata != second.choice.strata)
    ):
        warnings.append(
            _(
                "The two editions' designs differ (primary sampling units, strata, finite "
                "population correction or interval method), so their standard errors are not "
                "made the same way."
            )
        )
    return warnings


def interval_sentence(method: str) -> str:
    if method == "logit":
        return _("Intervals of shares by the logit method; they stay within 0–100 %.")
    if method == "beta":
        return _("Intervals of shares by the Korn–Graubard beta method; they stay within 0–100 %.")
    if method == "wald-t":
        return _("Intervals: estimate ± t quantile of the design's degrees of freedom × SE.")
    return _("Intervals: estimate ± 1.96 × SE.")


def difference_sentence(test: AssociationTest | None) -> str:
    """Whether the shown groups differ (Rao–Scott test at the 5 % level), or "" without one."""
    if test is None:
        return ""
    if test.p_value < 0.001:
        return _("The groups differ significantly (Rao–Scott test, p < %(p)s).") % {
            "p": number_format(0.001, 3)
        }
    p = str(number_format(round(test.p_value, 3), 3))
    if test.p_value < 0.05:
        return _("The groups differ significantly (Rao–Scott test, p = %(p)s).") % {"p": p}
    return _("No significant difference between the groups (Rao–Scott test, p = %(p)s).") % {"p": p}


def breakdown_names() -> dict[str, str]:
    return {
        "organtype": _("Municipality or county authority"),
        "sektor": _("Sector"),
        "enhetstype": _("Unit type"),
        "landsdel": _("Region"),
        "storrelse": _("Municipality size"),
        "sentralitet": _("Centrality"),
        "kostragruppe": _("KOSTRA group"),
        "B14_ANSATTE": _("Number of employees"),
    }


def _code_label(codes: dict[int, codelists.Label], code: int, lang: str) -> str:
    """A code's label in `lang`; a code the list does not know is shown as it is."""
    label = codes.get(code)
    return str(code) if label is None else label.get(lang)


def group_label(variable: str, code: Any, instrument: Instrument, lang: str) -> str:
    """The name of one code of a background variable."""
    if code is None:
        return _("All units")
    code = int(code)
    if variable == "sektor":
        return _option(instrument, "B14_SEKTOR", code, lang)
    if variable == "B14_ANSATTE":
        return _option(instrument, "B14_ANSATTE", code, lang)
    if variable == "organtype":
        return _code_label(codelists.ORGAN_TYPES, code, lang)
    if variable == "enhetstype":
        return _code_label(codelists.UNIT_TYPES, code, lang)
    if variable == "landsdel":
        return _code_label(codelists.LANDSDELER, code, lang)
    if variable == "storrelse":
        return _("%(size)s inhabitants") % {"size": _code_label(codelists.SIZE_CLASSES, code, lang)}
    if variable == "sentralitet":
        return _("Centrality %(code)s") % {"code": code}
    if variable == "kostragruppe":
        return _("KOSTRA group %(code)s") % {"code": code}
    return str(code)


@dataclass(frozen=True)
class Reference:
    indicator: str
    value: float
    published: str
    edition: int
    publisher: str
    note: str
    url: str


@lru_cache(maxsize=1)
def references() -> tuple[Reference, ...]:
    """The published KS and COI figures (samson/barometer/data/references.csv) with sources."""
    with REFERENCES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Reference(
                indicator=row["indicator"],
                value=float(row["value"]),
                published=row["published"],
                edition=int(row["edition"]),
                publisher=row["publisher"],
                note=row["note"],
                url=row["url"],
            )
            for row in csv.DictReader(handle)
        )


def references_for(name: str) -> list[Reference]:
    return [r for r in references() if r.indicator == name]


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal, as the language writes it (41,7 in Norwegian)."""
    if value is None or not math.isfinite(value):
        return "–"
    return str(number_format(round(100 * value, 1), 1))


@dataclass(frozen=True, slots=True)
class EstimateRow:
    """One row of an estimate table: a group's share, formatted; no numbers when suppressed."""

    label: str
    n: int | None
    weighted_n: int | None
    estimate: str
    ci_low: str
    ci_high: str
    se: str
    suppressed: bool
    imprecise: bool


def cell_view(cell: estimates.Cell, label: str) -> EstimateRow:
    return EstimateRow(
        label=label,
        n=None if cell.suppressed else cell.n,
        weighted_n=None if cell.suppressed else round(cell.weighted_n),
        estimate=percent(cell.estimate),
        ci_low=percent(cell.ci_low),
        ci_high=percent(cell.ci_high),
        se=percent(cell.se),
        suppressed=cell.suppressed,
        imprecise=cell.imprecise,
    )


def estimate_rows(
    cells: list[estimates.Cell], by: str | None, instrument: Instrument, lang: str
) -> tuple[EstimateRow, ...]:
    """An indicator's table rows: overall first, then each group named by its label."""
    return tuple(
        cell_view(cell, group_label(by or "", cell.group, instrument, lang)) for cell in cells
    )


def chart_description(by: str | None) -> str:
    """The sentence under every bar chart of the estimates, naming the breakdown if any."""
    if by:
        return _("Share in per cent, by %(variable)s. The table below has the numbers.") % {
            "variable": breakdown_names()[by]
        }
    return _("Share in per cent. The table below has the numbers.")


def chart(
    title: str, description: str, labels: list[str], cells: list[estimates.Cell], cid: str
) -> str:
    values = [None if c.estimate is None else min(max(100 * c.estimate, 0.0), 100.0) for c in cells]
    return mark_safe(charts.bar_chart(title, description, labels, values, chart_id=cid))  # noqa: S308


def estimate_chart(
    label: str,
    description: str,
    rows: tuple[EstimateRow, ...],
    cells: list[estimates.Cell],
    cid: str,
) -> str:
    """The bar chart of an indicator's cells, or "" when it has none."""
    return chart(label, description, [row.label for row in rows], cells, cid) if cells else ""


@dataclass(frozen=True, slots=True)
class IndicatorBlock:
    """One indicator on the estimates page: its table, chart, test, contrast and references."""

    name: str
    label: str
    difference: str
    population: str
    rows: tuple[EstimateRow, ...]
    references: tuple[Reference, ...]
    contrast: ContrastView | None
    chart: str


def indicator_block(
    indicator: Indicator,
    cells: list[estimates.Cell],
    *,
    by: str | None,
    test: AssociationTest | None,
    contrast: Contrast | None,
    instrument: Instrument,
    lang: str,
) -> IndicatorBlock:
    """The estimates page's view of one indicator from its cells (overall first, then groups)."""
    label = indicator_label(indicator, instrument, lang)
    rows = estimate_rows(cells, by, instrument, lang)
    return IndicatorBlock(
        name=indicator.name,
        label=label,
        difference=difference_sentence(test),
        population=population_label(indicator),
        rows=rows,
        references=tuple(references_for(indicator.name)),
        contrast=contrast_view(contrast),
        chart=estimate_chart(label, chart_description(by), rows, cells, f"c-{indicator.name}"),
    )


@dataclass(frozen=True, slots=True)
class ChangeView:
    """The change between two editions in percentage points, formatted for the page."""

    difference: str
    ci_low: str
    ci_high: str
    significant: bool


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One row of the comparison of two editions: an indicator overall or in one group."""

    label: str
    group: str
    first_row: bool
    span: int
    first: EstimateRow
    second: EstimateRow
    change: ChangeView | None


def change_rows(
    indicator: Indicator,
    first: list[estimates.Cell],
    second: list[estimates.Cell],
    *,
    by: str | None,
    instrument: Instrument,
    lang: str,
) -> list[ChangeRow]:
    """The comparison's rows of one indicator: the cells shown in both editions, paired, with
    the change from the first (older) to the second."""
    label = indicator_label(indicator, instrument, lang)
    pairs = estimates.change_cells(first, second)
    rows = []
    for a, b in pairs:
        change = estimates.change(a, b)
        rows.append(
            ChangeRow(
                label=label,
                group=group_label(by, a.group, instrument, lang) if by else "",
                first_row=a.group is None,
                span=len(pairs),
                first=cell_view(a, ""),
                second=cell_view(b, ""),
                change=None
                if change is None
                else ChangeView(
                    difference=percent(change.difference),
                    ci_low=percent(change.ci_low),
                    ci_high=percent(change.ci_high),
                    significant=change.significant,
                ),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class InnovationTestRow:
    """One indicator of the Innovasjonstesten result: the workplace's own answer ("Yes", "No" or
    None when it cannot be told) beside its sector, its size class and all units."""

    label: str
    own: str | None
    sector: EstimateRow | None
    size: EstimateRow | None
    all: EstimateRow
