"""The permission matrix: every role × every URL of `barometer` for an edition, GET and POST.

The roles are samson.testing.barometer's: nobody signed in, an analyst of the edition's
organisation, an administrator, a facilitator of that organisation and an analyst of another
one. Only the edition's analysts and the administrators manage it; to everyone else signed in
an edition is not found (404), so ids cannot be probed; a URL that takes only GET or only POST
answers 405 to the other method before anything is looked up.

Adding a URL adds a row. A refused cell (log-in redirect, 404, 405, or a form shown again with
an error) must leave the database as it was; an allowed POST must change it.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import pytest
from django.urls import reverse

from samson.accounts.models import Organisation
from samson.barometer import services
from samson.barometer.models import (
    DataImport,
    Edition,
    InnovationTestSubmission,
    Invitation,
    PendingImport,
    PopulationCell,
    Respondent,
)
from samson.barometer.urls import urlpatterns
from samson.testing.barometer import EDITION_ROLES, edition_people, small_edition
from samson.testing.permissions import (
    AGAIN,
    LOGIN,
    Cell,
    Expected,
    Row,
    assert_cell,
    cells,
    log_in,
    url_names,
)

# A file of two units with ids, as the import page takes it, and how its columns map.
UNITS = "nr,enhetstype,sektor,landsdel,B1_PRODUKT\n901,11,1,1,1\n902,21,2,1,0\n"
BY_ID = {
    "enhetstype": "enhetstype",
    "sektor": "sektor",
    "landsdel": "landsdel",
    "B1_PRODUKT": "B1_PRODUKT",
    "import_key": "id",
    "import_id_column": "nr",
}
NEW_EDITION = {
    "organisation": "ORG",
    "year": 2026,
    "title": "Barometer 2026",
    "population": "Alle enheter",
    "sectors": ["1", "2"],
}
# A unit's answers sent from Innovasjonstesten, complete for the edition's frame.
SUBMITTED = {"sektor": 1, "storrelse": 3, "enhetstype": 11, "landsdel": 1}
SUBMITTED |= {"B1_PRODUKT": 1, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
E = {"pk": "E"}
DESIGN = {"design_cluster": "", "design_strata": "", "interval_method": "wald", "collapse_below": 3}
INVITE = {"sektor": "1", "enhetstype": "11", "landsdel": "1", "storrelse": "1", "count": "2"}
EXPORTS = [("kodebok", "md"), ("estimater", "csv"), ("estimater", "xlsx")]
EXPORTS += [("mikrodata", "csv"), ("mikrodata", "xlsx"), ("mikrodata", "sav")]
# Answers per role: anonymous, analyst, admin, facilitator, another organisation's analyst.
MANAGED: list[Expected] = [LOGIN, 200, 200, 404, 404]
NOT_ALLOWED: list[Expected] = [LOGIN, 405, 405, 405, 405]
CHANGED: list[Expected] = [LOGIN, 302, 302, 404, 404]
# Another edition's file, unit or answers reached through this edition's id: never found.
NOT_HERE: list[Expected] = [LOGIN, 404, 404, 404, 404]

MATRIX = [
    Row("barometer:list", "get", [LOGIN, 200, 200, 404, 200]),
    # Another organisation's analyst may create editions, but not in this organisation.
    Row("barometer:list", "post", [LOGIN, 302, 302, 404, AGAIN], data=NEW_EDITION),
    Row("barometer:edition", "get", MANAGED, E),
    Row("barometer:edition", "post", CHANGED, E, {"published": "on"}),
    Row("barometer:synthetic", "get", NOT_ALLOWED, {"pk": "EMPTY"}),
    Row("barometer:synthetic", "post", CHANGED, {"pk": "EMPTY"}),
    Row("barometer:frame", "get", MANAGED, E),
    Row(
        "barometer:frame",
        "post",
        CHANGED,
        E,
        {"text": "enhetstype,count\n11,120\n21,280\n"},
    ),
    # The chief-executive survey's frame from the organisation list; a unit edition has none.
    Row("barometer:frame_organisations", "get", NOT_ALLOWED, {"pk": "LEADER"}),
    Row("barometer:frame_organisations", "post", CHANGED, {"pk": "LEADER"}, {"by_region": "on"}),
    Row("barometer:frame_organisations", "post", NOT_HERE, E),
    Row("barometer:import", "get", MANAGED, E),
    Row("barometer:import", "post", CHANGED, E, {"file": "FILE"}),
    Row("barometer:import_map", "get", MANAGED, {"pk": "E", "pending_pk": "PENDING"}),
    Row(
        "barometer:import_map",
        "post",
        CHANGED,
        {"pk": "E", "pending_pk": "PENDING"},
        BY_ID,
    ),
    Row("barometer:import_respondents", "get", MANAGED, {"pk": "E", "import_pk": "IMPORT"}),
    Row("barometer:import_respondents", "post", NOT_ALLOWED, {"pk": "E", "import_pk": "IMPORT"}),
    Row("barometer:import_delete", "get", MANAGED, {"pk": "E", "import_pk": "IMPORT"}),
    Row(
        "barometer:import_delete",
        "post",
        CHANGED,
        {"pk": "E", "import_pk": "IMPORT"},
    ),
    Row("barometer:respondent_delete", "get", MANAGED, {"pk": "E", "respondent_pk": "UNIT"}),
    Row(
        "barometer:respondent_delete",
        "post",
        CHANGED,
        {"pk": "E", "respondent_pk": "UNIT"},
    ),
    Row("barometer:edition_delete", "get", MANAGED, E),
    Row("barometer:edition_delete", "post", CHANGED, E),
    Row("barometer:invitations", "get", MANAGED, E),
    # The new links are shown on the page itself.
    Row("barometer:invitations", "post", [LOGIN, 200, 200, 404, 404], E, INVITE),
    Row("barometer:estimates", "get", MANAGED, E),
    Row("barometer:estimates", "post", NOT_ALLOWED, E),
    Row("barometer:design", "get", MANAGED, E),
    Row("barometer:design", "post", CHANGED, E, DESIGN),
    Row("barometer:compare", "get", MANAGED, E),
    Row("barometer:compare", "post", NOT_ALLOWED, E),
    *(
        Row("barometer:export", "get", MANAGED, {"pk": "E", "what": w, "fmt": f})
        for w, f in EXPORTS
    ),
    Row("barometer:export", "post", NOT_ALLOWED, {"pk": "E", "what": "mikrodata", "fmt": "csv"}),
    Row("barometer:test_queue", "get", MANAGED, E),
    Row(
        "barometer:test_queue",
        "post",
        CHANGED,
        E,
        {"action": "accept", "submission": "SUBMISSION"},
    ),
    Row("barometer:import_map", "get", NOT_HERE, {"pk": "E", "pending_pk": "OTHER_PENDING"}),
    Row(
        "barometer:import_map", "post", NOT_HERE, {"pk": "E", "pending_pk": "OTHER_PENDING"}, BY_ID
    ),
    Row("barometer:import_respondents", "get", NOT_HERE, {"pk": "E", "import_pk": "OTHER_IMPORT"}),
    Row("barometer:import_delete", "post", NOT_HERE, {"pk": "E", "import_pk": "OTHER_IMPORT"}),
    Row(
        "barometer:respondent_delete", "post", NOT_HERE, {"pk": "E", "respondent_pk": "OTHER_UNIT"}
    ),
    Row(
        "barometer:test_queue",
        "post",
        NOT_HERE,
        E,
        {"action": "accept", "submission": "OTHER_SUBMISSION"},
    ),
    # Innovasjonstesten is public: everybody may compare a unit with a published edition.
    Row("barometer:innovation_test", "get", [200, 200, 200, 200, 200]),
]
# Reached by an invitation's token, not by an edition's people (test_views.py answers them).
BY_TOKEN = {"barometer:answer", "barometer:answer_page", "barometer:answer_done"}


def _imported(edition: Edition, content: str) -> tuple[DataImport, PendingImport]:
    """A file of `content` imported into `edition` (matched by id), and the same file with
    other ids waiting to be mapped."""
    pending = services.import_upload(edition=edition, filename="d.csv", content=content.encode())
    imported = services.import_commit(
        pending=pending,
        mapping={k: v for k, v in BY_ID.items() if not k.startswith("import_")},
        user=None,
        key=DataImport.Key.ID,
        id_column="nr",
    )
    waiting = services.import_upload(
        edition=edition, filename="e.csv", content=content.replace("90", "80").encode()
    )
    return imported, waiting


def _other_edition() -> dict[str, Any]:
    """Another organisation's edition with a file, a unit, a waiting file and queued answers."""
    organisation = Organisation.objects.create(name="Kristiansand", kind="kommune")
    other = services.edition_create(
        organisation=organisation, user=None, year=2025, title="Andre", sectors=[1, 2]
    )
    imported, waiting = _imported(other, UNITS.replace("90", "60"))
    return {
        "OTHER_IMPORT": imported.pk,
        "OTHER_UNIT": imported.respondents.values_list("pk", flat=True).first(),
        "OTHER_PENDING": waiting.pk,
        "OTHER_SUBMISSION": services.test_submission_add(edition=other, values=SUBMITTED).pk,
    }


