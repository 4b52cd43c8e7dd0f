"""`samson backup` and `samson restore`: a round trip gives back every row of every table."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import Client

from samson.barometer.models import PendingImport
from samson.instruments.services import shipped_instrument_paths
from samson.operations.backup import FORMAT, VERSION, backed_up_models
from samson.projects import services as project_services
from samson.projects.models import Project, Round
from samson.responses.models import Answer, Response
from samson.testing.rounds import answer, grid_answers, parties_of, spec


def every_table() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, auto-created many-to-many tables included, in key order."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            rows = model._base_manager.order_by("pk").values()
            tables[model._meta.db_table] = list(rows)
    return tables


def populate(world: dict[str, Any]) -> None:
    round_a: Round = world["round_a"]
    project_services.round_open(round=round_a)
    instrument = spec(round_a)
    parties = parties_of(round_a)
    kommunen, *others = parties.values()
    answer(round_a, kommunen, grid_answers(instrument, FRI_BRA="Møtene <b>fungerer</b> «godt»"), 5)
    answer(round_a, others[0], grid_answers(instrument, default=4), 3, finished=False)
    group = Group.objects.create(name="Analytikere")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    world["owner_a"].groups.add(group)
    LogEntry.objects.log_actions(
        user_id=world["admin"].pk,
        queryset=Project.objects.filter(pk=world["project_a"].pk),
        action_flag=ADDITION,
        change_message="[]",
        single_object=True,
    )
    Client().force_login(world["owner_a"])  # a session row


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_every_row(world: dict[str, Any], tmp_path: Path) -> None:
    populate(world)
    before = every_table()
    assert Answer.objects.filter(text="Møtene <b>fungerer</b> «godt»").count() == 5
    assert Response.objects.count() == 8
    path = tmp_path / "samson.json.gz"

    call_command("backup", str(path))
    call_command("flush", interactive=False)
    assert Response.objects.count() == 0
    call_command("restore", str(path))

    after = every_table()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert len(before["responses_answer"]) == Answer.objects.count() > 0
    assert len(before["instruments_instrumentversion"]) == len(shipped_instrument_paths()) > 0
    # New rows get fresh keys after the restored ones (sequences follow on PostgreSQL).
    project = project_services.round_create(project=world["project_a"], label="Underveis")
    assert project.pk > max(row["id"] for row in before["projects_round"])


@pytest.mark.django_db
def test_backup_file_is_compressed_json_with_a_format_version(world, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert (data["format"], data["version"]) == (FORMAT, VERSION) == ("samson-backup", 1)
    assert "0001_initial" in data["migrations"]["projects"]
    models_in_file = {obj["model"] for obj in data["objects"]}
    assert {"instruments.instrumentversion", "projects.round", "accounts.user"} <= models_in_file
    # Parents come before the rows that point to them.
    order = [obj["model"] for obj in data["objects"]]
    assert order.index("instruments.instrumentversion") < order.index("projects.round")


@pytest.mark.django_db
def test_restore_refuses_a_database_with_data_unless_forced(world, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    Project.objects.filter(pk=world["project_b"].pk).update(title="Endret etter backup")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(path))
    assert Project.objects.get(pk=world["project_b"].pk).title == "Endret etter backup"

    call_command("restore", str(path), "--force")
    assert Project.objects.get(pk=world["project_b"].pk).title == "Prosjekt B"


@pytest.mark.django_db
def test_a_failed_restore_changes_nothing(world, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    data = json.loads(gzip.decompress(path.read_bytes()))
    # A round pointing to an instrument version that is not in the file.
    for obj in data["objects"]:
        if obj["model"] == "projects.round":
            obj["fields"]["instrument_version"] = 999_999
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    before = every_table()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--force")
    message = str(refused.value)
    assert message.startswith("the backup is inconsistent and was not restored, nothing was ")
    assert "999999" in message and "\n" not in message
    assert every_table() == before


@pytest.mark.django_db
def test_restore_refuses_other_files(world, tmp_path):
    not_gzip = tmp_path / "x.json.gz"
    not_gzip.write_text("hei")
    with pytest.raises(CommandError, match="not a readable SAMSON backup"):
        call_command("restore", str(not_gzip))
    other = tmp_path / "y.json.gz"
    other.write_bytes(gzip.compress(b'{"format": "samson-backup", "version": 2}'))
    with pytest.raises(CommandError, match="format version 2 is not supported"):
        call_command("restore", str(other))
    wrong_migrations = tmp_path / "z.json.gz"
    wrong_migrations.write_bytes(
        gzip.compress(b'{"format": "samson-backup", "version": 1, "migrations": {}}')
    )
    with pytest.raises(CommandError, match="migrations differ"):
        call_command("restore", str(wrong_migrations))
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.json.gz"))


def test_every_model_is_backed_up() -> None:
    concrete: set[type[models.Model]] = {
        model for model in apps.get_models() if model._meta.managed and not model._meta.proxy
    }
    assert set(backed_up_models()) == concrete - {PendingImport}
    assert ContentType in concrete
