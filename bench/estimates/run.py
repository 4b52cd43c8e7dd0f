"""Benchmark: barometer estimates on 100,000 SYNTHETIC respondents, samson.surveystats vs R.

    .venv/bin/python bench/estimates/run.py [--n 100000] [--seed 2020] [--repeat 3]
    .venv/bin/python bench/estimates/run.py --part page [--db sqlite|postgres]

40 derived indicators x 6 breakdowns (domains by sector, unit type, landsdel, municipality
size, centrality, county), post-stratified to unit type x landsdel. Prints our time (best of
--repeat), R's time on the same data (Rscript with the survey package: svydesign +
postStratify + svyby(svymean) per indicator and breakdown), the ratio, and the largest
differences in estimates (absolute) and standard errors (relative). Without Rscript and
`survey` only our time is printed. Not part of the test suite; results go in
docs/performance.md.

`--part page` instead times the estimates page of an edition of --n respondents with
clustered, stratified design, cold and warm, against the pure computation (`page.py`);
`--part all` runs both.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import page  # noqa: E402

from samson.innovation import derive  # noqa: E402
from samson.innovation.synthetic import generate, load_frame, write_population_csv  # noqa: E402
from samson.surveystats import make_design, means, poststratify  # noqa: E402

BREAKDOWNS = ("sektor", "enhetstype", "landsdel", "storrelse", "sentralitet", "fylkesnr")
INDICATORS = (
    "I_INNOVATIV",
    "I_B1_PRODUKT",
    "I_B1_TJENESTE",
    "I_B1_PROSESS",
    "I_B1_KOMMUNIKASJON",
    "I_UTVIKLING",
    "I_B2_PRODUKT",
    "I_B2_TJENESTE",
    "I_B2_PROSESS",
    "I_B2_KOMMUNIKASJON",
    "I_FLERE_TYPER",
    "I_KJERNE",
    "I_NYHET_FORST",
    "I_GJENBRUK",
    "I_INIT_LEDER",
    "I_INIT_MEDARBEIDER",
    "I_INIT_POLITIKK",
    "I_SAMARBEID",
    "I_SAMARBEID_EKSTERN",
    "I_SAMARB_EGEN_KOMMUNE",
    "I_SAMARB_PRIVAT",
    "I_FREMMET_MEDARBEIDER",
    "I_FREMMET_INTERNT",
    "I_FREMMET_OKONOMI",
    "I_HEMMET_OKONOMI",
    "I_FREMMET_TEKNOLOGI",
    "I_HEMMET_DRIFT",
    "I_ROLLE_MEDARBEIDER",
    "I_ROLLE_INNBYGGER",
    "I_ROLLE_PRIVAT",
    "I_ROLLE_POLITIKK",
    "I_VERDI_KVALITET",
    "I_VERDI_EFFEKTIVITET",
    "I_VERDI_MEDARBEIDER",
    "I_FLERE_VERDIER",
    "I_TEKNOLOGI_VIKTIG",
    "I_EVALUERT",
    "I_SPREDT",
    "I_KULTUR_RISIKO",
    "I_KULTUR_ANERKJENNELSE",
)
Key = tuple[str, str, int]


def ours(
    columns: dict[str, np.ndarray], population: dict[tuple[int, int], int]
) -> dict[Key, tuple[float, float]]:
    n = columns["vekt"].shape[0]
    design = make_design(n, weights=columns["vekt"])
    design = poststratify(
        design,
        # Numeric arrays take the vectorised path; the signature names lists.
        {"enhetstype": columns["enhetstype"], "landsdel": columns["landsdel"]},  # type: ignore[dict-item]
        {(float(t), float(d)): float(c) for (t, d), c in population.items()},
    )
    results: dict[Key, tuple[float, float]] = {}
    variables = {var: columns[var] for var in INDICATORS}
    for by in BREAKDOWNS:
        for var, by_group in means(design, variables, groups=columns[by]).items():
            for level, est in by_group.items():
                if level is not None:
                    results[(var, by, int(level))] = (est.estimate, est.se)  # type: ignore[call-overload]
    return results


def write_data(columns: dict[str, np.ndarray], path: Path) -> None:
    names = ["vekt", *BREAKDOWNS, *INDICATORS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(names) + "\n")
        formatted = [
            [repr(float(v)) for v in columns[name]]
            if name == "vekt"
            else ["NA" if math.isnan(v) else str(int(v)) for v in columns[name]]
            for name in names
        ]
        handle.writelines(",".join(row) + "\n" for row in zip(*formatted, strict=True))


def r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    check = subprocess.run(
        ["Rscript", "-e", "suppressPackageStartupMessages(library(survey))"],
        capture_output=True,
        check=False,
    )
    return check.returncode == 0


def run_r(
    data: Path, population: Path, out: Path
) -> tuple[float, float, dict[Key, tuple[float, float]]]:
    completed = subprocess.run(
        [
            "Rscript",
            str(Path(__file__).with_name("estimates.R")),
            str(data),
            str(population),
            ",".join(INDICATORS),
            ",".join(BREAKDOWNS),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"R failed:\n{completed.stderr}")
    wall, cpu = (float(part) for part in completed.stdout.strip().splitlines()[-1].split())
    with out.open(encoding="utf-8") as handle:
        rows = {
            (row["var"], row["by"], int(float(row["level"]))): (
                float(row["estimate"]),
                float(row["se"]),
            )
            for row in csv.DictReader(handle)
        }
    return wall, cpu, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--part", choices=("surveystats", "page", "all"), default="surveystats")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=page.POSTGRES_URL)
    args = parser.parse_args()
    if args.part in ("surveystats", "all"):
        surveystats(args)
    if args.part in ("page", "all"):
        page.run(args)


def surveystats(args: argparse.Namespace) -> None:
    data_dir = REPO / "samson" / "accounts" / "data"
    frame = load_frame(data_dir / "kommuner-2024.csv", data_dir / "fylker-2024.csv")
    data = generate(args.n, seed=args.seed, frame=frame)  # SYNTHETIC respondents
    columns = {**data.columns, **derive(data.columns)}
    print(
        f"data: {data.n} SYNTHETIC respondents (seed {args.seed}); "
        f"{len(INDICATORS)} indicators x {len(BREAKDOWNS)} breakdowns, post-stratified"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )

    print(f"load average before the run: {os.getloadavg()[0]:.2f} (2 cores shared)")
    runs = []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        results = ours(columns, data.population)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    our_wall, our_cpu = min(runs)
    print(
        f"samson.surveystats: {our_wall:.3f} s wall, {our_cpu:.3f} s CPU (best of "
        f"{args.repeat}; {len(results)} domain estimates)"
    )

    if not r_available():
        print("R: Rscript with the survey package not found; no comparison")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_data(columns, folder / "data.csv")
        write_population_csv(data, folder / "population.csv")
        r_wall, r_cpu, r_results = run_r(
            folder / "data.csv", folder / "population.csv", folder / "r.csv"
        )
    print(f"R survey: {r_wall:.3f} s wall, {r_cpu:.3f} s CPU")
    print(f"ratio R / ours: {r_wall / our_wall:.1f}x wall, {r_cpu / our_cpu:.1f}x CPU")
    missing = sorted(set(r_results) ^ set(results))
    if missing:
        print(f"domains that differ between R and us: {missing[:5]}")
    common = set(r_results) & set(results)
    est_diff = max(abs(results[k][0] - r_results[k][0]) for k in common)
    se_rel = max(
        abs(results[k][1] - r_results[k][1]) / r_results[k][1]
        for k in common
        if r_results[k][1] > 0
    )
    print(f"largest |estimate difference|: {est_diff:.3g} (contract 1e-9)")
    print(f"largest relative SE difference: {se_rel:.3g} (contract 1e-6)")


if __name__ == "__main__":
    main()
