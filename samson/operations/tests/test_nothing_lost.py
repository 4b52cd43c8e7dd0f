"""Nothing lost: the server is killed (SIGKILL) while 40 participants answer at once.

Forty participants, each a thread with plain HTTP requests (no browser), join a round by code,
choose a party and answer every page of the full instrument against gunicorn with the
production settings. When a third of the pages have been acknowledged, the master and all its
workers are killed with SIGKILL, mid-request, and started again. A participant whose request got
no reply, or a reply cut off, sends it again, as a person would press the button again.
Afterwards every page the server had acknowledged (a redirect received by the participant) is in
the database exactly once, with the values sent, and every participant has finished. The test
runs on the suite's database: SQLite (a file the server and the test share) or PostgreSQL (CI
runs both).
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from samson.projects import services as project_services
from samson.responses.models import Answer, Response
from samson.responses.tokens import token_hash
from samson.testing.rounds import parties_of, spec
from samson.testing.served import (
    Reply,
    Server,
    Visitor,
    create_cache_table,
    database_url,
    free_port,
    served_env,
)

PARTICIPANTS = 40
DEADLINE = 120  # seconds for the whole load; the test takes far less


class Load:
    """What the participants share: acknowledged pages, lost requests, failures."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: dict[tuple[str, int], dict[str, int | str]] = {}
        self.finished: list[str] = []
        self.lost = 0  # requests that got no reply
        self.errors: list[str] = []
        self.deadline = time.monotonic() + DEADLINE
        self.pages_acknowledged = threading.Condition(self.lock)

    def send(self, visitor: Visitor, method: str, path: str, data: Any = None) -> Reply:
        """Send until a whole reply comes; a request without one is sent again."""
        while True:
            try:
                reply = visitor.request(method, path, data)
            except (OSError, http.client.HTTPException):  # no reply, or one cut off by the kill
                with self.lock:
                    self.lost += 1
                assert time.monotonic() < self.deadline, "the server did not come back"
                time.sleep(0.1)
                continue
            assert reply.status < 500, (method, path, reply.status, reply.text[:1000])
            return reply

    def page_acknowledged(self, token: str, number: int, answers: dict[str, int | str]) -> None:
        with self.lock:
            self.acknowledged[token, number] = answers
            self.pages_acknowledged.notify_all()


def _answers_of(participant: int, instrument: Any) -> dict[str, int | str]:
    """Each participant's own answers, so a row landing on the wrong response is caught."""
    answers: dict[str, int | str] = {}
    for position, item in enumerate(instrument.items):
        if item.type == "text":
            answers[item.id] = f"Deltaker {participant} svarer på {item.id}"
        else:
            codes = instrument.codes(item)
            answers[item.id] = codes[(participant + position) % len(codes)]
    return answers


def _participant(load: Load, port: int, code: str, party_pk: int, number: int, instrument: Any):
    answers = _answers_of(number, instrument)
    visitor = Visitor([port], timeout=30)
    try:
        assert load.send(visitor, "GET", reverse("participation:join")).status == 200
        reply = load.send(visitor, "POST", reverse("participation:join"), {"code": code})
        assert reply.status == 302, reply.status
        project_path = urlsplit(reply.headers["Location"]).path
        reply = load.send(visitor, "GET", project_path)
        assert reply.status == 200
        start_key = re.search(r'name="start_key" value="([A-Za-z0-9_-]+)"', reply.text)
        assert start_key, reply.text[:1000]
        # Sent again if the reply is lost: the one-time key makes it one response all the same.
        reply = load.send(
            visitor, "POST", project_path, {"party": party_pk, "start_key": start_key[1]}
        )
        assert reply.status == 302, reply.status
        path = urlsplit(reply.headers["Location"]).path
        token = path.split("/")[2]
        pages = len(instrument.pages)
        for page_number, page in enumerate(instrument.pages, start=1):
            assert path == f"/vurdering/{token}/side/{page_number}/", path
            assert load.send(visitor, "GET", path).status == 200
            sent = {item.id: answers[item.id] for item in page.items}
            action = "finish" if page_number == pages else "next"
            reply = load.send(visitor, "POST", path, {**sent, "action": action})
            assert reply.status == 302, (path, reply.status, reply.text[:1000])
            load.page_acknowledged(token, page_number, sent)
            path = urlsplit(reply.headers["Location"]).path
        assert path == f"/delta/{code}/takk/{token}/", path
        with load.lock:
            load.finished.append(token)
    except BaseException as error:  # noqa: BLE001 - reported by the test
        with load.lock:
            load.errors.append(f"participant {number}: {error!r}")


@pytest.mark.slow  # a server killed with SIGKILL under load
def test_no_acknowledged_answer_is_lost_or_doubled_when_the_server_is_killed(
    transactional_db: None, world: dict[str, Any], tmp_path: Path
):
    round = project_services.round_open(round=world["round_a"])
    instrument = spec(round)
    parties = list(parties_of(round).values())
    env = served_env(database_url(connection.settings_dict, connection.vendor))
    create_cache_table(env)
    server = Server(free_port(), env, tmp_path / "gunicorn.log", workers=2)
    server.start()
    load = Load()
    threads = [
        threading.Thread(
            target=_participant,
            args=(load, server.port, round.join_code, parties[n % 2].pk, n, instrument),
        )
        for n in range(PARTICIPANTS)
    ]
    try:
        for thread in threads:
            thread.start()
        # Kill when a third of all pages are acknowledged, while everyone is still answering.
        with load.pages_acknowledged:
            assert load.pages_acknowledged.wait_for(
                lambda: len(load.acknowledged) >= PARTICIPANTS * len(instrument.pages) // 3,
                timeout=DEADLINE,
            ), load.errors
            acknowledged_before_kill = len(load.acknowledged)
        server.kill()
        server.start()
        for thread in threads:
            thread.join(timeout=DEADLINE)
    finally:
        server.stop()

    assert load.errors == []
    assert acknowledged_before_kill < PARTICIPANTS * len(instrument.pages)
    assert load.lost > 0, "the kill should have cut off requests in flight or refused"
    assert len(load.finished) == PARTICIPANTS
    assert len(load.acknowledged) == PARTICIPANTS * len(instrument.pages)

    expected: dict[str, list[tuple[str, int | str]]] = {}
    for (token, _number), sent in load.acknowledged.items():
        expected.setdefault(token_hash(token), []).extend(sent.items())
    stored: dict[str, list[tuple[str, int | str]]] = {}
    for answer in Answer.objects.filter(response__round=round).select_related("response"):
        stored.setdefault(answer.response.token_hash, []).append((answer.item_id, answer.value))
    # Exactly once with the right values: the lists (not sets) of rows are equal.
    assert {key: sorted(rows) for key, rows in stored.items()} == {
        key: sorted(rows) for key, rows in expected.items()
    }
    finished = Response.objects.filter(round=round, completed_at__isnull=False)
    assert set(finished.values_list("token_hash", flat=True)) == set(expected)
    # One response per participant, even where a party choice's reply was lost and sent again.
    assert Response.objects.filter(round=round).count() == PARTICIPANTS
