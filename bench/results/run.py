"""Benchmark: the results page of a round with 1,000 respondents, against loading their answers.

    .venv/bin/python bench/results/run.py [--db sqlite|postgres] [--respondents 1000]
        [--repeat 5]

On a fresh database (SQLite file, or PostgreSQL `samson_bench_results`, dropped and created
anew) it makes a project with four parties and a closed round of the full instrument `samson`
with --respondents finished responses (54 answers each, random codes, seed 2026, free text
in one in ten), then times, best of --repeat after one warm-up:

- the results page as the facilitator gets it (Django's test client through every middleware,
  production settings): scores per party with suppression, heat maps, the table;
- merely loading those answers: one query for every answer of the round's finished responses
  (response, item, code, text) into Python tuples.

It prints both times, the ratio, and the number of database queries of the page. Not part of
the test suite; results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import django_setup, fresh_database, machine  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/samson_bench_results"
PRESETS = ("kommunen", "innbyggere", "frivillige", "naeringsliv")


def make_round(respondents: int, seed: int = 2026):  # type: ignore[no-untyped-def]
    import secrets

    from django.utils import timezone

    from samson.accounts.models import Membership, Organisation, User
    from samson.instruments.selectors import instrument_spec
    from samson.projects import services
    from samson.responses.models import Answer, Response

    rng = random.Random(seed)
    org = Organisation.objects.create(name="Benkemerke kommune")
    user = User.objects.create_user(username="bench-results", password=None)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.FACILITATOR)
    project = services.project_create(
        owner=user, organisation=org, title="Resultatbenk", party_presets=PRESETS
    )
    round = services.round_open(round=services.round_create(project=project, label="Oppstart"))
    instrument = instrument_spec(round.instrument_version)
    parties = list(project.parties.all())
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            instrument_version=round.instrument_version,
            round=round,
            party=parties[n % len(parties)],
            token_hash=secrets.token_hex(32),
            language="nb",
            completed_at=now,
        )
        for n in range(respondents)
    )
    answers = []
    for n, response in enumerate(responses):
        for item in instrument.items:
            if item.type == "text":
                if n % 10 == 0:
                    answers.append(Answer(response=response, item_id=item.id, text=f"Svar {n}"))
            else:
                code = rng.choice(instrument.codes(item))
                answers.append(Answer(response=response, item_id=item.id, code=code))
    Answer.objects.bulk_create(answers, batch_size=2000)
    services.round_close(round=round)
    return user, round, len(answers)


def best(repeat: int, work) -> float:  # type: ignore[no-untyped-def]
    work()  # warm-up: imports, the instrument parsed once per process, templates compiled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(machine())
    django_setup(fresh_database(args.db, args.postgres_url))
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from samson.responses.models import Answer

    user, round, answer_count = make_round(args.respondents)
    client = Client(HTTP_HOST="samson.test", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    url = reverse("results:round", kwargs={"project_pk": round.project_id, "round_pk": round.pk})

    def page() -> None:
        reply = client.get(url)
        assert reply.status_code == 200, reply.status_code
        assert b"1000" in reply.content or args.respondents != 1000

    def load() -> None:
        rows = list(
            Answer.objects.filter(
                response__round=round, response__completed_at__isnull=False
            ).values_list("response_id", "item_id", "code", "text")
        )
        assert len(rows) == answer_count

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page()
    page_time = best(args.repeat, page)
    load_time = best(args.repeat, load)
    print(
        f"database: {args.db}; {args.respondents} respondents, {answer_count} answers, "
        f"4 parties; best of {args.repeat}"
    )
    print(f"results page: {page_time * 1000:.0f} ms ({len(queries)} queries)")
    print(f"loading the answers: {load_time * 1000:.0f} ms")
    print(f"ratio page / loading: {page_time / load_time:.1f}x")


if __name__ == "__main__":
    main()
