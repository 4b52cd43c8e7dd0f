"""Writes of instrument versions."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from samson.instrument_spec import (
    ImportDecision,
    LoadedInstrument,
    import_decision,
    load_instrument_file,
)

from .models import InstrumentVersion


@dataclass(frozen=True)
class ImportResult:
    path: Path
    version: InstrumentVersion
    outcome: ImportDecision


def shipped_instrument_paths() -> list[Path]:
    return sorted(Path(settings.SAMSON_SHIPPED_INSTRUMENTS).glob("*.yaml"))


def instrument_import(*, path: Path) -> ImportResult:
    """Import one instrument file as an immutable version.

    An unchanged file (same key, version and content hash) is a no-op. A changed file that
    keeps an existing version number is refused: stored answers point to that version.
    Raises samson.instrument_spec.InstrumentError for an invalid or refused file.
    """
    version, outcome = instrument_store(loaded=load_instrument_file(path))
    return ImportResult(path=path, version=version, outcome=outcome)


@transaction.atomic
def instrument_store(*, loaded: LoadedInstrument) -> tuple[InstrumentVersion, ImportDecision]:
    """Store an already loaded instrument by the rule of `instrument_import`."""
    spec = loaded.spec
    stored = InstrumentVersion.objects.select_for_update().filter(key=spec.key)
    decision = import_decision(loaded, dict(stored.values_list("version", "content_hash")))
    if decision == "unchanged":
        version = stored.get(version=spec.version)
    else:
        version = InstrumentVersion.objects.create(
            key=spec.key,
            version=spec.version,
            kind=spec.kind,
            content_hash=loaded.content_hash,
            spec=loaded.data,
        )
    return version, decision