def _world(row: Row) -> dict[str, Any]:
    """The small edition with an imported file of two units, a file waiting to be mapped, and
    a unit's Innovasjonstesten answers in its queue; an empty edition beside it; and, for a row
    that asks for them, another organisation's edition with the same kinds of objects."""
    edition = small_edition()
    imported, waiting = _imported(edition, UNITS)
    submission = services.test_submission_add(edition=edition, values=SUBMITTED)
    empty = services.edition_create(
        organisation=edition.organisation, user=None, year=2024, title="Tom", sectors=[1]
    )
    leader = services.edition_create(
        organisation=edition.organisation,
        user=None,
        year=2024,
        title="Ledere",
        instrument_key="barometer-leder",
    )
    Organisation.objects.create(
        name="Bergen",
        kind="kommune",
        municipality_number="4601",
        code_list_version="2024",
        landsdel="Vestlandet",
    )
    unit = imported.respondents.order_by("pk").first()
    assert unit is not None
    return {
        "LEADER": leader.pk,
        "edition": edition,
        "E": edition.pk,
        "EMPTY": empty.pk,
        "ORG": edition.organisation_id,
        "IMPORT": imported.pk,
        "UNIT": unit.pk,
        "PENDING": waiting.pk,
        "SUBMISSION": submission.pk,
        **(_other_edition() if _names_another_edition(row) else {}),
    }


