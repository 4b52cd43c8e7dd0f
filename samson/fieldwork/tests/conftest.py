"""A real SMTP server on 127.0.0.1 (aiosmtpd) and the real database worker, for the
end-to-end tests of fieldwork e-mail."""

import asyncio
import signal
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client

from samson.accounts.models import Membership, Organisation
from samson.barometer import services as barometer_services
from samson.barometer.models import Edition
from samson.projects import services as project_services
from samson.testing.people import member


@dataclass
class Mailbox:
    """What the server received, and how it should treat some addresses."""

    received: list[Message] = field(default_factory=list)
    reject: set[str] = field(default_factory=set)  # 550 at RCPT, for good
    drop_once: set[str] = field(default_factory=set)  # the line is cut at DATA, once
    refuse_data: set[str] = field(default_factory=set)  # 554 at DATA: the message, not the box
    # Received, but the reply waits until `release` is set: a worker can be killed right then.
    hold: set[str] = field(default_factory=set)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    port: int = 0

    def to(self, address: str) -> list[Message]:
        return [m for m in self.received if m["To"] == address]

    def addresses(self) -> list[str]:
        return sorted(str(m["To"]) for m in self.received)


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.mailbox.reject:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for address in envelope.rcpt_tos:
            if address in self.mailbox.drop_once:
                self.mailbox.drop_once.discard(address)
                server.transport.abort()  # the connection drops before any reply
                return "451 dropped"
            if address in self.mailbox.refuse_data:
                return "554 5.7.1 Message refused"
        self.mailbox.received.append(message_from_bytes(envelope.content))
        if self.mailbox.hold & set(envelope.rcpt_tos):
            self.mailbox.holding.set()
            while not self.mailbox.release.is_set():
                await asyncio.sleep(0.02)
        return "250 Message accepted"


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    box = Mailbox()
    with socket.socket() as probe:  # a free port; aiosmtpd checks it by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    box.port = port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield box
    finally:
        box.release.set()
        controller.stop()


@pytest.fixture
def run_worker() -> Iterator[Any]:
    """Run `samson db_worker --batch` as a deployment runs it, until no task is due."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )

    yield run
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def open_round(world: dict[str, Any]) -> Any:
    return project_services.round_transition(round=world["round_a"], to="apen")


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="KS", kind="annen")
    edition = barometer_services.edition_create(
        organisation=organisation, user=None, year=2026, title="Barometer 2026", sectors=[1, 2]
    )
    barometer_services.frame_replace(
        edition=edition,
        cells=[
            ({"enhetstype": unit_type, "landsdel": landsdel}, 40)
            for unit_type in (11, 12, 21, 22)
            for landsdel in (1, 4)
        ],
    )
    return edition


@pytest.fixture
def facilitator(world: dict[str, Any]) -> Client:
    """A client of its own, signed in as the owner of project A."""
    client = Client()
    client.force_login(world["owner_a"])
    return client


@pytest.fixture
def analyst(edition: Edition) -> Client:
    client = Client()
    client.force_login(member("analytiker@ks.no", edition.organisation, Membership.Role.ANALYST))
    return client
