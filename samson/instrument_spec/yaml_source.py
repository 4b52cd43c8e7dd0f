"""Read instrument YAML into plain JSON data (str keys; str, int, float, bool, None, list, dict).

Everything after this step works on JSON data, so that the JSON Schema, the content hash and
the stored copy all see exactly the same thing.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from yaml.nodes import MappingNode

from samson.instrument_spec.problems import Problem

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which PyYAML would otherwise silently drop."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # unhashable key: SafeLoader reports it itself
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"found duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_error_message(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return f"invalid YAML: {error}"


def parse_yaml(text: str, source: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; returns (data, problems). data is None when there are problems."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        return None, [Problem(source, "", _yaml_error_message(error))]
    return data, []


def _type_name(value: Any) -> str:
    return type(value).__name__


def to_json_data(value: Any, source: str, path: str = "") -> tuple[Any, list[Problem]]:
    """Convert parsed YAML into JSON data.

    Integer mapping keys become strings (likert `labels` are written `{1: ..., 2: ...}`);
    other non-JSON values (dates, binary, sets, NaN) are reported rather than guessed at.
    """
    problems: list[Problem] = []

    def join(key: str) -> str:
        return f"{path}/{key}" if path else key

    if isinstance(value, dict):
        converted: dict[str, Any] = {}
        for key, item in value.items():
            if isinstance(key, bool) or not isinstance(key, str | int):
                problems.append(
                    Problem(source, path, f"mapping key {key!r} must be a string or an integer")
                )
                continue
            name = str(key)
            if name in converted:
                problems.append(Problem(source, join(name), f"duplicate key '{name}'"))
                continue
            converted[name], inner = to_json_data(item, source, join(name))
            problems.extend(inner)
        return converted, problems
    if isinstance(value, list):
        items: list[Any] = []
        for index, item in enumerate(value):
            converted_item, inner = to_json_data(item, source, join(str(index)))
            items.append(converted_item)
            problems.extend(inner)
        return items, problems
    if isinstance(value, float) and not math.isfinite(value):
        return None, [Problem(source, path, f"{value!r} is not a finite number")]
    if value is None or isinstance(value, str | int | float | bool):
        return value, []
    message = f"a YAML value of type '{_type_name(value)}' is not allowed; put it in quotes"
    return None, [Problem(source, path, message)]