def _names_another_edition(row: Row) -> bool:
    values = [*row.kwargs.values(), *(row.data or {}).values()]
    return any(isinstance(v, str) and v.startswith("OTHER_") for v in values)


def _snapshot() -> tuple[Any, ...]:
    """Everything a POST of an edition's people could change."""
    return (
        list(
            Edition.objects.values_list(
                "pk", "published", "open", "synthetic", "interval_method", "collapse_below"
            ).order_by("pk")
        ),
        list(PopulationCell.objects.values_list("pk", "values", "count").order_by("pk")),
        list(Respondent.objects.values_list("pk", flat=True).order_by("pk")),
        list(DataImport.objects.values_list("pk", flat=True).order_by("pk")),
        list(PendingImport.objects.values_list("pk", flat=True).order_by("pk")),
        list(Invitation.objects.values_list("pk", flat=True).order_by("pk")),
        list(InnovationTestSubmission.objects.values_list("pk", "state").order_by("pk")),
    )


def _data(row: Row, ids: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in (row.data or {}).items():
        if value == "FILE":  # a new file for every request: a posted file is read to its end
            value = io.BytesIO(UNITS.replace("90", "70").encode())
            value.name = "ny.csv"
        elif isinstance(value, str):
            value = ids.get(value, value)
        data[key] = value
    return data


@pytest.mark.parametrize("cell", cells(MATRIX, roles=EDITION_ROLES))
def test_permission_matrix(client, instruments: None, cell: Cell) -> None:
    ids = _world(cell.row)
    log_in(client, edition_people(ids["edition"]), cell.role)
    row = cell.row
    url = reverse(
        row.name, kwargs={key: ids.get(value, value) for key, value in row.kwargs.items()}
    )
    send = partial(getattr(client, row.method), url, _data(row, ids))
    assert_cell(cell, send, url=url, snapshot=_snapshot)


def test_every_barometer_url_has_a_row() -> None:
    assert url_names("barometer", urlpatterns) - BY_TOKEN == {row.name for row in MATRIX}
