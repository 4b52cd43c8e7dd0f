"""`samson stats estimate`: design-based means and shares from a data file, as JSON.

    samson stats estimate --data FILE --var X [--var Y ...] [--by G] [--strata S]
        [--weight-col W] [--poststrat V[,V...] | --rake V[,V...]] [--population FILE] --json

The statistics live in samson.surveystats; docs/statistics.md describes them and the file layouts.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.surveystats import SurveyStatsError
from samson.surveystats.analysis import MIN_GROUP_SIZE, EstimationRequest, ResultRow, estimate_file


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _format(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _table(rows: list[ResultRow]) -> str:
    header = ("var", "group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_n", "deff")
    lines = [header] + [
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
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


class Command(BaseCommand):
    help = "Survey statistics for the innovation barometer."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        est = sub.add_parser(
            "estimate",
            help="weighted means and shares with standard errors, overall and by group",
        )
        est.add_argument("--data", type=Path, required=True, help=".csv, .xlsx or .sav file")
        est.add_argument(
            "--var", dest="variables", action="append", required=True, help="numeric column"
        )
        est.add_argument("--by", help="column whose values define the groups (domains)")
        est.add_argument("--strata", help="column with the sampling strata")
        est.add_argument("--weight-col", dest="weight", help="column with the (base) weights")
        adjust = est.add_mutually_exclusive_group()
        adjust.add_argument(
            "--poststrat", type=_names, default=(), help="post-stratify on V[,V...] (crossed)"
        )
        adjust.add_argument("--rake", type=_names, default=(), help="rake to the margins V[,V...]")
        est.add_argument("--population", type=Path, help="population counts (CSV, XLSX)")
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
            population=options["population"],
            min_group_size=options["min_group_size"],
        )
        try:
            rows = estimate_file(request)
        except SurveyStatsError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            output = json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2)
        else:
            output = _table(rows)
        self.stdout.write(output)
