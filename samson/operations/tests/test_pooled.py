"""The production configuration behind a connection pooler: two gunicorn processes reach
PostgreSQL only through PgBouncer in transaction pooling mode, and a whole round runs through them.

PgBouncer (Debian's `pgbouncer`) listens on a free port on 127.0.0.1 with a pool of one server
connection, so every transaction of every worker of both processes shares that one connection in
turn, the way a pooler shares a few connections among hundreds of workers (docs/scaling.md).
The database is one of the test's own, made and dropped here, on PostgreSQL at 127.0.0.1:5432,
in the SQLite pass of the suite as in the PostgreSQL one. It is migrated straight on PostgreSQL,
as the release steps do (docs/deployment.md); the facilitator then opens the round, participants
join by code and answer every page with requests alternating between the two processes, four at
a time, and the facilitator closes the round and reads the results.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import psycopg
import pytest
from django.conf import settings
from django.urls import reverse
from psycopg import sql

from samson.instrument_spec import Instrument, load_instrument_file
from samson.testing.rounds import grid_answers
from samson.testing.served import ROOT, Server, Visitor, free_port, served_env

PGBOUNCER = Path("/usr/sbin/pgbouncer")
POSTGRES = "host=127.0.0.1 port=5432 user=postgres"
POOL_SIZE = 1
FACILITATOR = "prosessleder@pooled.example.no"
PASSWORD = "pooled-passord-123"
PARTICIPANTS = {"kommunen": 5, "innbyggere": 3}

# Run with the served processes' environment against PostgreSQL itself: migrate, the cache
# table, the shipped instruments, then a facilitator with a project of two parties and a draft
# round. Prints what the test needs to know as JSON on its last line.
SETUP = f"""
import io, json
import django
django.setup()
from django.core.management import call_command
from samson.accounts.models import Membership, Organisation, User
from samson.fieldwork.models import Fieldwork
from samson.fieldwork.services import round_create_with_mode
from samson.projects import services

quiet = io.StringIO()
call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
call_command("createcachetable", stdout=quiet)
call_command("instrument", "import", stdout=quiet)
organisation = Organisation.objects.create(name="Samlet kommune", kind="kommune")
user = User.objects.create_user(
    username={FACILITATOR!r}, email={FACILITATOR!r}, password={PASSWORD!r}
)
Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.FACILITATOR)
project = services.project_create(
    owner=user, organisation=organisation, title="Samlet prosjekt",
    party_presets=["kommunen", "innbyggere"],
)
round = round_create_with_mode(project=project, label="Oppstart", mode=Fieldwork.Mode.OPEN)
print(json.dumps({{
    "project": project.pk,
    "round": round.pk,
    "join_code": round.join_code,
    "content_hash": round.instrument_version.content_hash,
    "parties": {{party.preset: party.pk for party in project.parties.all()}},
}}))
"""


def admin(port: int, command: str) -> list[dict[str, Any]]:
    """Rows of a PgBouncer console command (SHOW …), as dicts by column name. The console
    speaks only the simple query protocol, which the client-side cursor uses."""
    with psycopg.connect(
        f"host=127.0.0.1 port={port} user=postgres dbname=pgbouncer",
        autocommit=True,
        cursor_factory=psycopg.ClientCursor,
    ) as conn:
        cursor = conn.execute(command)
        names = [column.name for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class PgBouncer:
    """PgBouncer in front of PostgreSQL for one database, in transaction pooling mode."""

    folder: Path
    database: str
    port: int
    process: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    def start(self, timeout: float = 30) -> None:
        assert PGBOUNCER.exists(), "pgbouncer is not installed (Debian: apt-get install pgbouncer)"
        userlist = self.folder / "userlist.txt"
        userlist.write_text('"postgres" ""\n')
        lines = [
            "[databases]",
            f"{self.database} = host=127.0.0.1 port=5432 dbname={self.database} user=postgres",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {self.port}",
            "unix_socket_dir =",
            "auth_type = trust",
            f"auth_file = {userlist}",
            "admin_users = postgres",
            "pool_mode = transaction",
            f"default_pool_size = {POOL_SIZE}",
            "max_client_conn = 100",
        ]
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root; it reads its files first, then becomes `user`.
            lines.append("user = postgres")
        ini = self.folder / "pgbouncer.ini"
        ini.write_text("\n".join(lines) + "\n")
        self.log = (self.folder / "pgbouncer.log").open("ab")
        # In the foreground it logs to stderr, into our file (a log file of its own would be
        # opened after it stopped being root, in a folder it can no longer write).
        self.process = subprocess.Popen(
            [str(PGBOUNCER), str(ini)], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, self.log_text()
            try:
                admin(self.port, "SHOW VERSION")
                return
            except psycopg.OperationalError:
                assert time.monotonic() < deadline, self.log_text()
                time.sleep(0.1)

    def log_text(self) -> str:
        return (self.folder / "pgbouncer.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.log is not None:
            self.log.close()


@contextlib.contextmanager
def own_database(name: str) -> Iterator[str]:
    """An empty PostgreSQL database `name`, made anew and dropped afterwards."""
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(f"{POSTGRES} dbname=postgres", autocommit=True) as conn:
        conn.execute(drop)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(f"{POSTGRES} dbname=postgres", autocommit=True) as conn:
            conn.execute(drop)


@contextlib.contextmanager
def pooled_site(database: str, folder: Path, workers: int = 2) -> Iterator[dict[str, Any]]:
    """The prepared database, PgBouncer in front of it and two app processes behind that.
    Yields the prepared round's facts (SETUP) with the database, PgBouncer and the servers."""
    direct = served_env(f"postgres://postgres@127.0.0.1:5432/{database}")
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=direct,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr
    prepared = json.loads(setup.stdout.strip().splitlines()[-1])
    bouncer = PgBouncer(folder, database, free_port())
    servers: list[Server] = []
    try:
        bouncer.start()
        env = served_env(
            f"postgres://postgres@127.0.0.1:{bouncer.port}/{database}",
            DATABASE_DISABLE_SERVER_SIDE_CURSORS="true",
        )
        servers = [
            Server(free_port(), env, folder / f"gunicorn-{n}.log", workers=workers)
            for n in range(2)
        ]
        for server in servers:
            server.start()
        yield {
            **prepared,
            "database": database,
            "bouncer": bouncer,
            "servers": servers,
            "ports": [server.port for server in servers],
        }
    finally:
        for server in servers:
            server.stop()
        bouncer.stop()


