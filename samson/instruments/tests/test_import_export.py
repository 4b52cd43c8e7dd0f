import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from samson.instruments.models import InstrumentVersion
from samson.instruments.services import shipped_instrument_paths

SHIPPED = {path.stem: path for path in shipped_instrument_paths()}


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("instrument", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_instruments():
    assert sorted(SHIPPED) == ["barometer-enhet", "barometer-leder", "samson", "samson-kort"]


@pytest.mark.django_db
def test_import_shipped_then_again_is_a_no_op():
    first = _run("import")
    assert first.splitlines() == [
        f"{SHIPPED['barometer-enhet']}: barometer-enhet v2 created",
        f"{SHIPPED['barometer-leder']}: barometer-leder v2 created",
        f"{SHIPPED['samson-kort']}: samson-kort v2 created",
        f"{SHIPPED['samson']}: samson v2 created",
    ]
    hashes = dict(InstrumentVersion.objects.values_list("key", "content_hash"))
    second = _run("import")
    assert second.splitlines() == [
        f"{SHIPPED['barometer-enhet']}: barometer-enhet v2 unchanged",
        f"{SHIPPED['barometer-leder']}: barometer-leder v2 unchanged",
        f"{SHIPPED['samson-kort']}: samson-kort v2 unchanged",
        f"{SHIPPED['samson']}: samson v2 unchanged",
    ]
    assert InstrumentVersion.objects.count() == 4
    assert dict(InstrumentVersion.objects.values_list("key", "content_hash")) == hashes
    assert all(len(value) == 64 for value in hashes.values())


def _changed_copy(tmp_path: Path, *, version: int) -> Path:
    data = yaml.safe_load(SHIPPED["samson-kort"].read_text(encoding="utf-8"))
    data["version"] = version
    data["title"]["nb"] = data["title"]["nb"] + " (endret)"
    path = tmp_path / "samson-kort.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_changed_file_with_existing_version_is_refused(tmp_path):
    _run("import", str(SHIPPED["samson-kort"]))
    changed = _changed_copy(tmp_path, version=2)
    with pytest.raises(CommandError) as error:
        _run("import", str(changed))
    assert str(error.value) == (
        f"{changed}: version: version 2 of 'samson-kort' is already stored with different "
        "content; give the changed instrument a new version number"
    )
    assert InstrumentVersion.objects.get(key="samson-kort").version == 2


@pytest.mark.django_db
def test_changed_file_with_new_version_is_a_new_immutable_version(tmp_path):
    _run("import", str(SHIPPED["samson-kort"]))
    changed = _changed_copy(tmp_path, version=3)
    assert _run("import", str(changed)) == f"{changed}: samson-kort v3 created\n"
    versions = InstrumentVersion.objects.filter(key="samson-kort").order_by("version")
    assert [v.version for v in versions] == [2, 3]
    assert versions[0].spec["title"]["nb"] + " (endret)" == versions[1].spec["title"]["nb"]


@pytest.mark.django_db
def test_import_of_broken_file_reports_and_stores_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    data = yaml.safe_load(SHIPPED["samson-kort"].read_text(encoding="utf-8"))
    del data["title"]["nn"]
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        _run("import", str(broken))
    assert str(error.value) == f"{broken}: title: 'nn' is a required property"
    assert InstrumentVersion.objects.count() == 0


@pytest.mark.django_db
def test_import_of_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        _run("import", str(tmp_path / "nope.yaml"))
    assert str(error.value) == f"{tmp_path / 'nope.yaml'}: no such file"


@pytest.mark.django_db
def test_export_prints_every_item_with_texts_scale_dont_know_and_dimensions():
    _run("import")
    exported = json.loads(_run("export", "samson-kort", "--format", "json"))
    assert exported["key"] == "samson-kort"
    assert exported["version"] == 2
    items = exported["items"]
    grid = [item for item in items if set(item["dimensions"]) == {"value", "field"}]
    typology = [item for item in items if "typology" in item["dimensions"]]
    assert len(grid) == 16
    assert sorted(item["dimensions"]["typology"] for item in typology) == [
        "challenge",
        "delivery",
        "solution",
    ]
    assert len(items) == 19
    first = grid[0]
    assert set(first["text"]) == {"nb", "nn", "en"}
    assert first["type"] == "scale"
    assert first["scale"]["min"] == 1
    assert first["scale"]["max"] == 5
    assert sorted(first["scale"]["labels"]) == ["1", "2", "3", "4", "5"]
    assert first["scale"]["dont_know"]["code"] == 9
    assert first["scale"]["dont_know"]["label"]["nb"] == "Vet ikke / ikke relevant"
    assert typology[0]["type"] == "choice"
    assert [o["code"] for o in typology[0]["scale"]["options"]] == [1, 2, 3]


@pytest.mark.django_db
def test_export_of_a_named_version_and_of_an_unknown_key():
    _run("import")
    exported = json.loads(_run("export", "samson", "--version", "2", "--format", "json"))
    assert (exported["key"], exported["version"]) == ("samson", 2)
    with pytest.raises(CommandError) as error:
        _run("export", "samson", "--version", "7")
    assert str(error.value) == "no instrument samson version 7 is imported"
    with pytest.raises(CommandError) as error:
        _run("export", "ukjent")
    assert str(error.value) == "no instrument ukjent is imported"


@pytest.mark.django_db
def test_export_of_a_barometer_has_filters_and_not_relevant():
    _run("import")
    exported = json.loads(_run("export", "barometer-enhet", "--format", "json"))
    assert exported["kind"] == "barometer"
    items = {item["id"]: item for item in exported["items"]}
    assert "show_if" not in items["B1_PRODUKT"]
    assert items["B4_NYHET"]["show_if"] == {"filter": "innovators"}
    assert items["B8_OKONOMI"]["scale"]["not_relevant"]["code"] == 8
    assert items["B8_OKONOMI"]["scale"]["not_relevant"]["label"]["nb"] == "Ikke relevant"
    assert [f["id"] for f in exported["spec"]["filters"]] == [
        "innovators",
        "non_innovators",
        "developing",
        "adopters",
        "collaborators",
    ]
