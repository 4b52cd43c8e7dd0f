"""Benchmark: where the CPU time of an answering request goes, behind PgBouncer.

    .venv/bin/python bench/pooled/run.py [--participants 40] [--concurrency 8]

The set-up of `samson/operations/tests/test_pooled.py`: a PostgreSQL database of its own
(`samson_bench_pooled`, made anew and dropped), PgBouncer in transaction mode with a pool of one
server connection, and two gunicorn processes (2 sync workers each, production settings) that
reach PostgreSQL only through it. The facilitator opens the round; 4 participants warm the
processes up; then --participants participants answer the full instrument (21 requests each),
--concurrency at a time, alternating between the processes. The CPU time (user + system, from
/proc) of every process is read before and after: the gunicorn masters and workers, PgBouncer,
the one PostgreSQL backend serving the database (with a pool of one, it does all of
PostgreSQL's work for these requests, apart from the WAL writer and checkpointer, which other
databases share and which are left out), and this client. Prints each per request, and
PgBouncer's statements and transactions per request. Figures go in docs/scaling.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samson.config.settings.test")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.urls import reverse  # noqa: E402

from samson.operations.tests.test_pooled import (  # noqa: E402
    FACILITATOR,
    PASSWORD,
    POSTGRES,
    admin,
    instrument_of,
    own_database,
    participant,
    pooled_site,
)
from samson.testing.rounds import grid_answers  # noqa: E402
from samson.testing.served import Visitor  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with (
        tempfile.TemporaryDirectory() as folder,
        own_database("samson_bench_pooled") as database,
        pooled_site(database, Path(folder)) as site,
    ):
        ports = site["ports"]
        facilitator = Visitor(ports)
        facilitator.get(reverse("accounts:login"))
        facilitator.post(reverse("accounts:login"), {"username": FACILITATOR, "password": PASSWORD})
        facilitator.post(
            reverse(
                "projects:round_state", kwargs={"pk": site["project"], "round_pk": site["round"]}
            ),
            {"to": "apen"},
        )
        instrument = instrument_of(site["content_hash"])
        answers = grid_answers(instrument, default=4, FRI_BRA="Vi møtes ofte")
        party = site["parties"]["kommunen"]

        def run(count: int) -> None:
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for served in pool.map(
                    lambda n: participant(
                        ports[n % 2 :] + ports[: n % 2],
                        site["join_code"],
                        party,
                        instrument,
                        answers,
                    ),
                    range(count),
                ):
                    assert len(served) == 21

        run(4)  # warm-up: every worker has its connection and its caches
        with psycopg.connect(f"{POSTGRES} dbname={database}", autocommit=True) as conn:
            backends = [
                pid
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                ).fetchall()
            ]
        assert len(backends) == 1, backends
        groups = {
            "gunicorn (2 masters, 4 workers)": [
                pid
                for server in site["servers"]
                for pid in [server.process.pid, *children(server.process.pid)]
            ],
            "PgBouncer": [site["bouncer"].process.pid],
            "PostgreSQL backend": backends,
            "client (this process)": [os.getpid()],
        }
        stats_before = {row["database"]: row for row in admin(site["bouncer"].port, "SHOW STATS")}
        before = {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in groups.items()}
        started = time.monotonic()
        run(args.participants)
        wall = time.monotonic() - started
        after = {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in groups.items()}
        stats_after = {row["database"]: row for row in admin(site["bouncer"].port, "SHOW STATS")}

    requests = args.participants * 21
    print(
        f"{args.participants} participants, {requests} requests in {wall:.1f} s "
        f"({requests / wall:.0f} requests/s), {args.concurrency} at a time"
    )
    for name in groups:
        spent = after[name] - before[name]
        print(f"{name}: {spent:.2f} s CPU, {spent / requests * 1000:.2f} ms per request")
    for field in ("total_query_count", "total_xact_count"):
        done = stats_after[database][field] - stats_before[database][field]
        print(f"PgBouncer {field}: {done} ({float(done) / requests:.2f} per request)")


if __name__ == "__main__":
    main()
