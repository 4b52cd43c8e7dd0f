"""The benchmark's SMTP server: aiosmtpd on 127.0.0.1, in a process of its own.

    python bench/fieldwork/sink.py LOG

Accepts every message and appends one line per event to LOG, flushed at once, so that a
worker killed mid-conversation leaves a trace of how far it got:

    R <address>    the server accepted RCPT TO for the address
    D <address>    the server received the whole message and is about to reply 250

Prints "ready <port>" on stdout when it listens.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
from typing import Any, TextIO

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, log: TextIO) -> None:
        self.log = log

    def _write(self, line: str) -> None:
        self.log.write(line + "\n")
        self.log.flush()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        envelope.rcpt_tos.append(address)
        self._write(f"R {address}")
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for address in envelope.rcpt_tos:
            self._write(f"D {address}")
        return "250 Message accepted"


def main() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open(sys.argv[1], "a", encoding="utf-8") as log:
        controller = Controller(Sink(log), hostname="127.0.0.1", port=port)
        controller.start()
        print(f"ready {port}", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        stop.wait()
        controller.stop()


if __name__ == "__main__":
    main()
