"""Backups that cannot leak or half-restore: mode 0600, no pending uploads, inconsistent files
refused in one line with nothing changed (issue 13)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from samson.accounts.models import Organisation
from samson.barometer import services as barometer_services
from samson.barometer.models import Edition, PendingImport
from samson.operations.tests.test_backup import every_table

pytestmark = pytest.mark.django_db

SECRET_UPLOAD = b"kommunenr,B1_PRODUKT\n4203,1\n"


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """The usual umask 022, under which open() makes files that everyone may read."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    return barometer_services.edition_create(
        organisation=organisation, user=None, year=2025, title="Test", sectors=[1, 2]
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_readable_by_its_owner_only(
    world: dict[str, Any], tmp_path: Path, lax_umask: None
) -> None:
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    assert _mode(path) == 0o600
    # Over an old world-readable backup, and past a link planted where the partial file goes.
    path.chmod(0o644)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    (tmp_path / "b.json.gz.partial").symlink_to(elsewhere)
    call_command("backup", str(path))
    assert _mode(path) == 0o600
    assert elsewhere.read_bytes() == b""
    assert json.loads(gzip.decompress(path.read_bytes()))["format"] == "samson-backup"


def test_a_pending_upload_never_enters_a_backup(edition: Edition, tmp_path: Path) -> None:
    pending = barometer_services.import_upload(
        edition=edition, filename="svar.csv", content=SECRET_UPLOAD
    )
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    data = json.loads(gzip.decompress(path.read_bytes()))
    models_in_file = {obj["model"] for obj in data["objects"]}
    assert "barometer.edition" in models_in_file
    assert "barometer.pendingimport" not in models_in_file
    assert b"4203" not in gzip.decompress(path.read_bytes())
    # Restoring over it removes the upload rather than leaving it pointing into new rows.
    call_command("restore", str(path), "--force")
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_a_pending_upload_in_an_older_backup_is_not_restored(
    edition: Edition, tmp_path: Path
) -> None:
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    data = json.loads(gzip.decompress(path.read_bytes()))
    data["objects"].append(
        {
            "model": "barometer.pendingimport",
            "pk": 1,
            "fields": {
                "edition": edition.pk,
                "filename": "svar.csv",
                "content": "a29tbXVuZW5yCjQyMDMK",
                "columns": ["kommunenr"],
                "created_at": "2026-12-01T10:00:00Z",
            },
        }
    )
    call_command("restore", str(_write(path, data)), "--force")
    assert Edition.objects.filter(pk=edition.pk).exists()
    assert not PendingImport.objects.exists()


def _backup(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "good.json.gz"
    call_command("backup", str(path))
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


def _refused(path: Path, starts: str) -> None:
    """`samson restore --force` refuses the file in one line and changes no row."""
    before = every_table()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--force")
    message = str(refused.value)
    assert message.startswith(starts), message
    assert "\n" not in message and "Traceback" not in message
    assert every_table() == before


def _write(path: Path, data: object) -> Path:
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    return path


def test_a_truncated_backup_is_refused(world: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    _refused(path, "not a readable SAMSON backup: ")


@pytest.mark.parametrize(
    "document",
    [[], "samson-backup", {"format": "samson-backup", "version": 1, "objects": []}, None],
)
def test_json_that_is_not_a_backup_is_refused(
    world: dict[str, Any], tmp_path: Path, document: object
) -> None:
    path = _write(tmp_path / "x.json.gz", document)
    _refused(path, "not a")


def test_a_backup_without_objects_is_refused(world: dict[str, Any], tmp_path: Path) -> None:
    data = _backup(tmp_path)
    data["objects"] = {"model": "projects.round"}
    _refused(
        _write(tmp_path / "x.json.gz", data), 'not a complete SAMSON backup: it lacks "objects"'
    )


@pytest.mark.parametrize(
    "damage",
    [
        "reference to a missing row",
        "unknown model",
        "object without a model",
        "object that is a string",
        "value of the wrong kind",
        "same key twice",
    ],
)
def test_an_inconsistent_backup_is_refused_in_one_line(
    world: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    data = _backup(tmp_path)
    objects: list[Any] = data["objects"]
    round_row = next(obj for obj in objects if obj["model"] == "projects.round")
    if damage == "reference to a missing row":
        round_row["fields"]["project"] = 987_654
    elif damage == "unknown model":
        objects.append({"model": "projects.nosuchthing", "pk": 1, "fields": {}})
    elif damage == "object without a model":
        objects.append({"pk": 1, "fields": {}})
    elif damage == "object that is a string":
        objects.append("projects.round")
    elif damage == "value of the wrong kind":
        round_row["fields"]["opened_at"] = "not a time"
    else:
        objects.append(round_row)
    _refused(
        _write(tmp_path / "x.json.gz", data),
        "the backup is inconsistent and was not restored, nothing was changed: ",
    )


def test_restore_of_an_unreadable_path_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^cannot read .*: Is a directory$"):
        call_command("restore", str(tmp_path))


def test_cleanup_deletes_uploads_older_than_a_day(edition: Edition) -> None:
    old = barometer_services.import_upload(edition=edition, filename="a.csv", content=SECRET_UPLOAD)
    fresh = barometer_services.import_upload(
        edition=edition, filename="b.csv", content=SECRET_UPLOAD
    )
    a_day_and_a_minute = barometer_services.PENDING_IMPORT_LIFETIME + dt.timedelta(minutes=1)
    PendingImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - a_day_and_a_minute)
    out = _call("cleanup")
    contacts = "cleanup: deleted 0 contacts of rounds closed more than 30 days ago\n"
    assert out == "cleanup: deleted 1 uploads left unimported for over 24 h\n" + contacts
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert _call("cleanup") == (
        "cleanup: deleted 0 uploads left unimported for over 24 h\n" + contacts
    )


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
