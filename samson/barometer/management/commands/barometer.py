"""`samson barometer`: data tools for the innovation barometer.

    samson barometer synthetic [--n N] [--seed S] --out FILE.csv|FILE.sav
    samson barometer codebook [--out FILE.md]

`synthetic` writes FILE (invented unit-leader microdata, `synthetic` = 1 on every row; a .sav
file carries variable and value labels), FILE-population.csv (post-stratification counts),
FILE.README.txt and FILE.codebook.md. The generator is samson.innovation.synthetic.
`codebook` prints the codebook generated from the shipped instruments and the indicator
definitions, or writes it to FILE.md (docs/barometer-codebook.md is this output).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.innovation.synthetic import SEED, generate, write_files

from ... import shipped
from ...services import SYNTHETIC_N

DATA_SUFFIXES = (".csv", ".sav")


def _folder_exists(path: Path) -> None:
    if not path.parent.is_dir():
        raise CommandError(f"the folder {path.parent} does not exist")


class Command(BaseCommand):
    help = "Innovation barometer data tools."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        syn = sub.add_parser(
            "synthetic",
            help="write a SYNTHETIC national dataset calibrated to published KS/COI figures",
        )
        syn.add_argument(
            "--n",
            type=int,
            default=SYNTHETIC_N,
            help="number of respondents (default %(default)s, as in the demo edition)",
        )
        syn.add_argument("--seed", type=int, default=SEED, help="random seed (default %(default)s)")
        syn.add_argument("--out", type=Path, required=True, help="output .csv or .sav file")
        book = sub.add_parser("codebook", help="print or write the barometer codebook (Markdown)")
        book.add_argument("--out", type=Path, help="write to this file instead of printing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "codebook":
            self._codebook(options["out"])
        else:
            self._synthetic(options["n"], options["seed"], options["out"])

    def _codebook(self, out: Path | None) -> None:
        text = shipped.codebook()
        if out is None:
            self.stdout.write(text, ending="")
            return
        _folder_exists(out)
        out.write_text(text, encoding="utf-8")
        self.stdout.write(str(out))

    def _synthetic(self, n: int, seed: int, out: Path) -> None:
        if out.suffix.lower() not in DATA_SUFFIXES:
            raise CommandError(f"--out must name a .csv or .sav file, not {out}")
        _folder_exists(out)
        try:
            data = generate(n, seed=seed, frame=shipped.national_frame())
        except ValueError as error:
            raise CommandError(str(error)) from error
        written = write_files(
            data,
            out,
            seed=seed,
            instruments=shipped.barometer_instruments(),
            frame=shipped.national_frame(),
        )
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(f"{data.n} SYNTHETIC respondents (seed {seed})")
