"""Two real `samson db_worker` processes send 300 invitations, as one *Send* asks, and one is
SIGKILLed mid-batch; the other sends the rest (docs/fieldwork.md, "Sending").

1. Killed after claiming a message and before its SMTP conversation started: the claim goes
   back to the queue once stale, the other worker sends it, and every invitee gets exactly
   one message.
2. Killed in the SMTP conversation, after the server has the message and before the worker
   hears the reply: the message is left in doubt and never sent again, so that invitee too got
   exactly one."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samson.fieldwork import services
from samson.fieldwork.models import OutboxMessage
from samson.testing.served import database_url, free_port

from .helpers import import_contacts

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

State = OutboxMessage.State
N = 300
HOLD_AT = 40  # the first worker is held (and killed) at its 40th message
STALE_SECONDS = 5  # the workers' stale claim limit
ADDRESSES = [f"deltaker{i:03d}@example.no" for i in range(N)]


class Server:
    """What both SMTP servers received; the first one may hold its HOLD_AT-th message."""

    def __init__(self, hold: bool) -> None:
        self.hold = hold
        self.received: list[str] = []
        self.on_first = 0
        self.held = ""
        self.holding = threading.Event()
        self.release = threading.Event()


class Handler:
    def __init__(self, server: Server, first: bool) -> None:
        self.server, self.first = server, first

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        self.server.received.append(str(message_from_bytes(envelope.content)["To"]))
        if self.first:
            self.server.on_first += 1
            if self.server.hold and self.server.on_first == HOLD_AT:
                self.server.held = envelope.rcpt_tos[0]
                self.server.holding.set()
                while not self.server.release.is_set():
                    await asyncio.sleep(0.02)
        return "250 Message accepted"


def _worker(port: int, hold_file: Path | None = None) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samson.fieldwork.tests.worker_settings",
        "DATABASE_URL": database_url(connection.settings_dict, connection.vendor),
        "SAMSON_TEST_SMTP_PORT": str(port),
        "SAMSON_FIELDWORK_MAILS_PER_MINUTE": "100000",  # the cap is not what is tested here
        "SAMSON_FIELDWORK_STALE_CLAIM_SECONDS": str(STALE_SECONDS),
    }
    module = "samson"
    if hold_file is not None:
        module = "samson.fieldwork.tests.hold_worker"
        env |= {"SAMSON_TEST_HOLD_AT": str(HOLD_AT), "SAMSON_TEST_HOLD_FILE": str(hold_file)}
    command = [
        sys.executable, "-m", module, "db_worker", "--no-reload", "--no-startup-delay",
        "--interval", "0.2",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(condition: Any, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _states() -> Counter[str]:
    return Counter(OutboxMessage.objects.values_list("state", flat=True))


def _kill_one_of_two(world: Any, open_round: Any, server: Server, hold_file: Path | None) -> None:
    """Import the list, press *Send*, start two workers (the first on its own SMTP server),
    SIGKILL the first where it is held, and wait until nothing is queued or claimed."""
    facilitator = Client()
    facilitator.force_login(world["owner_a"])
    rows = [f"{a},,{('kommunen', 'innbyggere')[i % 2]},nb" for i, a in enumerate(ADDRESSES)]
    assert import_contacts(facilitator, open_round, rows).status_code == 302

    controllers = []
    for first in (True, False):
        controller = Controller(Handler(server, first), hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        kwargs = {"pk": open_round.project_id, "round_pk": open_round.pk}
        # One press enqueues two sending jobs (SAMSON_FIELDWORK_SENDERS), one per worker.
        assert facilitator.post(reverse("fieldwork:send", kwargs=kwargs)).status_code == 302
        workers = [_worker(controllers[0].port, hold_file), _worker(controllers[1].port)]
        doomed = workers[0]
        held = (
            server.holding.wait
            if hold_file is None
            else lambda timeout: _wait(hold_file.exists, timeout)
        )
        assert held(timeout=120), doomed.stderr.read() if doomed.stderr else ""
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        server.release.set()

        def settled() -> bool:
            waiting = OutboxMessage.objects.filter(state__in=(State.QUEUED, State.SENDING))
            return len(server.received) >= N - 1 and not waiting.exists()

        assert _wait(settled, 120), (len(server.received), _states())
        time.sleep(1.0)  # anything sent twice would arrive now
    finally:
        server.release.set()
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
            if worker.stderr:
                worker.stderr.close()
        for controller in controllers:
            controller.stop()
    # Both workers sent.
    assert server.on_first >= HOLD_AT - 1 and N - server.on_first > 0


def test_a_worker_killed_before_the_conversation_leaves_every_invitee_one_message(
    world, open_round, tmp_path
):
    server = Server(hold=False)
    hold_file = tmp_path / "held"
    _kill_one_of_two(world, open_round, server, hold_file)
    held_address = hold_file.read_text(encoding="utf-8")

    # The held message had been claimed but not handed over: the other worker took the stale
    # claim back and sent it, so every invitee received exactly one message.
    assert Counter(server.received) == Counter(ADDRESSES)
    assert _states() == {State.SENT: N}
    held = OutboxMessage.objects.get(invitee__email=held_address)
    assert held.attempts == 2 and held.conversation_at is not None
    assert held.claimed_at is not None and held.sent_at is not None
    assert OutboxMessage.objects.exclude(pk=held.pk).filter(attempts=1).count() == N - 1

    # Sending resumed again later sends nothing more.
    report = services.outbox_send(now=timezone.now() + services.stale_claim() * 2)
    assert (report.sent, report.failed) == (0, 0)
    assert Counter(server.received) == Counter(ADDRESSES)


def test_a_worker_killed_mid_conversation_leaves_its_message_in_doubt_never_resent(
    world, open_round
):
    server = Server(hold=True)
    _kill_one_of_two(world, open_round, server, None)

    # Every invitee received exactly one message, the held one included; the worker never
    # heard the reply, so that message is in doubt and is not sent again.
    assert Counter(server.received) == Counter(ADDRESSES)
    assert _states() == {State.SENT: N - 1, State.IN_DOUBT: 1}
    held = OutboxMessage.objects.get(state=State.IN_DOUBT)
    assert (held.invitee.email, held.attempts, held.sent_at) == (server.held, 1, None)
    assert held.conversation_at is not None
    assert held.last_error == (
        "The worker stopped during the SMTP conversation. The message may have gone out, so it "
        "is not sent again."
    )
    services.outbox_send(now=timezone.now() + services.stale_claim() * 2)
    held.refresh_from_db()
    assert held.state == State.IN_DOUBT
    assert Counter(server.received) == Counter(ADDRESSES)
