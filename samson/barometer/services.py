"""Writes of barometer editions and their data. Every write is one transaction."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from samson.accounts.models import Organisation, User
from samson.audit.services import audit_record
from samson.core.numbers import parse_int
from samson.innovation import codelists
from samson.innovation import synthetic as syn
from samson.instrument_spec import Instrument
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.responses import services as response_services
from samson.responses.models import Response
from samson.responses.signals import response_completed
from samson.surveystats.io import FileRejected, ReadLimits, Table, read_table

from . import importing, selectors, shipped
from .models import (
    DataImport,
    Edition,
    InnovationTestSubmission,
    Invitation,
    PendingImport,
    PopulationCell,
    Respondent,
)

INSTRUMENT_KEY = "barometer-enhet"
LEADER_KEY = importing.LEADER_SURVEY
INSTRUMENT_KEYS: tuple[str, ...] = (INSTRUMENT_KEY, LEADER_KEY)
"""The surveys an edition may be answered with: unit leaders or chief executives."""
FRAME_VARIABLES = frozenset(v.name for v in importing.background_variables(LEADER_KEY)) - {"vekt"}
INVITATION_BACKGROUND = ("sektor", "enhetstype", "landsdel", "storrelse", "sentralitet")
LEADER_INVITATION_BACKGROUND = ("organtype", "landsdel", "storrelse", "sentralitet")
SYNTHETIC_N = 2000
SYNTHETIC_SEED = syn.SEED


class ImportRejected(Exception):
    """The file failed validation; nothing was written. `report` says which rows and columns."""

    def __init__(self, report: importing.Report) -> None:
        super().__init__(f"{report.total_problems} problems")
        self.report = report


class FrameError(ValueError):
    """A population frame that cannot be used; the message names the line and column."""


def edition_data_changed(edition: Edition) -> None:
    """Record that the edition's data or design changed: its `data_version` goes up by one
    (in the database and on `edition`), so estimates cached for the earlier version are not
    used again (`cache.EditionKeys`). Every write that changes the respondents, the frame or
    the design calls it, inside its transaction."""
    Edition.objects.filter(pk=edition.pk).update(data_version=F("data_version") + 1)
    edition.refresh_from_db(fields=["data_version"])


@transaction.atomic
def edition_create(
    *,
    organisation: Organisation,
    user: User | None,
    year: int,
    title: str,
    population: str = "",
    sectors: Sequence[int] = (),
    synthetic: bool = False,
    instrument_version: InstrumentVersion | None = None,
    instrument_key: str = INSTRUMENT_KEY,
) -> Edition:
    """A new edition answered with the newest version of `instrument_key`: unit leaders
    (barometer-enhet, the default) or chief executives (barometer-leder)."""
    if instrument_key not in INSTRUMENT_KEYS:
        raise ValueError(f"not a barometer survey: {instrument_key}")
    # Each chief executive answers for one organisation: no municipalities to cluster on.
    design = {"design_cluster": ""} if instrument_key == LEADER_KEY else {}
    return Edition.objects.create(
        organisation=organisation,
        instrument_version=instrument_version or instrument_version_get(key=instrument_key),
        year=year,
        title=title,
        population=population,
        sectors=sorted(int(s) for s in sectors),
        synthetic=synthetic,
        created_by=user,
        **design,
    )


@transaction.atomic
def edition_settings(*, edition: Edition, published: bool, open: bool) -> None:
    if edition.open and not open:
        edition.closed_at = timezone.now()  # contact lists are deleted counting from here
    elif open:
        edition.closed_at = None
    edition.published = published
    edition.open = open
    edition.save(update_fields=["published", "open", "closed_at"])


# ----------------------------------------------------------------------------- population frame


def frame_parse(text: str) -> list[tuple[dict[str, int], int]]:
    """Cells from CSV text: frame variables and a `count` column (comma, semicolon or tab).

    Raises FrameError naming the line and column of the first problem.
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        raise FrameError("frame_empty")
    delimiter = max(",;\t", key=lines[0].count)
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    if "count" not in header:
        raise FrameError("frame_no_count")
    variables = [h for h in header if h != "count"]
    unknown = [v for v in variables if v not in FRAME_VARIABLES]
    if not variables or unknown:
        raise FrameError(f"frame_unknown:{unknown[0] if unknown else ''}")
    allowed = {v.name: v for v in importing.background_variables(LEADER_KEY)}
    cells: list[tuple[dict[str, int], int]] = []
    seen: set[tuple[int | None, ...]] = set()
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise FrameError(f"frame_fields:{number}")
        record = dict(zip(header, (field.strip() for field in row), strict=True))
        values: dict[str, int] = {}
        # A row with a single value and the other fields empty is a margin (a count of one
        # variable's category), for raking (docs/barometer.md, "Design").
        given = [name for name in variables if record[name]]
        margin = len(variables) > 1 and len(given) == 1
        for name in given if margin else variables:
            value = parse_int(record[name])  # ASCII digits only: int() also reads "١", "1_0"
            codes = allowed[name].codes
            if value is None or (codes is not None and value not in codes):
                raise FrameError(f"frame_value:{number}:{name}")
            values[name] = value
        # More units than the whole municipal sector has, and within the database column.
        count = parse_int(record["count"], minimum=0, maximum=10_000_000)
        if count is None:
            raise FrameError(f"frame_value:{number}:count")
        key = tuple(values.get(v) for v in variables)
        if key in seen:
            raise FrameError(f"frame_duplicate:{number}")
        seen.add(key)
        cells.append((values, count))
    return cells


