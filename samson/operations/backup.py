"""Backup and restore of the whole database as one compressed JSON file.

A backup holds every row of every model of every installed app (Django's own tables included:
users, content types, permissions, sessions, admin log), with the primary keys it had, so a
restore gives back exactly the same rows and every reference between them stays valid. It is
read inside one transaction: a repeatable-read, read-only snapshot on PostgreSQL, and SQLite's
own snapshot of a transaction (taken with the write lock, so nobody writes meanwhile).

The file is gzip-compressed JSON::

    {"format": "samson-backup", "version": 1, "created": "...", "django": "5.2.x",
     "migrations": {"app_label": ["0001_initial", ...], ...},
     "objects": [<Django's serialised objects, parents before children>]}

A restore refuses a file of another format or version, a database whose applied migrations
differ from the backup's, and a database that already holds data (unless forced, which first
empties it). It runs in one transaction: it either restores everything or changes nothing, and
a backup whose rows do not fit together (a reference to a missing row, a value of the wrong
kind) is refused with a BackupError that says why in one line.

Backup files hold password hashes and session keys, so they are created readable by their
owner only (mode 0600). Uploads waiting for their column mapping (barometer PendingImport) are
left out: they are deleted after a day, and a backup must not keep them longer.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "samson-backup"
VERSION = 1
# Rows that `migrate` itself creates in an otherwise empty database.
CREATED_BY_MIGRATE: tuple[type[models.Model], ...] = (ContentType, Permission)
# Rows never written to a backup (by model label): uploaded files nobody has imported yet,
# which hold answers and are deleted after a day (samson cleanup).
NOT_BACKED_UP = frozenset({"barometer.pendingimport"})
BACKUP_FILE_MODE = 0o600


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds (it cuts times to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class BackupError(Exception):
    """The backup cannot be read or cannot be restored into this database."""


@dataclass(frozen=True)
class BackupSummary:
    objects: int
    models: int


def stored_models() -> list[type[models.Model]]:
    """Every concrete, managed model, parents before the models that refer to them."""
    app_list: dict[Any, list[type[models.Model]] | None] = {
        config: None for config in apps.get_app_configs() if config.models_module is not None
    }
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def backed_up_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds: all stored ones but NOT_BACKED_UP."""
    return [model for model in stored_models() if model._meta.label_lower not in NOT_BACKED_UP]


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _begin_snapshot(using: str) -> None:
    """Make the transaction just begun a read-only snapshot (its first statement)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def backup_write(*, out: IO[bytes], using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a consistent backup of the whole database to `out` (gzip-compressed JSON)."""
    count = 0
    model_list = backed_up_models()
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using), gzip.open(out, "wt", encoding="utf-8") as stream:
        if outermost:
            # Inside an outer transaction (the tests) the outer one decides what is seen.
            _begin_snapshot(using)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "migrations": _applied_migrations(using),
        }
        stream.write(json.dumps(header, ensure_ascii=False)[:-1])
        stream.write(', "objects": [')
        first = True
        for model in model_list:
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            for data in serializers.serialize("python", queryset.iterator(chunk_size=2000)):
                stream.write("\n" if first else ",\n")
                stream.write(json.dumps(data, cls=_ExactEncoder, ensure_ascii=False))
                first = False
                count += 1
        stream.write("\n]}\n")
    return BackupSummary(objects=count, models=len(model_list))


