"""The database router's decisions (samson.core.dbrouter). Against a real streaming replica:
samson/operations/tests/test_replica.py."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction

from samson.core import dbrouter
from samson.core.dbrouter import (
    ReplicaRouter,
    closings_replayed,
    replica_reads,
    replica_reads_if,
)
from samson.projects.models import Round

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    """As if DATABASE_REPLICA_URL had given a replica. The router only asks whether there is
    one; no query reaches it in these tests."""
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)


def cache_entry_model() -> type:
    from django.core.cache.backends.db import DatabaseCache

    return DatabaseCache("samson_cache", {}).cache_model_class


def test_without_a_replica_everything_goes_to_the_primary():
    with replica_reads():
        assert router.db_for_read(Round) == "default"
        assert router.db_for_write(Round) == "default"
    assert router.db_for_read(Round) == "default"
    assert closings_replayed([Round(pk=1)]) is False


def test_with_a_replica_only_reads_inside_the_context_go_to_it(with_replica):
    assert router.db_for_read(Round) == "default"
    with replica_reads():
        assert router.db_for_read(Round) == "replica"
        assert router.db_for_read(Session) == "replica"
        assert router.db_for_write(Round) == "default"
        # The cache table (and the throttling counts written beside it) stays on the primary.
        assert router.db_for_read(cache_entry_model()) == "default"
        with replica_reads():
            assert router.db_for_read(Round) == "replica"
        assert router.db_for_read(Round) == "replica"  # the inner one left the outer one on
    assert router.db_for_read(Round) == "default"
    with replica_reads_if(False):
        assert router.db_for_read(Round) == "default"
    with replica_reads_if(True):
        assert router.db_for_read(Round) == "replica"


def test_the_context_ends_on_an_exception(with_replica):
    with pytest.raises(ZeroDivisionError), replica_reads():
        1 / 0  # noqa: B018
    assert router.db_for_read(Round) == "default"


def test_another_thread_is_not_in_the_context(with_replica):
    with replica_reads(), ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(router.db_for_read, Round).result() == "default"
        assert router.db_for_read(Round) == "replica"


def test_as_a_decorator_each_call_has_its_own_context(with_replica):
    @replica_reads()
    def view() -> str:
        return router.db_for_read(Round)

    assert [view(), view()] == ["replica", "replica"]
    assert router.db_for_read(Round) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there(with_replica):
    # The test itself runs in a transaction on the primary: what it wrote is only there.
    assert connections["default"].in_atomic_block
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Round) == "default"


def test_migrations_only_on_the_primary():
    assert router.allow_migrate("default", "projects") is True
    assert router.allow_migrate("replica", "projects") is False


def test_objects_from_either_database_may_be_related():
    round, copy = Round(pk=1), Round(pk=1)
    round._state.db, copy._state.db = "default", "replica"
    assert router.allow_relation(round, copy) is True
    copy._state.db = "other"
    assert router.allow_relation(round, copy) is None


def test_closings_of_nothing_are_not_replayed(with_replica):
    assert closings_replayed([]) is False
