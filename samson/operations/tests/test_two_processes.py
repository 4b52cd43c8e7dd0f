"""Scale-out: two gunicorn processes on one database serve one round, request by request in turn.

Every request goes to the other process than the one before, as a load balancer may send it,
so nothing may live in one process's memory: sessions, CSRF tokens, throttling counts and the
answers are all in the database. The processes run the production settings behind an emulated
TLS-terminating proxy (X-Forwarded-Proto: https, one host name). The test runs on the suite's
database: SQLite on a developer's machine, PostgreSQL when DATABASE_URL says so (CI runs both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from samson.audit.models import AuditEntry
from samson.projects import services as project_services
from samson.projects.models import Round
from samson.responses.models import Answer, Response
from samson.testing.rounds import grid_answers, parties_of, spec
from samson.testing.served import (
    Server,
    Visitor,
    create_cache_table,
    database_url,
    free_port,
    served_env,
)


@pytest.fixture
def two_processes(transactional_db: None, tmp_path: Path) -> Iterator[list[int]]:
    env = served_env(database_url(connection.settings_dict, connection.vendor))
    create_cache_table(env)
    servers = [Server(free_port(), env, tmp_path / f"gunicorn-{n}.log") for n in range(2)]
    try:
        for server in servers:
            server.start()
        yield [server.port for server in servers]
    finally:
        for server in servers:
            server.stop()


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


@pytest.mark.slow  # starts two server processes
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
    # Closing asks first: the confirmation page sends `confirmed` with the move.
    facilitator.get(
        reverse("projects:round_close", kwargs={"pk": round.project_id, "round_pk": round.pk})
    )
    facilitator.post(state_url, {"to": "lukket", "confirmed": "1"})
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