def backup_read(source: IO[bytes]) -> dict[str, Any]:
    """The parsed backup file; raises BackupError if it is not a backup we can read."""
    try:
        with gzip.open(source, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(f"not a readable SAMSON backup: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("not a SAMSON backup")
    if data.get("version") != VERSION:
        raise BackupError(
            f"backup format version {data.get('version')} is not supported (this SAMSON "
            f"reads version {VERSION})"
        )
    if not isinstance(data.get("migrations"), dict):
        raise BackupError('not a complete SAMSON backup: it lacks "migrations"')
    return data


def _one_line(error: BaseException) -> str:
    """The error's text on one line (PostgreSQL names the missing key on a DETAIL line)."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return " ".join(lines) if lines else type(error).__name__


def database_has_data(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when any table holds a row that `migrate` did not create itself."""
    return any(
        model._base_manager.using(using).exists()
        for model in backed_up_models()
        if model not in CREATED_BY_MIGRATE
    )


def _empty(model_list: Iterable[type[models.Model]], using: str) -> None:
    connection = connections[using]
    tables = [model._meta.db_table for model in model_list]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=False, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still
            # pending in this transaction (rows written earlier in an outer transaction).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Back to deferred checks: rows are restored in app order, not dependency order, and
            # check_constraints() below checks them all once everything is in.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_write(
    *, source: IO[bytes], force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupSummary:
    """Restore a backup into this database, all or nothing.

    The database must be migrated to the same migrations as the one backed up and must hold no
    data, unless `force` is set: then everything in it is replaced.
    """
    data = backup_read(source)
    if data.get("migrations") != _applied_migrations(using):
        raise BackupError(
            "the database's migrations differ from the backup's: restore with the SAMSON "
            "version that made the backup, migrated the same way"
        )
    if not isinstance(data.get("objects"), list):
        raise BackupError('not a complete SAMSON backup: it lacks "objects"')
    # Backups made before pending uploads were left out may still hold some: not restored.
    objects = [
        obj
        for obj in data["objects"]
        if not (isinstance(obj, dict) and obj.get("model") in NOT_BACKED_UP)
    ]
    try:
        count = _restore_rows(objects, stored_models(), force=force, using=using)
    except (
        DatabaseError,
        DeserializationError,
        ValidationError,
        LookupError,
        TypeError,
        ValueError,
        AttributeError,
    ) as error:
        # Raised inside the transaction, so it has been rolled back: nothing changed. (A
        # serialised object without "model" is a KeyError, one of another shape a TypeError.)
        raise BackupError(
            f"the backup is inconsistent and was not restored, nothing was changed: "
            f"{_one_line(error)}"
        ) from error
    return BackupSummary(objects=count, models=len(backed_up_models()))


def _check_each_row_once(objects: list[Any]) -> None:
    """A row twice would be saved twice, the second silently replacing the first."""
    seen: set[tuple[str, str]] = set()
    for obj in objects:
        if isinstance(obj, dict):
            key = (str(obj.get("model")), json.dumps(obj.get("pk")))
            if key in seen:
                raise ValueError(f"{key[0]} {key[1]} appears twice")
            seen.add(key)


def _restore_rows(
    objects: list[Any], model_list: list[type[models.Model]], *, force: bool, using: str
) -> int:
    _check_each_row_once(objects)
    count = 0
    connection = connections[using]
    with transaction.atomic(using=using):
        if not force and database_has_data(using=using):
            raise BackupError(
                "the database already holds data; restore only into an empty database "
                "(or use --force to replace everything in it)"
            )
        _empty(model_list, using)
        # Rows arrive parents first, but cycles and self-references are possible; the
        # constraints are checked once everything is in (loaddata does the same).
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize(
                "python", objects, using=using, ignorenonexistent=False
            ):
                obj.save(using=using)
                count += 1
        connection.check_constraints(table_names=[model._meta.db_table for model in model_list])
        statements = connection.ops.sequence_reset_sql(no_style(), model_list)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    return count


def backup_path_write(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the backup to a file, atomically: a half-written file never has the final name.

    The file is readable and writable by its owner only (BACKUP_FILE_MODE) from its first byte.
    """
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        # O_EXCL: a file or symbolic link put in its place meanwhile is not written through.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, BACKUP_FILE_MODE)
        os.fchmod(descriptor, BACKUP_FILE_MODE)  # whatever the umask
        with os.fdopen(descriptor, "wb") as out:
            summary = backup_write(out=out, using=using)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summary