@transaction.atomic
def frame_replace(*, edition: Edition, cells: Sequence[tuple[Mapping[str, int], int]]) -> None:
    """Replace the edition's population frame with these cells."""
    edition.population_cells.all().delete()
    PopulationCell.objects.bulk_create(
        PopulationCell(edition=edition, values=dict(values), count=count) for values, count in cells
    )
    edition_data_changed(edition)


def organisation_frame(*, by_region: bool) -> list[tuple[dict[str, int], int]]:
    """The frame of the chief-executive survey from the organisation list: the number of
    municipalities (`organtype` 1: kind "kommune" with an SSB number, of the newest code list
    `samson organisations import` loaded) and county authorities (2: kind "fylkeskommune", of
    the newest county list it loaded; those added by hand, without a code list, count only
    when it loaded none), by region (`landsdel`) too when `by_region`. Cells without
    organisations are left out.

    Raises FrameError when the list has none, or (by region) one has no known region."""
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).exclude(
        municipality_number=""
    )
    newest = max(municipalities.values_list("code_list_version", flat=True), default=None)
    counties = Organisation.objects.filter(kind=Organisation.Kind.COUNTY)
    counties = counties.filter(
        code_list_version=max(counties.values_list("code_list_version", flat=True), default="")
    )
    listed = [
        *((1, o) for o in municipalities.filter(code_list_version=newest).order_by("pk")),
        *((2, o) for o in counties.order_by("pk")),
    ]
    if not listed:
        raise FrameError("frame_list_empty")
    regions = {label.nb: code for code, label in codelists.LANDSDELER.items()}
    counts: dict[tuple[int, ...], int] = {}
    for kind, organisation in listed:
        key: tuple[int, ...] = (kind,)
        if by_region:
            region = regions.get(organisation.landsdel)
            if region is None:
                raise FrameError(f"frame_list_region:{organisation.name}")
            key = (kind, region)
        counts[key] = counts.get(key, 0) + 1
    names = ("organtype", "landsdel") if by_region else ("organtype",)
    return [(dict(zip(names, key, strict=True)), count) for key, count in sorted(counts.items())]


@transaction.atomic
def frame_from_organisations(*, edition: Edition, by_region: bool) -> int:
    """Replace a chief-executive edition's frame with `organisation_frame`; the number of cells.

    Raises FrameError for an edition of another survey or a list that cannot be used."""
    if edition.instrument_version.key != LEADER_KEY:
        raise FrameError("frame_list_survey")
    cells = organisation_frame(by_region=by_region)
    frame_replace(edition=edition, cells=cells)
    return len(cells)


# ----------------------------------------------------------------------------- microdata import


