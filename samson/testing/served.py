"""Real gunicorn processes for the tests (and bench/answers) that need a served site.

The processes run the production settings (`samson.operations.tests.served_settings`) behind
an emulated TLS-terminating proxy: every request says `Host: samson.test` and
`X-Forwarded-Proto: https`.
A `Visitor` is a browser without JavaScript: it keeps cookies and posts forms with the CSRF token.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode, urlsplit

HOST = "samson.test"
ROOT = Path(__file__).resolve().parents[2]


def database_url(settings_dict: dict[str, Any], vendor: str) -> str:
    """The DATABASE_URL of a connection's database (`connection.settings_dict`)."""
    db = settings_dict
    if vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    assert vendor == "postgresql"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a served process: ours without Django's and SAMSON's variables,
    plus the production settings' required ones."""
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
        DATABASE_URL=database_url,
        SAMSON_MIN_GROUP_SIZE="5",
    )
    env.update(extra)
    return env


def create_cache_table(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "samson", "createcachetable"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )


class Server:
    """One gunicorn (the documented production command) on 127.0.0.1:`port`.

    It runs in a session of its own, so `kill()` can SIGKILL the master and every worker at
    once, the way a crash or a pulled plug stops them, mid-request.
    """

    def __init__(
        self, port: int, env: dict[str, str], log: Path, workers: int = 1, threads: int = 1
    ) -> None:
        self.port, self.env, self.log_path = port, env, log
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samson.config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--backlog",
                "2048",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request(
                    "GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
                )
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"gunicorn on {self.port} did not start"
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL the master and all its workers (the whole process group)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._close_log()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class Reply:
    status: int
    headers: Message
    text: str


class Visitor:
    """A browser without JavaScript whose every request goes to the next of `ports` in turn.

    A request that gets no reply (refused, reset, timed out) raises OSError.
    """

    def __init__(self, ports: list[int], timeout: float = 30) -> None:
        self.ports = ports
        self.timeout = timeout
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
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            reply = Reply(raw.status, raw.headers, raw.read().decode())
        finally:
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
