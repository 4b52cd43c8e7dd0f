"""Where an answering request spends its time, in one process (no server, no network).

    .venv/bin/python bench/answers/flow_profile.py [--db sqlite|postgres] [--flows 100] [--cprofile]

Django's test client sends the participants' whole flow of bench/answers/run.py (join, party,
8 pages opened and submitted, thanks: 21 requests) through every middleware with the production
settings, CSRF checks enforced, on a fresh benchmark database. Prints the time per kind of
request against /healthz, the queries per kind, and with --cprofile the functions that cost
most. Times are this process's CPU time, so other work on the machine disturbs them less.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import POSTGRES_URL, django_setup, fresh_database, machine  # noqa: E402

HOST = "samson.test"
START_KEY = re.compile(r'name="start_key" value="([A-Za-z0-9_-]+)"')
TOKEN = re.compile(r"/vurdering/([A-Za-z0-9_-]+)/side/1/$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--flows", type=int, default=100)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--queries", action="store_true", help="count queries (slower)")
    parser.add_argument("--show-queries", action="store_true", help="and print them")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", help="write the profile's statistics to this file")
    args = parser.parse_args()
    print(machine())
    django_setup(fresh_database(args.db, args.postgres_url))

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from run import make_round  # type: ignore[import-not-found]

    round = make_round("profile")
    times: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    extra = {"HTTP_HOST": HOST, "HTTP_X_FORWARDED_PROTO": "https"}

    def send(client: Client, kind: str, method: str, path: str, data=None):  # noqa: ANN001, ANN202
        headers = dict(extra)
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": client.cookies["__Host-csrftoken"].value}
            headers.update(HTTP_ORIGIN=f"https://{HOST}", HTTP_REFERER=f"https://{HOST}{path}")
        request = getattr(client, method)
        if data is not None:  # as a browser (and aiohttp) sends a form, not multipart
            data = urlencode(data)
            headers["content_type"] = "application/x-www-form-urlencoded"
        if args.queries:
            with CaptureQueriesContext(connection) as captured:
                reply = request(path, data, **headers) if data else request(path, **headers)
            queries[kind].append(len(captured))
            if args.show_queries:
                for query in captured.captured_queries:
                    print(f"  {kind}: {query['sql'][:160]}")
            return reply
        start = time.process_time()
        reply = request(path, data, **headers) if data else request(path, **headers)
        times[kind].append(time.process_time() - start)
        return reply

    # One handler (the middleware loaded once, as in a server process) for every client.
    handler = Client(enforce_csrf_checks=True).handler

    def flow(n: int) -> None:
        client = Client()
        client.handler = handler
        send(client, "join page", "get", "/delta/")
        project = send(client, "join", "post", "/delta/", {"code": round.code})["Location"]
        body = send(client, "party page", "get", project).content.decode()
        key = START_KEY.search(body)
        assert key, body[:2000]
        path = send(
            client,
            "start",
            "post",
            project,
            {"party": str(round.parties[n % 2]), "start_key": key[1]},
        )["Location"]
        assert TOKEN.search(path), path
        for number, values in enumerate(round.pages, start=1):
            reply = send(client, "page", "get", path)
            assert reply.status_code == 200, reply.status_code
            action = "finish" if number == len(round.pages) else "next"
            reply = send(client, "page submit", "post", path, {**values, "action": action})
            assert reply.status_code == 302, (reply.status_code, reply.content[:3000])
            path = reply["Location"]
        assert send(client, "thanks", "get", path).status_code == 200
        health = Client()
        health.handler = handler
        for _ in range(21):
            send(health, "/healthz", "get", "/healthz")

    for n in range(5):  # warm up: imports, templates, the parsed instrument
        flow(n)
    if args.queries:
        times.clear()
        queries.clear()
        args.queries = True
        flow(0)
        for kind, values in queries.items():
            print(f"{kind:12} {sum(values) / len(values):4.1f} queries")
        args.queries = False
    times.clear()
    queries.clear()
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    started = time.process_time()
    for n in range(args.flows):
        flow(n)
    elapsed = time.process_time() - started
    if profiler:
        profiler.disable()
    reset_queries()
    print(f"{args.flows} flows in {elapsed:.2f} s")
    flow_ms = 0.0
    for kind, values in times.items():
        mean = sum(values) / len(values) * 1000
        per_flow = sum(values) * 1000 / args.flows
        if kind != "/healthz":
            flow_ms += per_flow
        print(
            f"{kind:12} {len(values):6} requests  mean {mean:6.3f} ms  per flow {per_flow:6.2f} ms"
        )
    healthz = sum(times["/healthz"]) / len(times["/healthz"]) * 1000
    print(
        f"flow: {flow_ms:.1f} ms for 21 requests, {flow_ms / 21:.3f} ms per request "
        f"against {healthz:.3f} ms for /healthz"
    )
    if profiler and args.dump:
        profiler.dump_stats(args.dump)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