UPLOAD_LIMITS = ReadLimits(max_values=3_000_000)
"""What an uploaded data file may hold (samson.surveystats.io; docs/barometer.md). Reading is
fast, but validating and storing a file (import_commit) takes about 2 s per million values
here, and both must end well within gunicorn's 30 s timeout: 3 million values are some 33,000
units of the 90-variable codebook, ten times a national edition."""
PENDING_IMPORT_LIFETIME = datetime.timedelta(days=1)
"""An upload whose columns are not mapped within this time is deleted with its content."""


def read_upload(filename: str, content: bytes, limits: ReadLimits | None = None) -> Table:
    """Read an uploaded CSV, XLSX or .sav with samson.surveystats' readers.

    Raises DataError (FileRejected for a corrupt, mistyped or oversized file) and nothing else
    for a bad file.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".sav"):
        raise FileRejected(
            f"{filename}: unknown file type '{suffix}' (use .csv, .xlsx or .sav)",
            kind="unknown_type",
            suffix=suffix,
        )
    # The reader names the file in its messages; an odd name is not put on the disk.
    name = Path(filename).name
    safe = re.fullmatch(r"[\w][\w .-]{0,99}", name) is not None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / (name if safe else f"upload{suffix}")
        path.write_bytes(content)
        table = read_table(path, limits or UPLOAD_LIMITS, keep_user_missing=True)
    return Table(
        name=filename,
        columns=table.columns,
        n_rows=table.n_rows,
        first_row=table.first_row,
        row_word=table.row_word,
        user_missing=table.user_missing,
    )


@transaction.atomic
def pending_imports_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploads left unmapped for longer than PENDING_IMPORT_LIFETIME (the files
    hold answers nobody imported). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - PENDING_IMPORT_LIFETIME
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def import_upload(*, edition: Edition, filename: str, content: bytes) -> PendingImport:
    """Keep an uploaded file until its columns are mapped. Raises DataError if unreadable.

    Uploads abandoned for a day are pruned here as well as by `samson cleanup`, so they are
    gone even where no cron job runs it.
    """
    pending_imports_prune()
    # Read outside the transaction: on SQLite a transaction holds the write lock, and a large
    # file takes seconds to read.
    table = read_upload(filename, content)
    with transaction.atomic():
        return PendingImport.objects.create(
            edition=edition, filename=filename, content=content, columns=list(table.columns)
        )


def suggested_mapping(columns: Sequence[str], instrument: Instrument) -> dict[str, str]:
    """Codebook variable -> file column, where a column has the variable's name (any case)."""
    by_lower = {column.lower(): column for column in columns}
    return {
        variable.name: by_lower[variable.name.lower()]
        for variable in importing.codebook_variables(instrument)
        if variable.name.lower() in by_lower
    }


class ImportDuplicates(Exception):
    """The file repeats rows (of itself, or units already in the edition, when the analyst
    chose to refuse those); nothing was written. `found` lists at most MAX_REPORTED of them,
    `total` how many there are, `rows` how many rows the file has."""

    def __init__(self, found: list[importing.Duplicate], total: int, rows: int) -> None:
        super().__init__(f"{total} duplicate rows")
        self.found = found[: importing.MAX_REPORTED]
        self.total = total
        self.rows = rows

    @property
    def all_existing(self) -> bool:
        """Every row of the file is a unit the edition has already: the same file again."""
        return self.total == self.rows and all(d.kind == "existing" for d in self.found)


class ImportRepeated(Exception):
    """Without a duplicate check, the very same file was imported into the edition before
    (`earlier`, still there); nothing was written."""

    def __init__(self, earlier: DataImport) -> None:
        super().__init__(f"the file is import {earlier.pk} again")
        self.earlier = earlier


# Rows an import is compared with: those that came from files (and the synthetic dataset).
# An answer given through an invitation link or Innovasjonstesten is a unit of its own even when
# its answers equal a row of a file, and replacing it would reopen its link.
_FROM_FILES = (Respondent.Source.IMPORT, Respondent.Source.SYNTHETIC)


