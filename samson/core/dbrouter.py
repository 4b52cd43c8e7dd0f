"""Reads that may go to a PostgreSQL read replica (docs/scaling.md, "The read replica").

With `DATABASE_REPLICA_URL` set, `DATABASES` has a second entry, `replica`, a streaming replica
of the primary (`default`). Nothing goes there by default: a view that only reads opts in with
`replica_reads()` (a context manager and a view decorator), and inside it the router sends the
ORM's reads to the replica. Writes, migrations, reads inside a transaction on the primary and
the cache table always go to the primary. Without a replica every call here is a no-op.

A replica lags a little, so a view that must see a write made a moment ago (a round's results
right after it closed) asks `closings_replayed` first.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q

REPLICA = "replica"
# The table of Django's database cache: its entries are written by the same requests that read
# them (and the throttling counts beside them), so they stay on the primary.
_CACHE_APP_LABEL = "django_cache"

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "samson_replica_reads", default=False
)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    """Whether `DATABASE_REPLICA_URL` gave a replica."""
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Inside: the ORM's reads go to the replica (if there is one). `with replica_reads():`, or
    `@replica_reads()` on a view that only reads, closest to the function (below
    `login_required` and friends, so that the session and the user are read as always).

    It nests, and holds for the current thread or task only (a context variable), so other
    requests in the same process are unaffected. Never around anything that writes: the writes
    would still go to the primary, but what they were based on would have been read from the
    replica, which may lag.
    """
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replayed_on_replica(rows: models.QuerySet[Any], count: int) -> bool:
    """Whether the replica has replayed the writes that `rows` selects: it is a replica that
    has replayed something, and `rows` selects exactly `count` rows on it. One query on the
    replica.

    The caller filters on exactly the writes it must see (rounds' closings: their pk and
    `closed_at`). The replica replays transactions in the order they committed, so a replica
    that shows those writes also shows everything committed before them; comparing clocks
    (`closed_at` is the app server's, the replay timestamp the primary's) would promise less.
    `pg_last_xact_replay_timestamp()` is null on a server that is not a replica, or on a replica
    that has replayed nothing since it started: then no. False without a replica, or with a
    replica on a backend other than PostgreSQL.
    """
    if not replica_configured():
        return False
    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        return False
    try:
        selected, params = rows.values("pk").query.get_compiler(REPLICA).as_sql()
        counted = f"(SELECT count(*) FROM ({selected}) AS rows)"
    except EmptyResultSet:  # a filter that selects nothing, such as `pk__in=[]`
        counted, params = "0", ()
    with replica.cursor() as cursor:
        cursor.execute(f"SELECT pg_last_xact_replay_timestamp(), {counted}", params)
        replayed_at, found = cursor.fetchone()
    return replayed_at is not None and found == count


def closings_replayed(objects: Sequence[models.Model]) -> bool:
    """Whether reads about `objects` (rounds or editions: one model with `closed_at`) may go to
    the replica: it is replaying, and it has replayed the closing of every one of them that is
    closed (the same `closed_at` as the primary's copy). An open one's data changes anyway, so
    it sets no condition. False without a replica."""
    if not replica_configured() or not objects:
        return False
    model = type(objects[0])
    closed = [item for item in objects if getattr(item, "closed_at", None) is not None]
    closings = Q(pk__in=[])
    for item in closed:
        closings |= Q(pk=item.pk, closed_at=item.closed_at)  # type: ignore[attr-defined]
    return replayed_on_replica(model._base_manager.filter(closings), len(closed))


def replica_reads_if(allowed: bool) -> contextlib.AbstractContextManager[None]:
    """`replica_reads()` if `allowed`, else nothing."""
    return replica_reads() if allowed else contextlib.nullcontext()


def replica_reads_after_closing(
    model_label: str, kwarg: str = "pk"
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A view decorator: the view reads from the replica if `closings_replayed` allows it for
    the object of the model `model_label` ("app_label.Model") whose pk the URL gives as
    `kwarg`, looked up on the primary first. Put it closest to the function, below
    `login_required` and friends."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            model = apps.get_model(model_label)
            found = model._base_manager.using(DEFAULT_DB_ALIAS).filter(pk=kwargs.get(kwarg))
            allowed = replica_configured() and closings_replayed(list(found[:1]))
            with replica_reads_if(allowed):
                return view(*args, **kwargs)

        return wrapped

    return decorator


class ReplicaRouter:
    """`DATABASE_ROUTERS`: reads to the replica inside `replica_reads()`, all else to the
    primary. Objects from either may be related: they are copies of the same database."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        if (
            _reading_from_replica.get()
            and replica_configured()
            and model._meta.app_label != _CACHE_APP_LABEL
            # A transaction on the primary sees its own writes; the replica would not.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        both = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
