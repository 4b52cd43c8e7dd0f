"""The estimates page of a 100,000-respondent edition, cold and warm, against the pure
computation on the same arrays (`run.py --part page`; docs/performance.md).

On a fresh database (a SQLite file, or the PostgreSQL database `samson_bench_estimates`,
dropped and created anew) it loads --n SYNTHETIC respondents into an edition
(`services.synthetic_load`: the national frame of unit type x landsdel), states the design
municipalities (kommunenr) as primary sampling units in landsdel strata, and times, best of
--repeat after one warm-up, taken in turn in each round so that a busy moment of a shared
machine falls on all alike:

- the estimates page as a logged-in analyst gets it (Django's test client through every
  middleware, production settings, the cache a database table), cold: the cache emptied
  before each request, so the page reads every respondent's stored answers, builds the
  columns, weights and estimates;
- the same page warm: everything from the cache;
- the pure computation of the page on the same arrays, already in memory: the weighting
  (design, post-stratification with cells collapsed) and the page's estimates and tests
  (`samson.barometer.estimates` on `samson.surveystats`);
- building the columns from the stored rows: reading them, and `estimates.columns`, against
  the row-by-row conversion it replaced, on the same rows.

Both the page without a breakdown and by sector (with a Rao-Scott test per indicator) are timed.
"""

from __future__ import annotations

import argparse
import pickle
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from common import django_setup, fresh_database, machine, query_count

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/samson_bench_estimates"


def best(
    repeat: int, *works: tuple[Callable[[], object], Callable[[], object] | None]
) -> list[float]:
    """Best of `repeat` for each (work, before) pair, the pairs taken in turn in every round;
    `before` is not timed."""
    for work, before in works:
        if before:
            before()
        work()  # warm-up
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for (work, before), found in zip(works, times, strict=True):
            if before:
                before()
            start = time.perf_counter()
            work()
            found.append(time.perf_counter() - start)
    return [min(found) for found in times]


def row_by_row(rows: Sequence[Mapping[str, object]]) -> dict[str, np.ndarray]:
    """The conversion `estimates.columns` replaced: one Python step per value."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return {
        name: np.array(
            [
                float(v) if isinstance(v, int | float) else np.nan
                for v in (r.get(name) for r in rows)
            ],
            dtype=np.float64,
        )
        for name in names
    }


def run(args: argparse.Namespace) -> None:
    print(machine())
    django_setup(fresh_database(args.db, args.postgres_url))

    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from samson.accounts.models import Membership, Organisation, User
    from samson.barometer import estimates, presenters, selectors, services
    from samson.projects.selectors import minimum_group_size

    organisation = Organisation.objects.create(name="Benkemerke", kind="kommune")
    user = User.objects.create_user(username="bench-estimates", password=None)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ANALYST)
    edition = services.edition_create(
        organisation=organisation, user=user, year=2026, title="Benk", sectors=[1, 2, 3]
    )
    start = time.perf_counter()
    services.synthetic_load(edition=edition, n=args.n, seed=args.seed)
    services.edition_design_save(
        edition=edition,
        user=user,
        design_cluster="kommunenr",
        design_strata="landsdel",
        interval_method="logit",
        collapse_below=5,
    )
    print(
        f"database: {args.db}; {args.n} SYNTHETIC respondents (seed {args.seed}) loaded in "
        f"{time.perf_counter() - start:.0f} s; design: kommunenr clusters in landsdel strata"
    )

    client = Client(HTTP_HOST="samson.test", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    url = reverse("barometer:estimates", kwargs={"pk": edition.pk})
    names = [i.name for i in presenters.theme_indicators("innovasjon")]
    least = minimum_group_size()

    rows = selectors.edition_rows(edition)
    raw = estimates.columns(rows)
    data = estimates.with_indicators(raw)
    frame = selectors.edition_frame(edition)
    choice = selectors.edition_design(edition)
    weighting = estimates.weighting(data, len(rows), frame, choice)
    print(
        f"weighting: {weighting.clusters} clusters in {weighting.strata} strata, "
        f"{weighting.cells} frame cells ({weighting.merged} merged); "
        f"{len(names)} indicators on the page"
    )

    for by in (None, "sektor"):

        def page(by: str | None = by) -> None:
            reply = client.get(url, {"etter": by} if by else {})
            assert reply.status_code == 200, reply.status_code
            assert b"c-I_INNOVATIV" in reply.content

        def pure(by: str | None = by) -> None:
            w = estimates.weighting(data, len(rows), frame, choice)
            results = estimates.estimate(
                data, w.design, names, by=by, min_group_size=least, interval=choice.interval
            )
            if by:
                for name in names:
                    shown = {
                        c.group
                        for c in results[name][1:]
                        if not c.suppressed and c.group is not None
                    }
                    estimates.groups_differ(data, w.design, name, by, shown)

        cache.clear()
        cold_queries = query_count(page)
        warm_queries = query_count(page)
        cold, warm, computed = best(args.repeat, (page, cache.clear), (page, None), (pure, None))
        label = f"by {by}" if by else "no breakdown"
        print(f"estimates page, {label}:")
        print(f"  cold (computed from the stored answers): {cold:.3f} s ({cold_queries} queries)")
        print(f"  warm (from the cache): {warm:.3f} s ({warm_queries} queries)")
        print(f"  pure computation on the same arrays: {computed:.3f} s")
        print(
            f"  ratio warm / pure: {warm / computed:.2f}x (target within 3x); "
            f"cold / pure: {cold / computed:.1f}x; warm under 1 s: {'yes' if warm < 1 else 'NO'}"
        )

    def read() -> None:
        assert len(selectors.edition_rows(edition)) == args.n

    def vectorised() -> None:
        estimates.columns(rows)

    def old() -> None:
        row_by_row(rows)

    reading, built, replaced = best(
        max(1, args.repeat // 2), (read, None), (vectorised, None), (old, None)
    )
    print(f"building the columns ({len(raw)} variables):")
    print(f"  reading the stored answers (JSON): {reading:.3f} s")
    print(
        f"  estimates.columns: {built:.3f} s; row by row as before: {replaced:.3f} s "
        f"(ratio {replaced / built:.1f}x)"
    )
    summary = pickle.dumps(selectors.EditionData(edition)._summary)
    print(f"cached summary (n, breakdowns, weighting with its design): {len(summary) / 1e6:.1f} MB")
