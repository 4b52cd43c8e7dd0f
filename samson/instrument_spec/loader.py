"""Load and check instrument files: YAML syntax, JSON Schema, then the semantic rules."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samson.instrument_spec.build import build_instrument
from samson.instrument_spec.model import Instrument
from samson.instrument_spec.problems import InstrumentError, Problem
from samson.instrument_spec.schema import schema_problems
from samson.instrument_spec.semantics import rule_problems
from samson.instrument_spec.yaml_source import parse_yaml, to_json_data


@dataclass(frozen=True)
class LoadedInstrument:
    """A valid instrument: typed spec, canonical JSON data and its content hash."""

    spec: Instrument
    data: dict[str, Any]  # the canonical JSON data (what is stored with the version)
    canonical_json: str
    content_hash: str  # sha256 hex digest of canonical_json encoded as UTF-8
    source: str


def canonical_json(data: Any) -> str:
    """Key-sorted, compact, UTF-8 JSON: equal content gives equal text whatever the YAML style."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def content_hash(data: Any) -> str:
    """sha256 hex digest of the canonical JSON of `data`."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def load_instrument_data(data: Any, source: str = "<data>") -> LoadedInstrument:
    """Check parsed data (as from YAML or JSON) and build the instrument.

    Raises InstrumentError listing every problem, sorted by path.
    """
    if data is None:
        raise InstrumentError([Problem(source, "", "the file is empty")])
    json_data, problems = to_json_data(data, source)
    if not isinstance(json_data, dict):
        problems.append(
            Problem(
                source, "", "the instrument must be a mapping of keys to values at the top level"
            )
        )
        raise InstrumentError(problems)
    problems.extend(schema_problems(json_data, source))
    problems.extend(rule_problems(json_data, source))
    if problems:
        raise InstrumentError(problems)
    text = canonical_json(json_data)
    return LoadedInstrument(
        spec=build_instrument(json_data),
        data=json_data,
        canonical_json=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=source,
    )


def load_instrument_text(text: str, source: str = "<text>") -> LoadedInstrument:
    """Parse YAML text (JSON is YAML too) and check it like a file."""
    data, problems = parse_yaml(text, source)
    if problems:
        raise InstrumentError(problems)
    return load_instrument_data(data, source)


def load_instrument_file(path: str | os.PathLike[str]) -> LoadedInstrument:
    """Read, check and build the instrument in a YAML file; `source` is the path as given."""
    source = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InstrumentError([Problem(source, "", f"cannot read the file: {reason}")]) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"the file is not UTF-8 text (byte {error.start} cannot be decoded)"
        raise InstrumentError([Problem(source, "", message)]) from error
    return load_instrument_text(text, source)