def _existing_keys(
    edition: Edition, key: str, names: Sequence[str]
) -> tuple[dict[importing.Key, str], dict[importing.Key, list[int]]]:
    """The edition's rows from files by key: key -> how the page names the unit (its id, or
    the number of the first unit with those values), and key -> the pks of all its units."""
    labels: dict[importing.Key, str] = {}
    pks: dict[importing.Key, list[int]] = {}
    rows = edition.respondents.filter(source__in=_FROM_FILES).order_by("pk")
    if key == DataImport.Key.ID:
        for pk, external_id in rows.exclude(external_id="").values_list("pk", "external_id"):
            labels[external_id] = external_id
            pks[external_id] = [pk]
    else:
        for pk, values in rows.values_list("pk", "values"):
            row_key = importing.row_key(values, names)
            labels.setdefault(row_key, str(pk))
            pks.setdefault(row_key, []).append(pk)
    return labels, pks


@transaction.atomic
def import_commit(
    *,
    pending: PendingImport,
    mapping: Mapping[str, str],
    user: User | None,
    key: str,
    id_column: str = "",
    on_duplicate: str = DataImport.OnDuplicate.REFUSE,
) -> DataImport:
    """Validate the whole file against the codebook and store every row, or nothing.

    `key` says how rows are matched (DataImport.Key): by the unit id in `id_column`, by the
    values of every mapped variable, or not at all (then only the very same file imported
    before is caught, by its SHA-256). A row that repeats an earlier row of the file is always
    refused; one that matches a unit already in the edition (a row from a file) refuses the
    file, or with `on_duplicate` REPLACE replaces that unit. Rows with 1 in a `synthetic`
    column are stored as synthetic, and mark the edition synthetic.

    Raises ImportRejected (a value or id fails), ImportDuplicates or ImportRepeated, and
    PendingImport.DoesNotExist when the upload was imported meanwhile (a double submit).
    """
    # One import into an edition at a time (on PostgreSQL; SQLite has one writer anyway), so
    # two submits at once cannot both pass the duplicate check: the second waits, then finds
    # its upload gone, or the first one's rows.
    edition = Edition.objects.select_for_update().get(pk=pending.edition_id)
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    content = bytes(pending.content)
    table = read_upload(pending.filename, content)
    instrument = instrument_spec(edition.instrument_version)
    report = importing.validate(
        table,
        mapping,
        importing.codebook_variables(instrument),
        importing.codebook_limits(instrument),
    )
    ids = [""] * table.n_rows
    if key == DataImport.Key.ID:
        if id_column not in table.columns:
            problem = importing.Problem("–", id_column, "", "no_column")
            raise ImportRejected(importing.Report([], [problem], 1))
        ids, id_problems = importing.unit_ids(table, id_column)
        if id_problems:
            problems = [*id_problems, *report.problems][: importing.MAX_REPORTED]
            total = report.total_problems + len(id_problems)
            raise ImportRejected(importing.Report([], problems, total))
    if not report.ok:
        raise ImportRejected(report)
    digest = hashlib.sha256(content).hexdigest()
    replace = on_duplicate == DataImport.OnDuplicate.REPLACE
    to_replace: list[int] = []
    if key == DataImport.Key.NONE:
        # Only an import that still has units: one whose units are all gone holds nothing.
        earlier = (
            edition.imports.filter(sha256=digest, respondents__isnull=False)
            .distinct()
            .order_by("pk")
        )
        if earlier.exists() and not replace:
            first = earlier.first()
            assert first is not None
            raise ImportRepeated(first)
        to_replace = list(
            Respondent.objects.filter(
                data_import__edition=edition, data_import__sha256=digest
            ).values_list("pk", flat=True)
        )
    else:
        names = sorted(mapping)
        keys: list[importing.Key] = (
            list(ids)
            if key == DataImport.Key.ID
            else [importing.row_key(row, names) for row in report.rows]
        )
        labels, pks = _existing_keys(edition, key, names)
        found = importing.duplicates(keys, [table.row(i) for i in range(table.n_rows)], ids, labels)
        in_file = [d for d in found if d.kind == "in_file"]
        if in_file or (found and not replace):
            shown = in_file or found
            raise ImportDuplicates(shown, len(shown), table.n_rows)
        to_replace = [pk for k in keys for pk in pks.get(k, ())]
    for start in range(0, len(to_replace), 500):  # within SQLite's limit of query parameters
        Respondent.objects.filter(pk__in=to_replace[start : start + 500]).delete()
    synthetic = importing.synthetic_flags(table)
    data_import = DataImport.objects.create(
        edition=edition,
        filename=pending.filename,
        mapping=dict(mapping),
        rows=len(report.rows),
        key=key,
        id_column=id_column if key == DataImport.Key.ID else "",
        on_duplicate=on_duplicate,
        replaced=len(to_replace),
        synthetic_rows=sum(synthetic),
        sha256=digest,
        created_by=user,
    )
    Respondent.objects.bulk_create(
        (
            Respondent(
                edition=edition,
                source=Respondent.Source.SYNTHETIC if flag else Respondent.Source.IMPORT,
                data_import=data_import,
                values={**row, importing.SYNTHETIC_COLUMN: 1.0} if flag else row,
                external_id=unit,
            )
            for row, unit, flag in zip(report.rows, ids, synthetic, strict=True)
        ),
        batch_size=500,
    )
    if any(synthetic) and not edition.synthetic:
        edition.synthetic = True
        edition.save(update_fields=["synthetic"])
    audit_record(
        action="barometer.import",
        target=data_import,
        actor=user,
        details={
            "edition": edition.pk,
            "rows": data_import.rows,
            "replaced": data_import.replaced,
            "synthetic_rows": data_import.synthetic_rows,
        },
    )
    pending.delete()
    edition_data_changed(edition)
    return data_import


