"""Scale-out: two gunicorn processes on one database serve one round, request by request in turn.

Every request goes to the other process than the one before, as a load balancer may send it,
so nothing may live in one process's memory: sessions, CSRF tokens, throttling counts and the
answers are all in the database. The processes run the production settings behind an emulated
TLS-terminating proxy (X-Forwarded-Proto: https, one host name). The test runs on the suite's
database: SQLite on a developer's machine, PostgreSQL when DATABASE_URL says so (CI runs both).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from samson.audit.models import AuditEntry
from samson.projects import services as project_services
from samson.projects.models import Round
from samson.responses.models import Answer, Response
from samson.results.tests.conftest import grid_answers, parties_of, spec

HOST = "samson.test"
ROOT = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    assert connection.vendor == "postgresql"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Reply:
    status: int
    headers: Message
    text: str


class Visitor:
    """A browser without JavaScript whose every request goes to the next of `ports` in turn."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.served_by: list[int] = []

    def request(self, method: str, path: str, data: dict[str, Any] | None = None) -> Reply:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("__Host-csrftoken", "")}
            body = urlencode(data, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                }
            )
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(method, path, body=body, headers=headers)
        raw = conn.getresponse()
        reply = Reply(raw.status, raw.headers, raw.read().decode())
        conn.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.served_by.append(port)
        return reply

    def get(self, path: str) -> Reply:
        reply = self.request("GET", path)
        assert reply.status == 200, (path, reply.status, reply.text[:500])
        return reply

    def post(self, path: str, data: dict[str, Any]) -> str:
        """Post and return where the reply redirects to (the path)."""
        reply = self.request("POST", path, data)
        assert reply.status == 302, (path, reply.status, reply.text[:2000])
        return urlsplit(reply.headers["Location"]).path


@pytest.fixture
def two_processes(transactional_db: None, tmp_path: Path) -> Iterator[list[int]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SAMSON_", "CACHE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="samson.operations.tests.served_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        SAMSON_SECURITY_CONTACT="mailto:sikkerhet@example.kommune.no",
        DATABASE_URL=_database_url(),
        SAMSON_MIN_GROUP_SIZE="5",
    )
    subprocess.run(
        [sys.executable, "-m", "samson", "createcachetable"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    ports = [_free_port(), _free_port()]
    logs = [(tmp_path / f"gunicorn-{port}.log").open("wb") for port in ports]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samson.config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, (tmp_path / f"gunicorn-{port}.log").read_text()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request(
                        "GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
                    )
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"gunicorn on {port} did not start"
                time.sleep(0.2)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        for log in logs:
            log.close()


def _answer_round(ports: list[int], round: Round, party_pk: int, answers: dict[str, Any]) -> None:
    """One participant: join by code, choose the party, answer every page, finish."""
    visitor = Visitor(ports)
    visitor.get(reverse("participation:join"))
    project_path = visitor.post(reverse("participation:join"), {"code": round.join_code})
    visitor.get(project_path)
    path = visitor.post(project_path, {"party": party_pk})
    instrument = spec(round)
    for number, page in enumerate(instrument.pages, start=1):
        assert path.endswith(f"/side/{number}/"), path
        visitor.get(path)
        data = {item.id: answers[item.id] for item in page.items if item.id in answers}
        last = number == len(instrument.pages)
        path = visitor.post(path, {**data, "action": "finish" if last else "next"})
    assert "/takk/" in path, path  # the participant's thank-you page
    visitor.get(path)
    assert set(visitor.served_by) == set(ports)


def test_a_round_runs_through_two_processes(two_processes: list[int], world: dict[str, Any]):
    ports = two_processes
    round = project_services.round_open(round=world["round_a"])
    parties = parties_of(round)
    answers = grid_answers(spec(round), default=4, FRI_BRA="Vi møtes ofte")
    for _participant in range(5):
        _answer_round(ports, round, parties["kommunen"].pk, answers)
    for _participant in range(2):
        _answer_round(ports, round, parties["innbyggere"].pk, answers)

    assert Response.objects.filter(round=round, completed_at__isnull=False).count() == 7
    per_response = {len(answers)}
    assert {
        Answer.objects.filter(response=response).count()
        for response in Response.objects.filter(round=round)
    } == per_response

    # The facilitator logs in on one process and is logged in on the other.
    facilitator = Visitor(ports)
    facilitator.get(reverse("accounts:login"))
    assert facilitator.post(
        reverse("accounts:login"),
        {"username": world["owner_a"].username, "password": "passord-123"},
    ) == reverse(settings.LOGIN_REDIRECT_URL)
    state_url = reverse(
        "projects:round_state", kwargs={"pk": round.project_id, "round_pk": round.pk}
    )
    facilitator.post(state_url, {"to": "lukket"})
    results = facilitator.get(
        reverse("results:round", kwargs={"project_pk": round.project_id, "round_pk": round.pk})
    )
    counts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", results.text))
    assert "Alle deltakere 7" in counts
    assert set(facilitator.served_by) == set(ports)

    round.refresh_from_db()
    assert round.state == Round.State.CLOSED
    entry = AuditEntry.objects.get(action="round.transition", details={"to": "lukket"})
    assert entry.actor == world["owner_a"]
