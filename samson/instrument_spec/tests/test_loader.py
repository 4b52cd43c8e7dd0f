from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from samson.instrument_spec import (
    LoadedInstrument,
    Text,
    content_hash,
    load_instrument_data,
    load_instrument_file,
    load_instrument_text,
)

SHIPPED = Path(__file__).resolve().parents[2] / "instruments" / "shipped"


def test_fixture_loads_with_hash_over_canonical_json(loaded: LoadedInstrument) -> None:
    assert loaded.spec.key == "test-samson"
    assert loaded.spec.version == 1
    assert loaded.canonical_json == json.dumps(
        loaded.data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert loaded.content_hash == hashlib.sha256(loaded.canonical_json.encode()).hexdigest()
    assert loaded.content_hash == content_hash(loaded.data)
    # Integer YAML keys (likert labels) are stored as JSON strings.
    assert list(loaded.data["scales"][0]["labels"]) == ["1", "2", "3", "4", "5"]


def test_hash_ignores_yaml_style_but_not_content(
    loaded: LoadedInstrument, fixture_data: dict[str, Any]
) -> None:
    restyled = yaml.safe_dump(fixture_data, default_flow_style=False, sort_keys=True)
    assert load_instrument_text(restyled).content_hash == loaded.content_hash
    as_json = json.dumps(fixture_data)
    assert load_instrument_text(as_json).content_hash == loaded.content_hash
    changed = yaml.safe_load(restyled)
    changed["title"]["en"] = "Another title"
    assert load_instrument_data(changed).content_hash != loaded.content_hash


def test_model_helpers(loaded: LoadedInstrument) -> None:
    spec = loaded.spec
    assert [item.id for item in spec.items][:4] == ["TYP-UTF", "TYP-LOS", "TYP-GJF", "LIK-DES-1"]
    assert len(spec.items) == 20
    item = spec.item("LIK-DES-2")
    assert item.reverse is True
    assert item.dimension("value") == "likeverd"
    assert item.help == Text(nb="Hjelp", nn="Hjelp", en="Help")
    scale = spec.scale_for(item)
    assert scale is not None and (scale.min, scale.max) == (1, 5)
    assert spec.codes("LIK-DES-2") == (1, 2, 3, 4, 5, 9)
    assert spec.codes("TYP-UTF") == (1, 2, 3, 9)
    assert spec.codes("FRI-BRA") == ()
    assert spec.scale_for("FRI-BRA") is None
    assert [i.id for i in spec.items_for("value", "laering")] == [
        "LAE-DES-1",
        "LAE-GJF-1",
        "LAE-EVA-1",
    ]
    assert spec.cell("laering", "design").dialogue[1].get("en") == "Question 2"
    assert spec.matrix_cell(2, 2).name.get("nn") == "CO-PRODUCTION (tjukk samskaping)"
    assert spec.quadrant("D").label.get() == "Fasiliterende samskaping"
    assert [level.id for level in spec.maturity] == [
        "ikke_samskaping",
        "medvirkning",
        "tynn",
        "tykk",
    ]
    assert spec.dimension("antipattern", "horing").warning == Text(
        "Varsel høring", "Varsel høyring", "Hearing warning"
    )
    with pytest.raises(KeyError):
        spec.item("NOPE")


def test_text_get_falls_back_to_bokmal() -> None:
    text = Text(nb="bokmål", nn="nynorsk", en="English")
    langs = (None, "nb", "nn", "en", "nn-NO", "en_GB", "no", "sv")
    assert [text.get(lang) for lang in langs] == [
        "bokmål",
        "bokmål",
        "nynorsk",
        "English",
        "nynorsk",
        "English",
        "bokmål",
        "bokmål",
    ]


@pytest.mark.parametrize("name", ["samson.yaml", "samson-kort.yaml"])
def test_shipped_instruments_validate(name: str) -> None:
    loaded = load_instrument_file(SHIPPED / name)
    assert loaded.spec.kind == "samson"