# ----------------------------------------------------------------------------- deleting


def _synthetic_recheck(edition: Edition) -> None:
    """An edition stays marked synthetic while it holds a synthetic row; when the last one is
    deleted, the mark goes with it."""
    if (
        edition.synthetic
        and not edition.respondents.filter(source=Respondent.Source.SYNTHETIC).exists()
    ):
        edition.synthetic = False
        edition.save(update_fields=["synthetic"])


@transaction.atomic
def data_import_delete(*, data_import: DataImport, user: User | None) -> int:
    """Delete an import and every unit it brought; returns how many units went with it."""
    edition = data_import.edition
    count = data_import.respondents.count()
    audit_record(
        action="barometer.import_delete",
        target=data_import,
        actor=user,
        details={"edition": edition.pk, "respondents": count},
    )
    data_import.respondents.all().delete()
    data_import.delete()
    _synthetic_recheck(edition)
    edition_data_changed(edition)
    return count


@transaction.atomic
def respondent_delete(*, respondent: Respondent, user: User | None) -> None:
    """Delete one imported unit. Answers given by link or Innovasjonstesten are not deleted
    here: the link would open again."""
    if respondent.data_import_id is None:
        raise ValueError("only an imported unit is deleted one by one")
    audit_record(
        action="barometer.respondent_delete",
        target=respondent,
        actor=user,
        details={"edition": respondent.edition_id, "import": respondent.data_import_id},
    )
    edition = respondent.edition
    respondent.delete()
    _synthetic_recheck(edition)
    edition_data_changed(edition)


def edition_delete_counts(edition: Edition) -> dict[str, int]:
    """What deleting the edition deletes with it, counted (the confirmation page shows it)."""
    invitations = edition.invitations.all()
    fieldwork = Edition.objects.filter(pk=edition.pk).aggregate(
        invitees=Count("fieldwork__invitees", distinct=True)
    )
    return {
        "respondents": edition.respondents.count(),
        "imports": edition.imports.count(),
        "invitations": invitations.count(),
        "answered": invitations.filter(respondent__isnull=False).count(),
        "invitees": int(fieldwork["invitees"] or 0),
        "cells": edition.population_cells.count(),
    }


@transaction.atomic
def edition_delete(*, edition: Edition, user: User | None) -> dict[str, int]:
    """Delete the edition with everything in it: units, imports, population frame, invitation
    links and the answers given through them, and its fieldwork (contact list and messages).
    Returns the counts of edition_delete_counts."""
    counts = edition_delete_counts(edition)
    audit_record(action="barometer.edition_delete", target=edition, actor=user, details=counts)
    # An invitation's answers are a Response the invitation points to; they go with it.
    responses = list(edition.invitations.values_list("response_id", flat=True))
    edition.delete()
    Response.objects.filter(pk__in=responses).delete()
    return counts