@pytest.fixture
def pooled(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with (
        own_database(f"samson_pooled_{os.getpid()}") as database,
        pooled_site(database, tmp_path) as site,
    ):
        yield site


def instrument_of(content_hash: str) -> Instrument:
    loaded = load_instrument_file(Path(settings.SAMSON_SHIPPED_INSTRUMENTS) / "samson.yaml")
    assert loaded.content_hash == content_hash  # the version the round is pinned to
    return loaded.spec


def participant(
    ports: list[int], join_code: str, party: int, instrument: Instrument, answers: dict[str, Any]
) -> list[int]:
    """One participant: join by code, choose the party, answer every page, finish. Returns the
    ports that served the requests, in order."""
    visitor = Visitor(ports)
    visitor.get(reverse("participation:join"))
    project_path = visitor.post(reverse("participation:join"), {"code": join_code})
    visitor.get(project_path)
    path = visitor.post(project_path, {"party": party})
    for number, page in enumerate(instrument.pages, start=1):
        assert path.endswith(f"/side/{number}/"), path
        visitor.get(path)
        data = {item.id: answers[item.id] for item in page.items if item.id in answers}
        last = number == len(instrument.pages)
        path = visitor.post(path, {**data, "action": "finish" if last else "next"})
    assert "/takk/" in path, path
    visitor.get(path)
    return visitor.served_by


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.slow  # makes a database and starts PgBouncer and two server processes
def test_a_round_runs_through_pgbouncer_and_two_processes(pooled: dict[str, Any]):
    ports = pooled["ports"]
    project, round_pk = pooled["project"], pooled["round"]

    facilitator = Visitor(ports)
    facilitator.get(reverse("accounts:login"))
    assert facilitator.post(
        reverse("accounts:login"), {"username": FACILITATOR, "password": PASSWORD}
    ) == reverse(settings.LOGIN_REDIRECT_URL)
    state_url = reverse("projects:round_state", kwargs={"pk": project, "round_pk": round_pk})
    round_url = reverse("projects:round", kwargs={"pk": project, "round_pk": round_pk})
    assert facilitator.post(state_url, {"to": "apen"}) == round_url
    assert "Målingen er åpen. Deltakerne kan svare nå." in _text(facilitator.get(round_url).text)

    instrument = instrument_of(pooled["content_hash"])
    answers = grid_answers(instrument, default=4, FRI_BRA="Vi møtes ofte")
    # Each participant starts on the other process than the one before, four at a time.
    parties = [
        pooled["parties"][preset] for preset, count in PARTICIPANTS.items() for _ in range(count)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        served = list(
            pool.map(
                lambda n: participant(
                    ports[n % 2 :] + ports[: n % 2],
                    pooled["join_code"],
                    parties[n],
                    instrument,
                    answers,
                ),
                range(len(parties)),
            )
        )
    assert [len(by) for by in served] == [2 * len(instrument.pages) + 5] * len(parties)
    assert all(by[0::2] == [by[0]] * len(by[0::2]) for by in served)
    assert {by[0] for by in served} == set(ports)
    assert {by[1] for by in served} == set(ports)

    facilitator.get(reverse("projects:round_close", kwargs={"pk": project, "round_pk": round_pk}))
    facilitator.post(state_url, {"to": "lukket", "confirmed": "1"})
    results = facilitator.get(
        reverse("results:round", kwargs={"project_pk": project, "round_pk": round_pk})
    )
    assert re.search(r"\bAlle deltakere 8\b", _text(results.text))
    assert set(facilitator.served_by) == set(ports)

    with psycopg.connect(f"{POSTGRES} dbname={pooled['database']}", autocommit=True) as conn:
        finished = conn.execute(
            "SELECT party_id, count(*) FROM responses_response"
            " WHERE round_id = %s AND completed_at IS NOT NULL GROUP BY party_id ORDER BY 1",
            [round_pk],
        ).fetchall()
        per_response = conn.execute(
            "SELECT DISTINCT count(a.id) FROM responses_response r"
            " LEFT JOIN responses_answer a ON a.response_id = r.id"
            " WHERE r.round_id = %s GROUP BY r.id",
            [round_pk],
        ).fetchall()
        state = conn.execute(
            "SELECT state FROM projects_round WHERE id = %s", [round_pk]
        ).fetchone()
        # Every connection PostgreSQL has to this database besides this one is PgBouncer's.
        backends = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert finished == sorted(
        (pooled["parties"][preset], count) for preset, count in PARTICIPANTS.items()
    )
    assert per_response == [(len(answers),)]
    assert state == ("lukket",)
    assert backends == (POOL_SIZE,)

    # The workers (persistent connections, DATABASE_CONN_MAX_AGE) are PgBouncer's clients and
    # shared its one server connection; with the count above, no process reached PostgreSQL
    # other than through it.
    port = pooled["bouncer"].port
    clients = [row for row in admin(port, "SHOW CLIENTS") if row["database"] == pooled["database"]]
    servers = [row for row in admin(port, "SHOW SERVERS") if row["database"] == pooled["database"]]
    assert len(clients) >= 2
    assert len(servers) == POOL_SIZE
    stats = {row["database"]: row for row in admin(port, "SHOW STATS")}
    requests = len(parties) * (2 * len(instrument.pages) + 5)
    assert stats[pooled["database"]]["total_xact_count"] >= requests


PRINT_SETTINGS = """
import django
django.setup()
from django.db import connection
print(
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"],
    connection.settings_dict["CONN_MAX_AGE"],
    connection.get_connection_params()["prepare_threshold"],
)
"""


@pytest.mark.slow  # starts a Python process per case
@pytest.mark.parametrize(
    ("extra", "printed"),
    [
        ({}, "False 600 None"),
        ({"DATABASE_DISABLE_SERVER_SIDE_CURSORS": "true"}, "True 600 None"),
        (
            {"DATABASE_DISABLE_SERVER_SIDE_CURSORS": "false", "DATABASE_CONN_MAX_AGE": "0"},
            "False 0 None",
        ),
    ],
)
def test_the_production_settings_take_the_pooling_options_from_the_environment(extra, printed):
    # Never a prepared statement, whatever the environment says: a pooler in transaction mode
    # would send the next execution to a server connection that never prepared it.
    env = served_env("postgres://postgres@127.0.0.1:6432/samson", **extra)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout.strip()) == (0, printed), result.stderr
