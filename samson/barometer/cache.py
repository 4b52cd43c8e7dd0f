"""Keys of an edition's cached estimates (docs/barometer.md, "Caching").

An edition's columns are turned into a weighting and estimates once per version of what they
depend on, and kept in Django's cache (the database table or Redis in production). A key names
the edition (its pk and creation time), its `data_version` as stored now (raised by
`services.edition_data_changed` on every write that changes its data or design), the design
it is computed with, the organisation list when the finite population correction counts
municipalities on it, and the format of what is stored. A key of one edition never equals a key
of another, and a write makes every earlier key of the edition unused: nothing is deleted, the
old entries expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from django.core.cache import cache

from samson.accounts.models import Organisation

from .estimates import DesignChoice
from .models import Edition

CACHE_SECONDS = 7 * 24 * 3600
"""How long an entry is kept. A changed edition uses new keys at once; this only bounds how
long unused entries occupy the cache."""

FORMAT = "2"
"""Raised when what is stored, or how it is computed, changes, so no entry of an older release
is read."""

T = TypeVar("T")
_MISSING = object()


def _organisation_list() -> str:
    """A digest of the municipalities on the organisation list, which the finite population
    correction counts (`population_units`)."""
    rows = (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by("pk")
        .values_list(
            "pk",
            "municipality_number",
            "code_list_version",
            "landsdel",
            "county_number",
            "centrality",
        )
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


class EditionKeys:
    """The cache keys of one edition as it is now (its stored `data_version`) under `choice`."""

    def __init__(self, edition: Edition, choice: DesignChoice) -> None:
        version = (
            Edition.objects.filter(pk=edition.pk).values_list("data_version", flat=True).first()
        )
        created = edition.created_at.isoformat() if edition.created_at else ""
        organisations = _organisation_list() if choice.fpc else ""
        self.pk = edition.pk
        self.stamp = repr((FORMAT, edition.pk, created, version, repr(choice), organisations))

    def key(self, *parts: Hashable) -> str:
        digest = hashlib.sha256(repr((self.stamp, parts)).encode()).hexdigest()
        return f"samson:barometer:estimates:{self.pk}:{digest}"

    def get_or_compute(self, compute: Callable[[], T], *parts: Hashable) -> T:
        """The cached value under `parts`, or `compute()` stored there."""
        key = self.key(*parts)
        found = cache.get(key, _MISSING)
        if found is not _MISSING:
            return cast(T, found)
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
        return value
