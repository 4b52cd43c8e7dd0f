"""Profile the results page of a closed round (cProfile over Django's test client, production
settings, as bench/results/run.py sets them up), scored or from the cache.

    .venv/bin/python bench/results/profile_page.py [--db sqlite|postgres] [--size 1000] [--cached]
        [--repeat 10] [--sort cumulative|tottime] [--limit 40]
        [--callers REGEX]

Prints the page's time per request and the profile's top functions. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import django_setup, fresh_database  # noqa: E402
from run import POSTGRES_URL, make_round  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--cached", action="store_true")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--callers", help="also print who calls the functions matching this")
    args = parser.parse_args()

    django_setup(fresh_database(args.db, args.postgres_url))
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from samson.results.selectors import results_cache_key

    user, round, _answers = make_round(args.size)
    client = Client(HTTP_HOST="samson.test", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    url = reverse("results:round", kwargs={"project_pk": round.project_id, "round_pk": round.pk})
    key = results_cache_key(round.pk)

    def page() -> None:
        if not args.cached:
            cache.delete(key)
        assert client.get(url).status_code == 200

    page()  # warm-up
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        page()
    profiler.disable()
    elapsed = (time.perf_counter() - start) / args.repeat
    print(
        f"{args.size} respondents, {'cached' if args.cached else 'scored'}: "
        f"{elapsed * 1000:.0f} ms a page under the profiler"
    )
    stats = pstats.Stats(profiler).sort_stats(args.sort)
    stats.print_stats(args.limit)
    if args.callers:
        stats.print_callers(args.callers)
        stats.print_callees(args.callers)


if __name__ == "__main__":
    main()
