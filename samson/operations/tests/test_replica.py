"""The read replica (docs/scaling.md, "The read replica"), against a real streaming replica.

A PostgreSQL primary and a streaming replica of it (`pg_basebackup -R`) are made from scratch in
a folder of the test's own, on free ports of 127.0.0.1, and dropped afterwards; in the SQLite
pass of the suite as in the PostgreSQL one, like test_pooled.py. As root (CI) the clusters run
as the `postgres` OS user: PostgreSQL refuses to run as root. The app runs in a process of its
own with the production settings, `DATABASE_URL` on the primary and `DATABASE_REPLICA_URL` on the
replica: it migrates the primary, makes a round with answers, closes it, and reads its results
page and its data export while every query is recorded per database (SCRIPT).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from samson.testing.served import ROOT, free_port, served_env

# The server binaries of the newest PostgreSQL Debian installed (15 on this kind of machine).
BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    default=Path("/usr/lib/postgresql/15/bin"),
)

# Run in the app's process (production settings, both databases): prints the facts the test
# checks as JSON on its last line. The replica's replay is paused and resumed through
# `pg_wal_replay_pause()`, so "not yet replayed" is a state the test makes, not a race.
SCRIPT = r"""
import io, json, re, time
import django
django.setup()
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services as barometer
from samson.barometer.models import Respondent
from samson.core.dbrouter import closings_replayed, replica_reads
from samson.instruments.selectors import instrument_spec
from samson.projects import services
from samson.projects.models import Round
from samson.responses.models import Response
from samson.testing.rounds import answer, grid_answers, parties_of

quiet = io.StringIO()
call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
call_command("createcachetable", stdout=quiet)
call_command("instrument", "import", stdout=quiet)

organisation = Organisation.objects.create(name="Speilet kommune", kind="kommune")
user = User.objects.create_user(username="leder@replika.example.no", password="replika-123")
Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.FACILITATOR)
project = services.project_create(
    owner=user, organisation=organisation, title="Speilet prosjekt",
    party_presets=["kommunen", "innbyggere"],
)
replica = connections["replica"]


def replica_has(**filters):
    return Round.objects.using("replica").filter(**filters).exists()


def wait_for(check):
    deadline = time.monotonic() + 60
    while not check():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def replay(paused):
    with replica.cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")


client = Client(HTTP_HOST="samson.test", HTTP_X_FORWARDED_PROTO="https")
client.force_login(user)


# GET the page `name` of `round` (or with `kwargs`), every query recorded per database: how
# many read `table` on each, and the writes sent to the replica.
def visit(name, round=None, table="responses_answer", **kwargs):
    if round is not None:
        kwargs.update(project_pk=project.pk, round_pk=round.pk)
    if name == "reports:round_export_file":
        kwargs["fmt"] = "csv"
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        response = client.get(reverse(name, kwargs=kwargs))

    def reading(queries):
        return sum(f'"{table}"' in query["sql"] for query in queries.captured_queries)

    body = response.content.decode()
    page = re.sub(r"(<[^>]+>|\s)+", " ", body)
    return {
        "status": response.status_code,
        "reads": {"primary": reading(on_primary), "replica": reading(on_replica)},
        "replica_queries": len(on_replica.captured_queries),
        "replica_writes": [
            query["sql"] for query in on_replica.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ],
        "all_participants": re.findall(r"Alle deltakere \d+", page),
        "csv_rows": len(body.splitlines()) - 1 if name != "results:round" else None,
    }


out = {}
with replica.cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = cursor.fetchone()[0]
with connections["default"].cursor() as cursor:
    cursor.execute("SELECT state FROM pg_stat_replication")
    out["primary_senders"] = [row[0] for row in cursor.fetchall()]

first = services.round_create(project=project, label="Oppstart")
answers_of = grid_answers(instrument_spec(first.instrument_version))
parties = parties_of(first)
services.round_open(round=first)
answer(first, parties["kommunen"], answers_of, n=5)
answer(first, parties["innbyggere"], answers_of, n=5)
first = services.round_close(round=first)
wait_for(lambda: closings_replayed([first]))
out["replayed"] = {
    "results": visit("results:round", first),
    "export": visit("reports:round_export_file", first),
}

