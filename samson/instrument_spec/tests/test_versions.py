from __future__ import annotations

import pytest

from samson.instrument_spec import InstrumentError, LoadedInstrument, import_decision


def test_new_version_is_created(loaded: LoadedInstrument) -> None:
    assert import_decision(loaded, {}) == "create"
    assert import_decision(loaded, {2: "other"}) == "create"


def test_unchanged_file_is_a_no_op(loaded: LoadedInstrument) -> None:
    assert import_decision(loaded, {1: loaded.content_hash}) == "unchanged"


def test_changed_file_with_existing_version_is_refused(loaded: LoadedInstrument) -> None:
    with pytest.raises(InstrumentError) as caught:
        import_decision(loaded, {1: "0" * 64})
    assert str(caught.value) == (
        f"{loaded.source}: version: version 1 of 'test-samson' is already stored with "
        "different content; give the changed instrument a new version number"
    )
