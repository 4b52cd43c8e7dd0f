"""`samson stats estimate`: design-based means and shares from a data file, as JSON.

    samson stats estimate --data FILE --var X [--var Y ...] [--by G] [--strata S]
        [--cluster C] [--fpc N] [--weight-col W]
        [--poststrat V[,V...] | --rake V[,V...] | --calibrate V[,V...]]
        [--population FILE] [--ci-method {logit,beta,wald,wald-t}]
        [--contrast BY[:A,B] ...] [--test BY ...] --json

The statistics live in samson.surveystats; docs/statistics.md describes them and the file layouts.
"""

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.surveystats import INTERVAL_METHODS, SurveyStatsError
from samson.surveystats.analysis import (
    MIN_GROUP_SIZE,
    Analysis,
    AssociationRow,
    ContrastRequest,
    ContrastRow,
    EstimationRequest,
    ResultRow,
    analyse_file,
)

CONTRAST_SYNTAX = "BY:A,B (group A minus group B of column BY) or BY (every pair of its groups)"


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _contrast(text: str) -> ContrastRequest:
    """BY:A,B or BY; the argument of --contrast."""
    by, colon, groups = text.partition(":")
    by = by.strip()
    if not by:
        raise argparse.ArgumentTypeError(f"'{text}': name a column; use {CONTRAST_SYNTAX}")
    if not colon:
        return ContrastRequest(by=by)
    names = [name.strip() for name in groups.split(",")]
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise argparse.ArgumentTypeError(
            f"'{text}': name two different groups; use {CONTRAST_SYNTAX}"
        )
    return ContrastRequest(by=by, first=names[0], second=names[1])


def _format(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _columns(lines: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _table(rows: list[ResultRow]) -> str:
    header = ("var", "group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_n", "deff")
    return _columns(
        [header]
        + [
            (
                row.var,
                row.group or "(all)",
                "suppressed" if row.suppressed else _format(row.estimate, 4),
                _format(row.se, 4),
                _format(row.ci_low, 4),
                _format(row.ci_high, 4),
                str(row.n),
                _format(row.weighted_n, 1),
                _format(row.deff, 2),
            )
            for row in rows
        ]
    )


def _contrast_table(rows: list[ContrastRow]) -> str:
    header = ("var", "by", "contrast", "difference", "se", "ci_low", "ci_high", "p", "n")
    return _columns(
        [header]
        + [
            (
                row.var,
                row.by,
                f"{row.first} - {row.second}",
                "suppressed" if row.suppressed else _format(row.estimate, 4),
                _format(row.se, 4),
                _format(row.ci_low, 4),
                _format(row.ci_high, 4),
                _format(row.p_value, 4),
                f"{row.n_first}/{row.n_second}",
            )
            for row in rows
        ]
    )


def _test_table(rows: list[AssociationRow]) -> str:
    header = ("var", "by", "F", "ndf", "ddf", "p", "n")
    return _columns(
        [header]
        + [
            (
                row.var,
                row.by,
                _format(row.f, 4),
                _format(row.ndf, 2),
                _format(row.ddf, 2),
                _format(row.p_value, 4),
                str(row.n),
            )
            for row in rows
        ]
    )


def _text(analysis: Analysis) -> str:
    parts = [_table(analysis.estimates)]
    if analysis.contrasts:
        parts.append(_contrast_table(analysis.contrasts))
    if analysis.tests:
        parts.append(_test_table(analysis.tests))
    return "\n\n".join(parts)


class Command(BaseCommand):
    help = "Survey statistics for the innovation barometer."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        est = sub.add_parser(
            "estimate",
            help="weighted means and shares with standard errors, overall and by group",
            description=(
                "Design-based means and shares with standard errors that agree with R's "
                "survey package; optional contrasts between groups and Rao-Scott tests. "
                "See docs/statistics.md."
            ),
        )
        est.add_argument("--data", type=Path, required=True, help=".csv, .xlsx or .sav file")
        est.add_argument(
            "--var", dest="variables", action="append", required=True, help="numeric column"
        )
        est.add_argument("--by", help="column whose values define the groups (domains)")
        est.add_argument("--strata", help="column with the sampling strata")
        est.add_argument(
            "--cluster",
            help="column with the primary sampling units (e.g. kommunenr), nested in the "
            "strata as R's nest = TRUE",
        )
        est.add_argument(
            "--fpc",
            help="column with the population count of primary units in the respondent's "
            "stratum (finite population correction, R's fpc = ~N); without it, sampling "
            "with replacement",
        )
        est.add_argument("--weight-col", dest="weight", help="column with the (base) weights")
        adjust = est.add_mutually_exclusive_group()
        adjust.add_argument(
            "--poststrat", type=_names, default=(), help="post-stratify on V[,V...] (crossed)"
        )
        adjust.add_argument("--rake", type=_names, default=(), help="rake to the margins V[,V...]")
        adjust.add_argument(
            "--calibrate",
            type=_names,
            default=(),
            help="linear (GREG) calibration to the margins V[,V...], as R's calibrate(..., "
            'calfun = "linear"); weights may come out negative',
        )
        est.add_argument("--population", type=Path, help="population counts (CSV, XLSX)")
        est.add_argument(
            "--ci-method",
            choices=INTERVAL_METHODS,
            default="logit",
            help="95%% intervals: logit (default) or beta (Korn-Graubard) stay within 0-1 for "
            "0/1 variables, with t quantiles on the design's degrees of freedom, as R's "
            "svyciprop; other variables get wald. wald = estimate +/- 1.96 se (as before "
            "these options); wald-t = estimate +/- t se",
        )
        est.add_argument(
            "--contrast",
            dest="contrasts",
            type=_contrast,
            action="append",
            default=[],
            metavar="BY[:A,B]",
            help=f"difference between groups of each --var: {CONTRAST_SYNTAX}; repeatable",
        )
        est.add_argument(
            "--test",
            dest="tests",
            action="append",
            default=[],
            metavar="BY",
            help="Rao-Scott F test of association between each --var (its values as "
            "categories) and column BY; repeatable",
        )
        est.add_argument(
            "--min-group-size",
            type=int,
            default=MIN_GROUP_SIZE,
            help="suppress estimates from fewer respondents (default %(default)s)",
        )
        est.add_argument("--json", action="store_true", help="print JSON (default: a table)")

    def handle(self, *args: Any, **options: Any) -> None:
        request = EstimationRequest(
            data=options["data"],
            variables=tuple(options["variables"]),
            by=options["by"],
            strata=options["strata"],
            weight=options["weight"],
            poststrat=options["poststrat"],
            rake=options["rake"],
            calibrate=options["calibrate"],
            population=options["population"],
            min_group_size=options["min_group_size"],
            cluster=options["cluster"],
            fpc=options["fpc"],
            ci_method=options["ci_method"],
            contrasts=tuple(options["contrasts"]),
            tests=tuple(options["tests"]),
        )
        try:
            analysis = analyse_file(request)
        except SurveyStatsError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            output = json.dumps(analysis.as_list(), ensure_ascii=False, indent=2)
        else:
            output = _text(analysis)
        self.stdout.write(output)
