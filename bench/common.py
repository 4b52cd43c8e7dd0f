"""What bench/answers and bench/results share: a fresh benchmark database and Django set up on it.

SQLite: a new file in a temporary folder. PostgreSQL: the database `samson_bench` (or the one
named by --postgres-url), dropped and created anew on every run: never the test suite's.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/samson_bench"
FORBIDDEN = {"test", "test_test", "postgres", "template0", "template1"}


def fresh_database(kind: str, postgres_url: str = POSTGRES_URL) -> str:
    """Create an empty benchmark database and return its DATABASE_URL."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="samson-bench-"))
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    assert kind == "postgres", kind
    import psycopg

    parts = urlsplit(postgres_url)
    name = parts.path.lstrip("/")
    if name in FORBIDDEN or not name:
        raise SystemExit(f"refusing to drop the database {name!r}; name a benchmark database")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_url


def django_setup(database_url: str, **extra: str) -> dict[str, str]:
    """Point this process at the database with the served production settings (and `extra`
    environment), migrate it, create the cache table and import the shipped instruments.
    Returns the servers' environment."""
    from samson.testing.served import served_env

    env = served_env(database_url, **extra)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from samson.instrument_spec import load_instrument_file
    from samson.instruments.services import instrument_store, shipped_instrument_paths

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    for path in shipped_instrument_paths():
        instrument_store(loaded=load_instrument_file(path))
    return env


def machine() -> str:
    load = os.getloadavg()
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}; load average before the run: "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def query_count(call: Callable[[], object]) -> int:
    """How many SQL statements one call of `call` sends to the database."""
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return len(queries)
