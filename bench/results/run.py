"""Benchmark: the results page of a closed round at 1,000 and 20,000 respondents, against loading
their answers.

    .venv/bin/python bench/results/run.py [--db sqlite|postgres] [--sizes 1000 20000]
        [--repeat 5]

On a fresh database (SQLite file, or PostgreSQL `samson_bench_results`, dropped and created
anew) it makes, for each size, a project with four parties and a closed round of the full
instrument `samson` with that many finished responses (54 answers each, random codes, seed
2026, free text in one in ten), then times, best of --repeat after one warm-up, the three
taken in turn in each round (so that a busy moment of a shared machine falls on all alike):

- the results page as the facilitator gets it (Django's test client through every middleware,
  production settings) with the round's cached results dropped before each request, so the
  page reads and scores every answer: suppression, scores of the round, of each party and of
  the other parties, disagreements, heat maps, tables;
- the same page from the cache (the closed round's results kept until its data change);
- merely loading those answers: one query for every answer of the round's finished responses
  (response, item, code, text) into Python tuples.

It prints the times, the page's ratio to loading the answers and its number of database
queries for each size, and how much the page's time grew from the smallest to the largest
size against how much the respondents grew. Not part of the test suite; results go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import django_setup, fresh_database, machine, query_count  # noqa: E402

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
    org = Organisation.objects.create(name=f"Benkemerke kommune {respondents}")
    user = User.objects.create_user(username=f"bench-results-{respondents}", password=None)
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


def best(repeat: int, *works) -> list[float]:  # type: ignore[no-untyped-def]
    """Best of `repeat` for each (work, before) pair, the pairs taken in turn in every round, so
    that on a shared machine a busy moment falls on all of them alike rather than on one."""
    for work, before in works:
        if before:
            before()
        work()  # warm-up: imports, the instrument parsed once per process, templates compiled
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for (work, before), found in zip(works, times, strict=True):
            if before:
                before()  # not timed
            start = time.perf_counter()
            work()
            found.append(time.perf_counter() - start)
    return [min(found) for found in times]


def measure(respondents: int, repeat: int, seed: int) -> dict[str, float | int]:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from samson.responses.models import Answer
    from samson.results.selectors import results_cache_key

    user, round, answer_count = make_round(respondents, seed)
    client = Client(HTTP_HOST="samson.test", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    url = reverse("results:round", kwargs={"project_pk": round.project_id, "round_pk": round.pk})
    key = results_cache_key(round.pk)

    def page() -> None:
        reply = client.get(url)
        assert reply.status_code == 200, reply.status_code
        assert str(respondents).encode() in reply.content

    def uncached() -> None:
        cache.delete(key)

    def load() -> None:
        rows = list(
            Answer.objects.filter(
                response__round=round, response__completed_at__isnull=False
            ).values_list("response_id", "item_id", "code", "text")
        )
        assert len(rows) == answer_count

    uncached()
    cold_queries = query_count(page)
    warm_queries = query_count(page)
    scored_time, cached_time, load_time = best(repeat, (page, uncached), (page, None), (load, None))
    return {
        "answers": answer_count,
        "page": scored_time,
        "cached": cached_time,
        "load": load_time,
        "queries": cold_queries,
        "cached_queries": warm_queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(machine())
    django_setup(fresh_database(args.db, args.postgres_url))
    sizes = sorted(args.sizes)
    found = {}
    print(f"database: {args.db}; 4 parties; closed rounds; best of {args.repeat}")
    for n, size in enumerate(sizes):
        m = found[size] = measure(size, args.repeat, seed=2026 + n)
        print(f"{size} respondents, {m['answers']} answers:")
        print(f"  results page, scored: {m['page'] * 1000:.0f} ms ({m['queries']} queries)")
        print(
            f"  results page, cached: {m['cached'] * 1000:.0f} ms ({m['cached_queries']} queries)"
        )
        print(f"  loading the answers: {m['load'] * 1000:.0f} ms")
        print(f"  ratio page / loading: {m['page'] / m['load']:.1f}x")
    if len(sizes) > 1:
        small, large = found[sizes[0]], found[sizes[-1]]
        print(
            f"growth {sizes[0]} -> {sizes[-1]} respondents ({sizes[-1] / sizes[0]:.0f}x): "
            f"page {large['page'] / small['page']:.1f}x, "
            f"loading {large['load'] / small['load']:.1f}x"
        )


if __name__ == "__main__":
    main()
