"""JSON Schema validation of instrument data, turned into Problems with short English messages."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from samson.instrument_spec.problems import Problem

_JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


@cache
def instrument_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for instrument files, as shipped in schema.json."""
    text = resources.files("samson.instrument_spec").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = instrument_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _describe(instance: Any) -> str:
    # Whole mappings or lists would flood the message; name their type instead.
    if isinstance(instance, dict | list):
        return f"an {_JSON_TYPE_NAMES[type(instance)]}"
    return repr(instance)


def _plural(count: int) -> str:
    return "entry" if count == 1 else "entries"


def _message(error: ValidationError) -> str:
    validator = error.validator
    instance: Any = error.instance
    value: Any = error.validator_value
    if validator == "type":
        return f"{_describe(instance)} is not of type '{value}'"
    if validator in ("minItems", "minProperties"):
        return f"expected at least {value} {_plural(int(value))}, found {len(instance)}"
    if validator in ("maxItems", "maxProperties"):
        return f"expected at most {value} {_plural(int(value))}, found {len(instance)}"
    if validator == "minLength" and value == 1:
        return "must not be empty"
    if validator == "enum":
        allowed = ", ".join(repr(option) for option in value)
        return f"{_describe(instance)} is not one of {allowed}"
    return str(error.message)


def _path(error: ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path)


def schema_problems(data: Any, source: str) -> list[Problem]:
    """Every JSON Schema violation in `data` (unsorted)."""
    return [
        Problem(source, _path(error), _message(error)) for error in _validator().iter_errors(data)
    ]
