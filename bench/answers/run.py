"""Benchmark: simulated participants answer the full SAMSON instrument against gunicorn.

    .venv/bin/python bench/answers/run.py [--db sqlite|postgres] [--users 50,200,500]
        [--workers 4] [--think 2,8] [--seconds 10]

The server is the documented production command (gunicorn, sync workers) with the production
settings (`samson.operations.tests.served_settings`: production, static files from the build
folder) on 127.0.0.1, on a fresh database (SQLite file, or PostgreSQL `samson_bench`, dropped
and created anew). Every participant is an asyncio task with its own cookies (aiohttp): it
joins by code, chooses a party (sending the start form's one-time key, as a browser does), opens
and submits each of the 8 pages (54 answers) and opens the thank-you page, 21 requests in all.

For each number of participants N it runs three phases on the same server processes:

1. *Participants*: N participants start within the first --ramp seconds and think a random
   time (--think, seconds, uniform) before each form they submit, as people do (a real
   participant spends about a minute per page; the default is a few seconds, so the load is
   far heavier than real). Prints requests, errors, answers saved per second, median and p95
   latency of every request and of the page submissions alone.
2. *Capacity*: N participants with no thinking at all, for --seconds: requests per second and
   answers per second at saturation.
3. *Trivial endpoint*: N clients asking /healthz with no pause, for --seconds.

The ratio is capacity (2) over trivial (3), in requests per second. Targets (issue 7): no
errors, p95 under 100 ms at 200 participants, ratio at least 50%. Not part of the test suite;
results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
from common import POSTGRES_URL, django_setup, fresh_database, machine  # noqa: E402

HOST = "samson.test"
TOKEN = re.compile(r"/vurdering/([A-Za-z0-9_-]+)/side/1/$")
START_KEY = re.compile(r'name="start_key" value="([A-Za-z0-9_-]+)"')


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    page_posts: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers: int = 0
    pages: int = 0
    participants: int = 0
    first: float = 0.0
    last: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Round:
    code: str
    parties: list[int]
    pages: list[dict[str, str]]  # per page: item id -> the value a participant sends


def make_round(label: str) -> Round:
    """A project with two parties and an open round of the full instrument `samson`, joined
    by its code as at a workshop."""
    from samson.accounts.models import Membership, Organisation, User
    from samson.fieldwork.models import Fieldwork
    from samson.fieldwork.services import round_create_with_mode
    from samson.instruments.selectors import instrument_spec
    from samson.projects import services

    org = Organisation.objects.create(name=f"Benkemerke kommune {label}")
    user = User.objects.create_user(username=f"bench-{label}", password=None)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.FACILITATOR)
    project = services.project_create(
        owner=user,
        organisation=org,
        title=f"Benk {label}",
        party_presets=("kommunen", "innbyggere"),
    )
    made = round_create_with_mode(project=project, label=label, mode=Fieldwork.Mode.OPEN)
    round = services.round_open(round=made)
    instrument = instrument_spec(round.instrument_version)
    pages = []
    for page in instrument.pages:
        values = {}
        for item in page.items:
            if item.type == "text":
                values[item.id] = "Vi møtes ofte og lærer av hverandre."
            else:
                values[item.id] = str(instrument.codes(item)[1])
        pages.append(values)
    return Round(round.join_code, list(project.parties.values_list("pk", flat=True)), pages)


class Participant:
    def __init__(self, session: aiohttp.ClientSession, base: str, stats: Stats) -> None:
        self.session, self.base, self.stats = session, base, stats
        self.cookies: dict[str, str] = {}
        self.body = ""

    async def send(
        self, method: str, path: str, expect: int, data: dict[str, str] | None = None
    ) -> str:
        """One request; returns the redirect's path (POST) or ''. Raises on a wrong status."""
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("__Host-csrftoken", "")}
            headers.update({"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}"})
        start = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base + path, data=data, headers=headers, allow_redirects=False
            ) as reply:
                self.body = (await reply.read()).decode()
                status, location = reply.status, reply.headers.get("Location", "")
                for value in reply.headers.getall("Set-Cookie", []):
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
        except (aiohttp.ClientError, TimeoutError) as error:
            self.stats.errors.append(f"{method} {path}: {error!r}")
            raise
        elapsed = time.perf_counter() - start
        self.stats.latencies.append(elapsed)
        if method == "POST" and "/side/" in path:
            self.stats.page_posts.append(elapsed)
        self.stats.last = time.perf_counter()
        if status != expect:
            self.stats.errors.append(f"{method} {path}: {status}")
            raise RuntimeError(status)
        return location.split("://", 1)[-1].split(HOST, 1)[-1] if location else ""


async def participant(
    p: Participant, round: Round, n: int, think: Callable[[], Awaitable[None]]
) -> None:
    await p.send("GET", "/delta/", 200)
    await think()
    project = await p.send("POST", "/delta/", 302, {"code": round.code})
    await p.send("GET", project, 200)
    start_key = START_KEY.search(p.body)
    assert start_key, "no start key on the party page"
    await think()
    path = await p.send(
        "POST", project, 302, {"party": str(round.parties[n % 2]), "start_key": start_key[1]}
    )
    token_match = TOKEN.search(path)
    assert token_match, path
    for number, values in enumerate(round.pages, start=1):
        await p.send("GET", path, 200)
        await think()
        action = "finish" if number == len(round.pages) else "next"
        path = await p.send("POST", path, 302, {**values, "action": action})
        p.stats.answers += len(values)
        p.stats.pages += 1
    await p.send("GET", path, 200)
    p.stats.participants += 1


def session(users: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=users, force_close=True),
        timeout=aiohttp.ClientTimeout(total=60),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