# ----------------------------------------------------------------------------- synthetic data


@transaction.atomic
def synthetic_load(*, edition: Edition, n: int = SYNTHETIC_N, seed: int = SYNTHETIC_SEED) -> int:
    """Fill an empty edition with the SYNTHETIC national dataset and its population frame.

    The edition is marked synthetic. Raises ValueError if it already holds answers.
    """
    if edition.respondents.exists():
        raise ValueError("the edition already has answers")
    data = syn.generate(n, seed, frame=shipped.national_frame())
    names = [name for name in data.columns if name not in ("id", "vekt")]
    rows = [
        {
            name: (None if math.isnan(v) else float(v))
            for name in names
            for v in (data.columns[name][i],)
        }
        for i in range(data.n)
    ]
    Respondent.objects.bulk_create(
        (
            Respondent(edition=edition, source=Respondent.Source.SYNTHETIC, values=row)
            for row in rows
        ),
        batch_size=500,
    )
    frame_replace(
        edition=edition,
        cells=[
            ({"enhetstype": unit_type, "landsdel": landsdel}, count)
            for (unit_type, landsdel), count in sorted(data.population.items())
        ],
    )
    edition.synthetic = True
    edition.save(update_fields=["synthetic"])
    edition_data_changed(edition)
    return data.n


# ----------------------------------------------------------------------------- invitations


@transaction.atomic
def invitations_create(
    *, edition: Edition, background: Mapping[str, int], count: int, language: str = "nb"
) -> list[str]:
    """`count` private links for units with this background; returns their tokens (shown once)."""
    tokens = []
    leader = edition.instrument_version.key == LEADER_KEY
    allowed = LEADER_INVITATION_BACKGROUND if leader else INVITATION_BACKGROUND
    clean = {k: int(v) for k, v in background.items() if k in allowed}
    for _ in range(count):
        response, token = response_services.response_start(
            instrument_version=edition.instrument_version,
            language=language,
            purpose=Response.Purpose.BAROMETER,
        )
        Invitation.objects.create(edition=edition, response=response, background=clean)
        tokens.append(token)
    return tokens


def invitation_answers(response: Response) -> dict[str, int | str]:
    return {answer.item_id: answer.value for answer in response.answers.all()}