# The second round: half its answers replayed, then the replica stops replaying, the other
# half come in and the round is closed on the primary.
second = services.round_create(project=project, label="Oppfølging")
services.round_open(round=second)
answer(second, parties["kommunen"], answers_of, n=5)
wait_for(lambda: replica_has(pk=second.pk, state="apen"))
wait_for(lambda: Response.objects.using("replica").filter(round=second).count() == 5)
replay(paused=True)
answer(second, parties["innbyggere"], answers_of, n=5)
second = services.round_close(round=second)
time.sleep(0.5)
out["not_replayed"] = {
    "closings_replayed": closings_replayed([second]),
    "replica_still_open": replica_has(pk=second.pk, state="apen"),
    "results": visit("results:round", second),
    "export": visit("reports:round_export_file", second),
}
replay(paused=False)
wait_for(lambda: closings_replayed([second]))
cache.clear()  # the results counted on the primary above are kept there; count them again
out["caught_up"] = {
    "results": visit("results:round", second),
    "export": visit("reports:round_export_file", second),
}

# A barometer edition: its microdata export, the same way round by round.
analyst = User.objects.create_user(username="analytiker@replika.example.no", password="replika-1")
Membership.objects.create(user=analyst, organisation=organisation, role=Membership.Role.ANALYST)
client.force_login(analyst)
edition = barometer.edition_create(
    organisation=organisation, user=None, year=2025, title="Speilet", sectors=[1, 2]
)


def respond(n):
    for i in range(n):
        Respondent.objects.create(
            edition=edition,
            source=Respondent.Source.IMPORT,
            values={"kommunenr": 1101 + i, "enhetstype": 11, "landsdel": 1, "sektor": 1},
        )


def microdata():
    return visit(
        "barometer:export", table="barometer_respondent",
        pk=edition.pk, what="mikrodata", fmt="csv",
    )


respond(12)
wait_for(lambda: Respondent.objects.using("replica").filter(edition=edition).count() == 12)
out["edition_open"] = microdata()
replay(paused=True)
respond(3)
barometer.edition_settings(edition=edition, published=False, open=False)
edition.refresh_from_db()
out["edition_not_replayed"] = microdata()
replay(paused=False)
wait_for(lambda: closings_replayed([edition]))
out["edition_caught_up"] = microdata()

# Writes inside replica_reads() still go to the primary; the replica itself refuses them.
with replica_reads():
    on_replica_inside = Round.objects.get(pk=first.pk)._state.db
    Round.objects.filter(pk=first.pk).update(label="Oppstart omdøpt")
    reopened = services.round_reopen(round=Round.objects.get(pk=first.pk))
out["writes"] = {
    "read_inside_from": on_replica_inside,
    "primary_label": Round.objects.using("default").get(pk=first.pk).label,
    "primary_state": Round.objects.using("default").get(pk=first.pk).state,
    "reopened_from": reopened._state.db,
}
try:
    with replica.cursor() as cursor:
        cursor.execute("UPDATE projects_round SET label = 'x'")
    out["writes"]["replica_refused"] = None
except django.db.Error as error:
    out["writes"]["replica_refused"] = type(error.__cause__).__name__
print(json.dumps(out))
"""


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """`command` as the `postgres` OS user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


@dataclass
class Cluster:
    """One PostgreSQL server of our own: a data folder and a port on 127.0.0.1."""

    folder: Path
    port: int

    def start(self) -> None:
        _run(
            [
                str(BIN / "pg_ctl"),
                "--pgdata",
                str(self.folder),
                "--log",
                str(self.folder.parent / f"{self.folder.name}.log"),
                "--options",
                f"-p {self.port} -c listen_addresses=127.0.0.1"
                f" -c unix_socket_directories={self.folder.parent}",
                "--wait",
                "start",
            ]
        )

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            _run([str(BIN / "pg_ctl"), "--pgdata", str(self.folder), "-m", "immediate", "stop"])

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str) -> Any:
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchone()[0] if cursor.description else None  # type: ignore[index]