async def phase_participants(
    base: str, round: Round, users: int, think: tuple[float, float], ramp: float
) -> Stats:
    stats = Stats()

    async def pause() -> None:
        await asyncio.sleep(random.uniform(*think))

    async def one(n: int, s: aiohttp.ClientSession) -> None:
        await asyncio.sleep(random.uniform(0, ramp))
        with contextlib.suppress(Exception):  # counted in stats.errors
            await participant(Participant(s, base, stats), round, n, pause)

    async with session(users) as s:
        stats.first = time.perf_counter()
        await asyncio.gather(*(one(n, s) for n in range(users)))
    return stats


async def phase_saturated(base: str, round: Round, users: int, seconds: float) -> Stats:
    """`users` loops of participants with no thinking; counts what completes in `seconds`."""
    stats = Stats()
    stop = time.perf_counter() + seconds

    async def no_pause() -> None:
        return None

    async def loop(n: int, s: aiohttp.ClientSession) -> None:
        while time.perf_counter() < stop:
            with contextlib.suppress(Exception):  # counted in stats.errors
                await participant(Participant(s, base, stats), round, n, no_pause)

    async with session(users) as s:
        stats.first = time.perf_counter()
        await asyncio.gather(*(loop(n, s) for n in range(users)))
    return stats


async def phase_trivial(base: str, users: int, seconds: float) -> Stats:
    stats = Stats()
    stop = time.perf_counter() + seconds

    async def loop(s: aiohttp.ClientSession) -> None:
        p = Participant(s, base, stats)
        while time.perf_counter() < stop:
            with contextlib.suppress(Exception):  # counted in stats.errors
                await p.send("GET", "/healthz", 200)

    async with session(users) as s:
        stats.first = time.perf_counter()
        await asyncio.gather(*(loop(s) for _ in range(users)))
    return stats


def rate(stats: Stats, count: int) -> float:
    span = stats.last - stats.first
    return count / span if span > 0 else float("nan")


def report(users: int, real: Stats, busy: Stats, trivial: Stats) -> dict[str, Any]:
    ms = 1000
    print(f"\n== {users} participants at once ==")
    print(
        f"participants: {real.participants}/{users} finished, {real.requests} requests, "
        f"{len(real.errors)} errors, {real.answers} answers in {real.last - real.first:.1f} s "
        f"({rate(real, real.answers):.0f} answers/s, {rate(real, real.requests):.0f} requests/s)"
    )
    print(
        f"  latency, every request: median {statistics.median(real.latencies) * ms:.0f} ms, "
        f"p95 {pct(real.latencies, 95) * ms:.0f} ms, max {max(real.latencies) * ms:.0f} ms"
        if real.latencies
        else "  no request completed"
    )
    if real.page_posts:
        print(
            f"  latency, page submissions: median {statistics.median(real.page_posts) * ms:.0f}"
            f" ms, p95 {pct(real.page_posts, 95) * ms:.0f} ms"
        )
    busy_rps, trivial_rps = rate(busy, busy.requests), rate(trivial, trivial.requests)
    print(
        f"capacity (no thinking): {busy_rps:.0f} requests/s, {rate(busy, busy.answers):.0f} "
        f"answers/s, {len(busy.errors)} errors, median {statistics.median(busy.latencies) * ms:.0f}"
        f" ms, p95 {pct(busy.latencies, 95) * ms:.0f} ms"
    )
    print(
        f"trivial endpoint /healthz: {trivial_rps:.0f} requests/s, {len(trivial.errors)} errors,"
        f" median {statistics.median(trivial.latencies) * ms:.0f} ms"
    )
    print(f"ratio answering / trivial (requests/s): {busy_rps / trivial_rps:.0%}")
    for error in (real.errors + busy.errors + trivial.errors)[:5]:
        print("  error:", error)
    return {"p95": pct(real.latencies, 95), "ratio": busy_rps / trivial_rps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--users", default="50,200,500")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", default="2,8", help="seconds before each submit: min,max")
    parser.add_argument("--ramp", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    think_min, think_max = (float(x) for x in args.think.split(","))

    print(machine())
    url = fresh_database(args.db, args.postgres_url)
    env = django_setup(url)
    from django.db import connections

    from samson.testing.served import Server, free_port

    levels = [int(x) for x in args.users.split(",")]
    rounds = {users: make_round(f"{users}") for users in levels}
    connections.close_all()
    log = Path(tempfile.mkdtemp(prefix="samson-bench-")) / "gunicorn.log"
    server = Server(free_port(), env, log, workers=args.workers)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    print(
        f"database: {args.db}; server: gunicorn, {args.workers} sync workers, production "
        f"settings; think time {think_min:g}-{think_max:g} s, ramp {args.ramp:g} s, "
        f"saturation phases {args.seconds:g} s; client: aiohttp {aiohttp.__version__}"
    )
    try:
        # Warm every worker up (imports, templates, the instrument parsed once per process), as
        # a server that has been running is; not measured.
        asyncio.run(phase_saturated(base, rounds[levels[0]], args.workers * 2, 3.0))
        for users in levels:
            cpu = time.process_time()
            real = asyncio.run(
                phase_participants(base, rounds[users], users, (think_min, think_max), args.ramp)
            )
            busy = asyncio.run(phase_saturated(base, rounds[users], users, args.seconds))
            trivial = asyncio.run(phase_trivial(base, users, args.seconds))
            report(users, real, busy, trivial)
            print(f"  (benchmark client CPU for this level: {time.process_time() - cpu:.1f} s)")
    finally:
        server.stop()
    print(f"\nserver log: {log}")


if __name__ == "__main__":
    main()