@transaction.atomic
def invitation_complete(*, invitation: Invitation, token: str = "") -> Respondent:
    """Close the link for good and add the unit as one respondent: the answers on the pages
    it was shown, plus the background the analyst gave the link. The first time,
    `response_completed` is sent with the link's token (an edition's contact list learns
    from it that the unit finished, without storing anything that joins the two)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.respondent_id is not None:
        assert locked.respondent is not None
        return locked.respondent
    response = locked.response
    instrument = instrument_spec(response.instrument_version)
    visible = instrument.visible_answers(invitation_answers(response))
    values: dict[str, float | None] = {
        k: float(v) for k, v in visible.items() if isinstance(v, int | float)
    }
    values.update({k: float(v) for k, v in locked.background.items()})
    respondent = Respondent.objects.create(
        edition=locked.edition, source=Respondent.Source.INVITATION, values=values
    )
    locked.respondent = respondent
    locked.save(update_fields=["respondent"])
    response.completed_at = timezone.now()
    response.save(update_fields=["completed_at", "updated_at"])
    response_completed.send(sender=Response, response=response, token=token)
    edition_data_changed(locked.edition)
    return respondent


# ----------------------------------------------------------------------------- Innovasjonstesten


class SubmissionNotPending(Exception):
    """The submission was accepted or discarded already (perhaps by a request a moment ago)."""


class SubmissionIncomplete(Exception):
    """The submission cannot be weighted with the edition's population frame: it lacks frame
    variables (`missing`), or it falls in no cell of the frame (`outside_frame`)."""

    def __init__(self, check: selectors.SubmissionCheck) -> None:
        super().__init__(f"missing {list(check.missing)}, outside frame {check.outside_frame}")
        self.missing = check.missing
        self.outside_frame = check.outside_frame


@transaction.atomic
def test_submission_add(*, edition: Edition, values: Mapping[str, int]) -> InnovationTestSubmission:
    """Queue a unit's Innovasjonstesten answers for an analyst of the edition to review.

    Nothing enters the edition's data until `test_submission_accept`. Only the date is kept.
    Raises ValueError when the edition is closed.
    """
    if not edition.open:
        raise ValueError("the edition is not open for answers")
    return InnovationTestSubmission.objects.create(
        edition=edition,
        values={k: float(v) for k, v in values.items()},
        submitted_on=timezone.localdate(),
    )


@transaction.atomic
def test_submission_accept(*, edition: Edition, submission_pk: int) -> Respondent:
    """Add a waiting submission to the edition as one respondent (source innovasjonstest).

    The state moves from waiting to accepted in one conditional UPDATE before anything else, so
    of two requests at once only one finds it waiting: a submission is accepted at most once.
    Raises SubmissionNotPending when it is not waiting (or not in this edition), and
    SubmissionIncomplete (changing nothing) when it lacks the frame's variables.
    """
    taken = InnovationTestSubmission.objects.filter(
        pk=submission_pk, edition=edition, state=InnovationTestSubmission.State.PENDING
    ).update(state=InnovationTestSubmission.State.ACCEPTED)
    if not taken:
        raise SubmissionNotPending
    submission = InnovationTestSubmission.objects.get(pk=submission_pk)
    check = selectors.submission_check(submission.values, selectors.edition_frame(edition))
    if not check.ok:
        raise SubmissionIncomplete(check)  # the transaction is rolled back: still waiting
    respondent = Respondent.objects.create(
        edition=edition, source=Respondent.Source.TEST, values=dict(submission.values)
    )
    submission.respondent = respondent
    submission.save(update_fields=["respondent"])
    audit_record(
        action="barometer.test_accept",
        target=submission,
        details={"edition": edition.pk, "respondent": respondent.pk},
    )
    edition_data_changed(edition)
    return respondent


@transaction.atomic
def test_submission_discard(*, edition: Edition, submission_pk: int) -> None:
    """Discard a waiting submission: it never enters the edition, and its answers are erased.

    Raises SubmissionNotPending when it is not waiting (or not in this edition).
    """
    discarded = InnovationTestSubmission.objects.filter(
        pk=submission_pk, edition=edition, state=InnovationTestSubmission.State.PENDING
    ).update(state=InnovationTestSubmission.State.DISCARDED, values={})
    if not discarded:
        raise SubmissionNotPending
    submission = InnovationTestSubmission.objects.get(pk=submission_pk)
    audit_record(
        action="barometer.test_discard", target=submission, details={"edition": edition.pk}
    )


@transaction.atomic
def test_submissions_discard_all(*, edition: Edition) -> int:
    """Discard every waiting submission of the edition; returns how many."""
    discarded = InnovationTestSubmission.objects.filter(
        edition=edition, state=InnovationTestSubmission.State.PENDING
    ).update(state=InnovationTestSubmission.State.DISCARDED, values={})
    if discarded:
        audit_record(
            action="barometer.test_discard_all", target=edition, details={"count": discarded}
        )
    return discarded


@transaction.atomic
def edition_design_save(
    *,
    edition: Edition,
    user: User | None,
    design_cluster: str,
    design_strata: str,
    interval_method: str,
    collapse_below: int,
    design_fpc: bool = False,
    weighting_method: str = "poststratify",
) -> None:
    """Save the design the edition's survey was run with; its estimates follow at once."""
    edition.design_cluster = design_cluster
    edition.design_strata = design_strata
    edition.interval_method = interval_method
    edition.collapse_below = collapse_below
    edition.design_fpc = design_fpc
    edition.weighting_method = weighting_method
    edition.full_clean(exclude=["organisation", "instrument_version", "created_by"])
    edition.save(
        update_fields=[
            "design_cluster",
            "design_strata",
            "interval_method",
            "collapse_below",
            "design_fpc",
            "weighting_method",
        ]
    )
    audit_record(
        action="barometer.design",
        target=edition,
        actor=user,
        details={
            "cluster": design_cluster,
            "strata": design_strata,
            "interval": interval_method,
            "collapse_below": collapse_below,
            "fpc": design_fpc,
            "weighting": weighting_method,
        },
    )
    edition_data_changed(edition)