@contextlib.contextmanager
def primary_and_replica() -> Iterator[tuple[Cluster, Cluster]]:
    """A new primary with a database `samson`, and a streaming replica of it, both running."""
    # Not pytest's tmp_path: its parents are readable by root only, and the servers run as
    # the `postgres` user.
    folder = Path(tempfile.mkdtemp(prefix="samson-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary = Cluster(folder / "primary", free_port())
    replica = Cluster(folder / "replica", free_port())
    try:
        _run(
            [
                str(BIN / "initdb"),
                "--pgdata",
                str(primary.folder),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
            ]
        )
        # Only this machine, and the test user may replicate (pg_basebackup and the replica's
        # WAL receiver connect as `postgres`).
        (primary.folder / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host replication postgres 127.0.0.1/32 trust\n"
        )
        primary.start()
        primary.query("CREATE DATABASE samson")
        _run(
            [
                str(BIN / "pg_basebackup"),
                "--host",
                "127.0.0.1",
                "--port",
                str(primary.port),
                "--username",
                "postgres",
                "--pgdata",
                str(replica.folder),
                "--wal-method",
                "stream",
                "--write-recovery-conf",
                "--checkpoint",
                "fast",
            ]
        )
        replica.start()
        deadline = time.monotonic() + 60
        while (
            primary.query("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") < 1
        ):
            assert time.monotonic() < deadline, "the replica never started streaming"
            time.sleep(0.1)
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow  # makes two PostgreSQL clusters and runs the app in a process of its own
def test_results_and_exports_read_from_the_replica_once_it_has_the_closing():
    assert (BIN / "initdb").exists(), f"PostgreSQL's server binaries are not in {BIN}"
    with primary_and_replica() as (primary, replica):
        env = served_env(primary.url("samson"), DATABASE_REPLICA_URL=replica.url("samson"))
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # A real streaming replica: in recovery, fed by the primary's one WAL sender.
    assert out["replica_in_recovery"] is True
    assert out["primary_senders"] == ["streaming"]

    # (a) Replayed: the answers are read on the replica only, and nothing is written there.
    replayed = out["replayed"]
    for page in ("results", "export"):
        assert replayed[page]["status"] == 200
        assert replayed[page]["reads"] == {"primary": 0, "replica": 1}
        assert replayed[page]["replica_writes"] == []
    assert replayed["results"]["all_participants"] == ["Alle deltakere 10"]
    assert replayed["export"]["csv_rows"] == 10

    # (b) Closed on the primary while the replica was paused with 5 of the 10 answers: one
    # query on the replica (the check), the answers from the primary, all 10 of them.
    behind = out["not_replayed"]
    assert behind["closings_replayed"] is False
    assert behind["replica_still_open"] is True
    for page in ("results", "export"):
        assert behind[page]["status"] == 200
        assert behind[page]["reads"] == {"primary": 1, "replica": 0}
        assert behind[page]["replica_queries"] == 1
    assert behind["results"]["all_participants"] == ["Alle deltakere 10"]
    assert behind["export"]["csv_rows"] == 10

    # Once the replica has replayed the closing, the same round reads from it.
    caught_up = out["caught_up"]
    for page in ("results", "export"):
        assert caught_up[page]["reads"] == {"primary": 0, "replica": 1}
        assert caught_up[page]["replica_writes"] == []
    assert caught_up["results"]["all_participants"] == ["Alle deltakere 10"]
    assert caught_up["export"]["csv_rows"] == 10

    # A barometer edition's microdata: open, from the replica once it has the 12 units; closed
    # with 3 more while the replica was paused, from the primary (15); then from the replica.
    for key, where, rows in [
        ("edition_open", "replica", 12),
        ("edition_not_replayed", "primary", 15),
        ("edition_caught_up", "replica", 15),
    ]:
        microdata = out[key]
        assert microdata["status"] == 200
        assert microdata["reads"] == {"primary": 0, "replica": 0, where: 1}
        assert microdata["csv_rows"] == rows
        assert microdata["replica_writes"] == []
    assert out["edition_not_replayed"]["replica_queries"] == 1

    # (c) Inside replica_reads() reads come from the replica, but an update and a whole
    # service (reopening the round, with its row lock and audit record) went to the primary;
    # the replica refuses any write.
    assert out["writes"] == {
        "read_inside_from": "replica",
        "primary_label": "Oppstart omdøpt",
        "primary_state": "apen",
        "reopened_from": "default",
        "replica_refused": "ReadOnlySqlTransaction",
    }
