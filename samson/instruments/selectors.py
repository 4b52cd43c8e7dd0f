"""Reads of instrument versions."""

from functools import lru_cache

from samson.instrument_spec import Instrument, load_instrument_data

from .models import InstrumentVersion


def instrument_version_get(*, key: str, version: int | None = None) -> InstrumentVersion:
    """The named version, or the newest one of that key. Raises InstrumentVersion.DoesNotExist."""
    versions = InstrumentVersion.objects.filter(key=key)
    if version is not None:
        return versions.get(version=version)
    newest = versions.order_by("-version").first()
    if newest is None:
        raise InstrumentVersion.DoesNotExist(f"no instrument with key {key!r}")
    return newest


def instrument_spec(version: InstrumentVersion) -> Instrument:
    """The typed spec of a stored version (parsed once per process; versions are immutable)."""
    return _parse(version.content_hash, version.pk)


@lru_cache(maxsize=64)
def _parse(content_hash: str, pk: int) -> Instrument:
    data = InstrumentVersion.objects.values_list("spec", flat=True).get(pk=pk)
    return load_instrument_data(data, source=f"instrument version {pk}").spec
