"""Two real `samson db_worker` processes send 300 invitations; one is SIGKILLed in the middle
of an SMTP conversation, after the server has the message and before the worker hears the
reply. The other sends the rest, and every invitee gets exactly one message: the interrupted
one is left claimed, later marked failed, and never sent again (docs/fieldwork.md)."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samson.fieldwork import services
from samson.fieldwork.models import OutboxMessage
from samson.operations.tests.served import database_url, free_port

from .helpers import import_contacts

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

State = OutboxMessage.State
N = 300
HOLD_AT = 40  # the worker on the first server is held (and killed) at its 40th message
ADDRESSES = [f"deltaker{i:03d}@example.no" for i in range(N)]


class Server:
    """What both SMTP servers received; the first one holds its HOLD_AT-th message."""

    def __init__(self) -> None:
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
            if self.server.on_first == HOLD_AT:
                self.server.held = envelope.rcpt_tos[0]
                self.server.holding.set()
                while not self.server.release.is_set():
                    await asyncio.sleep(0.02)
        return "250 Message accepted"


def _worker(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samson.fieldwork.tests.worker_settings",
        "DATABASE_URL": database_url(connection.settings_dict, connection.vendor),
        "SAMSON_TEST_SMTP_PORT": str(port),
        "SAMSON_FIELDWORK_MAILS_PER_MINUTE": "100000",  # the cap is not what is tested here
    }
    command = [
        sys.executable, "-m", "samson", "db_worker", "--no-reload", "--no-startup-delay",
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


def test_a_worker_killed_mid_conversation_leaves_every_invitee_one_message(world, open_round):
    facilitator = Client()
    facilitator.force_login(world["owner_a"])
    rows = [f"{a},,{('kommunen', 'innbyggere')[i % 2]},nb" for i, a in enumerate(ADDRESSES)]
    assert import_contacts(facilitator, open_round, rows).status_code == 302

    server = Server()
    controllers = []
    for first in (True, False):
        controller = Controller(Handler(server, first), hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        kwargs = {"pk": open_round.project_id, "round_pk": open_round.pk}
        assert facilitator.post(reverse("fieldwork:send", kwargs=kwargs)).status_code == 302
        services.outbox_resume()  # a second sending job, so that both workers send
        workers = [_worker(c.port) for c in controllers]
        doomed, survivor = workers
        assert server.holding.wait(timeout=120), doomed.stderr.read() if doomed.stderr else ""
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        server.release.set()

        def rest_sent() -> bool:
            # Nothing waits, and only the killed worker's message is still claimed.
            waiting = OutboxMessage.objects.filter(state__in=(State.QUEUED, State.SENDING))
            return len(server.received) >= N and waiting.count() == 1

        assert _wait(rest_sent, 120), len(server.received)
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

    # Both workers sent, and every invitee received exactly one message, the held one included.
    assert server.on_first >= HOLD_AT and N - server.on_first > 0
    assert Counter(server.received) == Counter(ADDRESSES)
    states = Counter(OutboxMessage.objects.values_list("state", flat=True))
    assert states == {State.SENT: N - 1, State.SENDING: 1}
    held = OutboxMessage.objects.get(state=State.SENDING)
    assert (held.invitee.email, held.attempts) == (server.held, 1)

    # Sending resumed later than STALE_CLAIM fails the claim and sends nothing again.
    services.outbox_send(now=timezone.now() + services.STALE_CLAIM + timedelta(seconds=1))
    held.refresh_from_db()
    assert (held.state, held.attempts, held.sent_at) == (State.FAILED, 1, None)
    assert held.last_error == (
        "The worker stopped while sending this message. It may have gone out, so it is not "
        "sent again."
    )
    assert Counter(server.received) == Counter(ADDRESSES)
