"""The import rule for instrument versions, shared by every importer.

A version number names one exact content: importing an unchanged file again is a no-op, and a
changed file that keeps a version number already stored is refused (it must get a new number),
because stored answers point to the version they answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from samson.instrument_spec.loader import LoadedInstrument
from samson.instrument_spec.problems import InstrumentError, Problem

ImportDecision = Literal["create", "unchanged"]


def import_decision(loaded: LoadedInstrument, stored_hashes: Mapping[int, str]) -> ImportDecision:
    """'create' for a new version number, 'unchanged' when the same content is stored.

    `stored_hashes` maps the version numbers already stored for this instrument key to their
    content hashes. Raises InstrumentError when the version exists with different content.
    """
    version = loaded.spec.version
    stored = stored_hashes.get(version)
    if stored is None:
        return "create"
    if stored == loaded.content_hash:
        return "unchanged"
    message = (
        f"version {version} of '{loaded.spec.key}' is already stored with different content; "
        f"give the changed instrument a new version number"
    )
    raise InstrumentError([Problem(loaded.source, "version", message)])
