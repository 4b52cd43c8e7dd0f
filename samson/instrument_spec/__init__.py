"""The SAMSON instrument file format: schema, typed model, loader and answer checks.

Pure Python (no Django): the web app, the command line and the scoring package all use it.
See docs/instrument-format.md.
"""

from samson.instrument_spec.answers import (
    Answer,
    AnswerError,
    dont_know_code,
    is_dont_know,
    missing_required,
    validate_answers,
)
from samson.instrument_spec.loader import (
    LoadedInstrument,
    canonical_json,
    content_hash,
    load_instrument_data,
    load_instrument_file,
    load_instrument_text,
)
from samson.instrument_spec.model import (
    LANGUAGES,
    Cell,
    ChoiceLimit,
    Dimension,
    Instrument,
    Item,
    MatrixCell,
    MaturityLevel,
    Option,
    Page,
    Quadrant,
    Scale,
    Text,
    normalise_language,
)
from samson.instrument_spec.problems import InstrumentError, Problem
from samson.instrument_spec.schema import instrument_schema
from samson.instrument_spec.versions import ImportDecision, import_decision

__all__ = [
    "LANGUAGES",
    "Answer",
    "AnswerError",
    "Cell",
    "ChoiceLimit",
    "Dimension",
    "ImportDecision",
    "Instrument",
    "InstrumentError",
    "Item",
    "LoadedInstrument",
    "MatrixCell",
    "MaturityLevel",
    "Option",
    "Page",
    "Problem",
    "Quadrant",
    "Scale",
    "Text",
    "canonical_json",
    "content_hash",
    "dont_know_code",
    "import_decision",
    "instrument_schema",
    "is_dont_know",
    "load_instrument_data",
    "load_instrument_file",
    "load_instrument_text",
    "missing_required",
    "normalise_language",
    "validate_answers",
]
