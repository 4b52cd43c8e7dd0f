"""Behind a real nginx, each client is limited on its own.

The production server (gunicorn with the production settings) runs behind Debian's nginx with
the configuration of docs/deployment.md, `SAMSON_TRUSTED_PROXIES=127.0.0.1/32`. Clients connect
to nginx from different loopback addresses (127.0.0.2, 127.0.0.3, …: all of 127/8 is the
loopback on Linux), so every request reaches the app from 127.0.0.1 and only nginx's
X-Forwarded-For tells the clients apart, as on a real server. The counts are kept in Redis,
the recommended production cache (the two-process tests in samson/operations serve the
database's counter table).
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection

from samson.accounts.tests.factories import UserFactory
from samson.core.models import ThrottleCount
from samson.projects import services
from samson.testing.served import HOST, Server, database_url, free_port, served_env

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream samson {{ server 127.0.0.1:{app}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://samson;
            proxy_buffering off;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, directory: Path, port: int, app: int) -> None:
        self.directory, self.port = directory, port
        directory.mkdir()
        self.config = directory / "nginx.conf"
        self.config.write_text(CONFIG.format(dir=directory, port=port, app=app))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.directory), "-c", str(self.config), "-e", "stderr"],
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / "stderr.log").open("wb"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            assert self.process.poll() is None, (self.directory / "stderr.log").read_text()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz", headers={"Host": HOST})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Browser:
    """A client without JavaScript on loopback address `source`, talking to nginx."""

    def __init__(self, port: int, source: str) -> None:
        self.port, self.source = port, source
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, Any] | None = None, **headers: str
    ) -> tuple[int, str]:
        sent = {
            "Host": HOST,
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            **headers,
        }
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies["__Host-csrftoken"]})
            sent.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                }
            )
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
        )
        try:
            conn.request(method, path, body=body, headers=sent)
            reply = conn.getresponse()
            text = reply.read().decode()
            for header in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return reply.status, text
        finally:
            conn.close()


@pytest.fixture
def behind_nginx(transactional_db: None, tmp_path: Path) -> Iterator[tuple[int, str]]:
    # The recommended production cache, Redis, holds the counts, under a prefix of this run's.
    prefix = f"samson-test-{uuid.uuid4().hex}"
    env = served_env(
        database_url(connection.settings_dict, connection.vendor),
        DJANGO_SETTINGS_MODULE="samson.core.tests.nginx_settings",
        CACHE_URL="redis://127.0.0.1:6379/0",
        SAMSON_TEST_CACHE_PREFIX=prefix,
        SAMSON_TRUSTED_PROXIES="127.0.0.1/32",
        SAMSON_JOIN_ATTEMPTS_PER_CLIENT="3",
        SAMSON_LOGIN_ATTEMPTS_PER_CLIENT="1",
    )
    server = Server(free_port(), env, tmp_path / "gunicorn.log")
    nginx = Nginx(tmp_path / "nginx", free_port(), server.port)
    try:
        server.start()
        nginx.start()
        yield nginx.port, prefix
    finally:
        nginx.stop()
        server.stop()
        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


NOT_FOUND = "Vi fant ingen måling med den koden."
LOCKED = "For mange mislykkede innlogginger."


@pytest.mark.slow  # starts nginx and a server
def test_each_client_behind_nginx_is_limited_on_its_own(behind_nginx, world):
    port, prefix = behind_nginx
    code = services.round_transition(round=world["round_a"], to="apen").join_code
    user = UserFactory.create()
    guesser, participant = Browser(port, "127.0.0.2"), Browser(port, "127.0.0.3")
    for browser in (guesser, participant):
        assert browser.request("GET", "/delta/")[0] == 200

    for n in range(3):
        status, page = guesser.request("POST", "/delta/", {"code": f"WRONG{n:05d}"})
        assert (status, NOT_FOUND in page) == (200, True)
    assert guesser.request("POST", "/delta/", {"code": code})[0] == 429
    # A forged X-Forwarded-For is kept by nginx, left of the address nginx saw: no way out.
    forged = guesser.request("POST", "/delta/", {"code": code}, **{"X-Forwarded-For": "10.7.7.7"})
    assert forged[0] == 429
    assert guesser.request("GET", f"/delta/{code}/")[0] == 429

    # Another client through the same nginx is not locked out.
    assert participant.request("POST", "/delta/", {"code": "WRONG00009"})[0] == 200
    assert participant.request("POST", "/delta/", {"code": code})[0] == 302
    assert participant.request("GET", f"/delta/{code}/")[0] == 200

    # Log-in likewise: the guesser's one failure locks the guesser's log-in, not the owner's.
    login = {"username": user.username, "password": "passord-123"}
    guesser.request("POST", "/konto/logg-inn/", {"username": "navn@x.no", "password": "x"})
    status, page = guesser.request("POST", "/konto/logg-inn/", login)
    assert (status, LOCKED in page) == (200, True)
    assert participant.request("POST", "/konto/logg-inn/", login)[0] == 302

    # The counts were kept in Redis, with expiries, and none in the database.
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = list(client.scan_iter(f"{prefix}:*"))
    assert keys and all(0 < client.ttl(key) <= 900 for key in keys)
    client.close()
    assert not ThrottleCount.objects.exists()
