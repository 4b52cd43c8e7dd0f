"""Duplicates on import: an id column or identical rows, refused or replaced; the same file
twice; crafted ids; the synthetic dataset imported by hand is marked synthetic."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.audit.models import AuditEntry
from samson.barometer import importing, selectors, services
from samson.barometer.models import DataImport, Edition, PendingImport, Respondent
from samson.surveystats.io import WholeNumber

pytestmark = pytest.mark.django_db

HEADER = "nr,sektor,landsdel,B1_PRODUKT,B1_TJENESTE\n"
THREE = HEADER + "a,1,1,1,0\nb,1,2,0,0\nc,2,1,1,1\n"
MAPPING = {"sektor": "sektor", "landsdel": "landsdel"}
MAPPING |= {"B1_PRODUKT": "B1_PRODUKT", "B1_TJENESTE": "B1_TJENESTE"}
BY_ID = {**MAPPING, "import_key": "id", "import_id_column": "nr", "import_on_duplicate": "avvis"}
BY_ROWS = {**MAPPING, "import_key": "rader", "import_on_duplicate": "avvis"}


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    return services.edition_create(
        organisation=organisation, user=None, year=2025, title="Test", sectors=[1, 2]
    )


def _analyst(organisation: Organisation, name: str = "a@example.no") -> Client:
    user = User.objects.create_user(username=name, email=name, password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ANALYST)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst(edition: Edition) -> Client:
    return _analyst(edition.organisation)


def _map_url(client: Client, edition: Edition, content: str | bytes, name: str = "d.csv") -> str:
    upload = io.BytesIO(content.encode() if isinstance(content, str) else content)
    upload.name = name
    response = client.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _import(client: Client, edition: Edition, content: str, choices: dict[str, str]) -> Any:
    return client.post(_map_url(client, edition, content), choices)


def _text(response: Any) -> str:
    return re.sub(r">\s+<", "><", response.content.decode())


def _ids(edition: Edition) -> list[str]:
    return sorted(edition.respondents.values_list("external_id", flat=True))


# ----------------------------------------------------------------------------- by id


def test_the_same_file_twice_is_refused_and_changes_nothing(
    edition: Edition, analyst: Client
) -> None:
    assert _import(analyst, edition, THREE, BY_ID).status_code == 302
    assert _ids(edition) == ["a", "b", "c"]
    again = _import(analyst, edition, THREE, BY_ID)
    assert again.status_code == 422
    text = _text(again)
    assert "Ingenting ble importert: alle 3 radene i filen er allerede i utgaven." in text
    assert "<td>row 2</td><td>a</td><td>finnes allerede i utgaven (enhet a)</td>" in text
    assert "<td>row 4</td><td>c</td><td>finnes allerede i utgaven (enhet c)</td>" in text
    assert edition.respondents.count() == 3
    assert DataImport.objects.filter(edition=edition).count() == 1
    # The upload waits for another choice; nothing else was written.
    assert PendingImport.objects.filter(edition=edition).count() == 1
    assert AuditEntry.objects.filter(action="barometer.import").count() == 1


def test_five_times_the_same_file_is_still_three_units(edition: Edition, analyst: Client) -> None:
    statuses = [_import(analyst, edition, THREE, BY_ID).status_code for _ in range(5)]
    assert statuses == [302, 422, 422, 422, 422]
    assert edition.respondents.count() == 3


def test_some_known_ids_refuse_the_whole_file(edition: Edition, analyst: Client) -> None:
    _import(analyst, edition, THREE, BY_ID)
    mixed = HEADER + "d,1,1,1,0\nb,1,2,1,1\ne,2,1,0,0\n"
    refused = _import(analyst, edition, mixed, BY_ID)
    assert refused.status_code == 422
    text = _text(refused)
    assert "Ingenting ble importert: 1 rad er et duplikat." in text
    assert "<td>row 3</td><td>b</td><td>finnes allerede i utgaven (enhet b)</td>" in text
    assert _ids(edition) == ["a", "b", "c"]  # neither d nor e came in


def test_replace_swaps_the_known_units_and_adds_the_new(edition: Edition, analyst: Client) -> None:
    _import(analyst, edition, THREE, BY_ID)
    first = DataImport.objects.get(edition=edition)
    newer = HEADER + "b,1,2,1,1\nc,2,1,0,0\nd,2,2,0,1\n"
    assert _import(analyst, edition, newer, {**BY_ID, "import_on_duplicate": "erstatt"}).status_code
    assert _ids(edition) == ["a", "b", "c", "d"]
    second = DataImport.objects.exclude(pk=first.pk).get(edition=edition)
    assert (second.rows, second.replaced, second.key, second.id_column) == (3, 2, "id", "nr")
    b = edition.respondents.get(external_id="b")
    assert b.data_import_id == second.pk
    assert (b.values["B1_PRODUKT"], b.values["B1_TJENESTE"]) == (1.0, 1.0)
    assert list(first.respondents.values_list("external_id", flat=True)) == ["a"]
    entry = AuditEntry.objects.get(action="barometer.import", object_id=str(second.pk))
    assert entry.details == {"edition": edition.pk, "rows": 3, "replaced": 2, "synthetic_rows": 0}


def test_an_id_twice_in_the_file_is_refused_even_when_replacing(
    edition: Edition, analyst: Client
) -> None:
    twice = HEADER + "a,1,1,1,0\nb,1,2,0,0\na,2,1,1,1\n"
    for choice in ("avvis", "erstatt"):
        refused = _import(analyst, edition, twice, {**BY_ID, "import_on_duplicate": choice})
        assert refused.status_code == 422
        text = _text(refused)
        assert "Ingenting ble importert: 1 rad er et duplikat." in text
        assert "<td>row 4</td><td>a</td><td>gjentar en tidligere rad i filen (row 2)</td>" in text
    assert not Respondent.objects.exists()


def test_crafted_ids(edition: Edition, analyst: Client) -> None:
    """Empty and overlong ids are refused with their rows; the same id written as a spreadsheet
    number, or in decomposed Unicode, is the same id; markup in an id is shown as text."""
    long = "x" * 101
    bad = HEADER + f"a,1,1,1,0\n,1,2,0,0\n{long},2,1,1,1\n"
    refused = _import(analyst, edition, bad, BY_ID)
    assert refused.status_code == 422
    text = _text(refused)
    assert "Ingenting ble importert: 2 verdier feilet." in text
    assert "<td>row 3</td><td>nr</td><td></td><td>id-kolonnen er tom i denne raden</td>" in text
    assert f"<td>row 4</td><td>nr</td><td>{'x' * 40}</td>" in text
    assert "id-en er lengre enn 100 tegn" in text
    # 17 and " 17 ", é and e + combining accent: one id each.
    same = HEADER + "17,1,1,1,0\n 17 ,1,2,0,0\nJos\u00e9,1,1,0,0\nJose\u0301,2,2,0,0\n"
    refused = _import(analyst, edition, same, BY_ID)
    text = _text(refused)
    assert "Ingenting ble importert: 2 rader er duplikater." in text
    assert "<td>row 3</td><td>17</td><td>gjentar en tidligere rad i filen (row 2)</td>" in text
    assert "<td>row 5</td><td>José</td><td>gjentar en tidligere rad i filen (row 4)</td>" in text
    # Leading zeros are kept: 0017 is not 17.
    markup = HEADER + '<script>alert(1)</script>,1,1,1,0\n0017,1,1,0,0\n"17",1,2,0,0\n'
    assert _import(analyst, edition, markup, BY_ID).status_code == 302
    assert _ids(edition) == ["0017", "17", "<script>alert(1)</script>"]
    again = _text(_import(analyst, edition, markup, BY_ID))
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in again
    assert "<script>alert(1)</script>" not in again
    assert edition.respondents.count() == 3


def test_an_id_is_the_text_as_written_and_a_spreadsheet_number_without_its_decimals() -> None:
    assert importing.unit_id(WholeNumber(17.0)) == "17"
    assert importing.unit_id(17.0) == "17"  # a number cell of an .xlsx or .sav
    assert importing.unit_id(17.5) == "17.5"
    assert importing.unit_id("17.0") == "17.0"  # text, kept as the file writes it
    assert importing.unit_id("0301") == "0301"
    assert importing.unit_id(" a\u0301 ") == "\u00e1"
    assert importing.unit_id(None) == ""


def test_the_id_column_must_be_chosen_and_exist(edition: Edition, analyst: Client) -> None:
    url = _map_url(analyst, edition, THREE)
    page = analyst.post(url, {**BY_ID, "import_id_column": ""})
    assert page.status_code == 200
    assert "Velg id-kolonnen, eller en annen måte å kontrollere på." in page.content.decode()
    crafted = analyst.post(url, {**BY_ID, "import_id_column": "finnes-ikke"})
    assert crafted.status_code == 200  # not one of the file's columns: the form says so
    assert "finnes-ikke" in crafted.content.decode()
    unknown = analyst.post(url, {**BY_ID, "import_key": "alt"})
    assert unknown.status_code == 200
    assert not Respondent.objects.exists()


def test_an_id_column_named_id_is_suggested(edition: Edition, analyst: Client) -> None:
    url = _map_url(analyst, edition, THREE.replace("nr,", "ID,", 1))
    page = _text(analyst.get(url))
    assert re.search(r'<option value="ID" selected>ID</option>', page)
    assert 'name="import_key" value="id" id="id_import_key_0" checked' in page
    # Nothing sent for the duplicate choices: the suggestion shown holds.
    assert analyst.post(url, MAPPING).status_code == 302
    assert _ids(edition) == ["a", "b", "c"]


# ----------------------------------------------------------------------------- identical rows


def test_identical_rows_in_the_file_are_refused_with_their_numbers(
    edition: Edition, analyst: Client
) -> None:
    twice = HEADER + "a,1,1,1,0\nb,1,2,0,0\nc,1,1,1,0\nd,1,1,1,0\n"
    refused = _import(analyst, edition, twice, BY_ROWS)
    assert refused.status_code == 422
    text = _text(refused)
    assert "Ingenting ble importert: 2 rader er duplikater." in text
    assert "<td>row 4</td><td>–</td><td>gjentar en tidligere rad i filen (row 2)</td>" in text
    assert "<td>row 5</td><td>–</td><td>gjentar en tidligere rad i filen (row 2)</td>" in text
    assert not Respondent.objects.exists()


def test_identical_rows_against_the_edition(edition: Edition, analyst: Client) -> None:
    assert _import(analyst, edition, THREE, BY_ROWS).status_code == 302
    first = edition.respondents.order_by("pk").first()
    assert first is not None
    again = _import(analyst, edition, THREE, BY_ROWS)
    assert again.status_code == 422
    text = _text(again)
    assert "Ingenting ble importert: alle 3 radene i filen er allerede i utgaven." in text
    assert f"<td>row 2</td><td>–</td><td>finnes allerede i utgaven (enhet {first.pk})</td>" in (
        text
    )
    # A row differing in one mapped variable is a new unit; the identical one is replaced.
    newer = HEADER + "x,1,1,1,0\ny,1,1,1,1\n"
    replaced = _import(analyst, edition, newer, {**BY_ROWS, "import_on_duplicate": "erstatt"})
    assert replaced.status_code == 302
    assert edition.respondents.count() == 4
    assert not edition.respondents.filter(pk=first.pk).exists()
    assert DataImport.objects.order_by("-pk").values_list("rows", "replaced").first() == (2, 1)


def test_answers_by_link_are_never_matched(edition: Edition, analyst: Client) -> None:
    """An answer given through an invitation link is a unit of its own, whatever it answered."""
    values = {"sektor": 1.0, "landsdel": 1.0, "B1_PRODUKT": 1.0, "B1_TJENESTE": 0.0}
    linked = Respondent.objects.create(
        edition=edition, source=Respondent.Source.INVITATION, values=values
    )
    only = HEADER + "a,1,1,1,0\n"
    assert (
        _import(analyst, edition, only, {**BY_ROWS, "import_on_duplicate": "erstatt"}).status_code
        == 302
    )
    assert edition.respondents.count() == 2
    assert Respondent.objects.filter(pk=linked.pk).exists()


# ----------------------------------------------------------------------------- no check


def test_without_a_check_only_the_very_same_file_is_caught(
    edition: Edition, analyst: Client
) -> None:
    alike = HEADER + "a,1,1,1,0\nb,1,1,1,0\n"  # two units that answered alike
    none = {**MAPPING, "import_key": "ingen", "import_on_duplicate": "avvis"}
    assert _import(analyst, edition, alike, none).status_code == 302
    assert edition.respondents.count() == 2
    again = _import(analyst, edition, alike, none)
    assert again.status_code == 422
    assert "Ingenting ble importert: nøyaktig denne filen er importert før (d.csv, " in (
        again.content.decode()
    )
    assert edition.respondents.count() == 2
    # Replacing: the earlier import of the same file gives way to this one.
    replaced = _import(analyst, edition, alike, {**none, "import_on_duplicate": "erstatt"})
    assert replaced.status_code == 302
    assert edition.respondents.count() == 2
    newest = DataImport.objects.order_by("-pk").first()
    assert newest is not None and newest.replaced == 2
    assert set(edition.respondents.values_list("data_import", flat=True)) == {newest.pk}


# ----------------------------------------------------------------------------- who may


def test_another_organisation_and_anonymous_import_nothing(
    edition: Edition, analyst: Client
) -> None:
    url = _map_url(analyst, edition, THREE)
    other = _analyst(Organisation.objects.create(name="Bergen", kind="kommune"), "o@x.no")
    assert other.post(url, BY_ID).status_code == 404
    assert other.get(url).status_code == 404
    anonymous = Client().post(url, BY_ID)
    assert anonymous.status_code == 302 and "/konto/logg-inn/" in anonymous["Location"]
    assert analyst.put(url, BY_ID).status_code == 405
    assert not Respondent.objects.exists()
    assert PendingImport.objects.count() == 1


def test_a_double_submit_imports_once(edition: Edition, analyst: Client) -> None:
    url = _map_url(analyst, edition, THREE)
    assert analyst.post(url, BY_ID).status_code == 302
    assert analyst.post(url, BY_ID).status_code == 404  # the upload is gone with its import
    assert edition.respondents.count() == 3


# ----------------------------------------------------------------------------- synthetic


def test_the_synthetic_file_imported_by_hand_marks_the_edition(
    edition: Edition, analyst: Client, tmp_path: Path
) -> None:
    out = tmp_path / "syntetisk.csv"
    call_command("barometer", "synthetic", "--out", str(out), stdout=io.StringIO())
    page = analyst.get(reverse("barometer:edition", kwargs={"pk": edition.pk})).content.decode()
    banner = "Syntetiske data: alle svarene i denne utgaven er oppdiktet."
    assert banner not in page
    url = _map_url(analyst, edition, out.read_bytes(), "syntetisk.csv")
    # The suggested mapping: every codebook column by its name; the id column "id".
    pending = PendingImport.objects.get(edition=edition)
    mapping = services.suggested_mapping(pending.columns, selectors.edition_instrument(edition))
    assert set(pending.columns) - set(mapping.values()) == {"id", "synthetic"}
    assert analyst.post(url, mapping).status_code == 302
    edition.refresh_from_db()
    assert edition.synthetic
    assert edition.respondents.filter(source=Respondent.Source.SYNTHETIC).count() == 2000
    assert edition.respondents.filter(values__synthetic=1.0).count() == 2000
    ids = set(edition.respondents.values_list("external_id", flat=True))
    assert ids == {str(n) for n in range(1, 2001)}
    data_import = DataImport.objects.get(edition=edition)
    assert (data_import.rows, data_import.synthetic_rows, data_import.key) == (2000, 2000, "id")
    page = analyst.get(reverse("barometer:edition", kwargs={"pk": edition.pk})).content.decode()
    assert banner in page
    estimates = reverse("barometer:estimates", kwargs={"pk": edition.pk})
    assert banner in analyst.get(estimates).content.decode()
    microdata = analyst.get(reverse("barometer:export", args=[edition.pk, "mikrodata", "csv"]))
    assert b"".join(microdata).decode().splitlines()[0].startswith("synthetic,")
    # Deleting the synthetic rows takes the mark away.
    delete = reverse(
        "barometer:import_delete", kwargs={"pk": edition.pk, "import_pk": data_import.pk}
    )
    assert analyst.post(delete).status_code == 302
    edition.refresh_from_db()
    assert not edition.synthetic and edition.respondents.count() == 0


def test_a_synthetic_row_among_real_ones_marks_the_edition(
    edition: Edition, analyst: Client
) -> None:
    mixed = "nr,Synthetic,sektor,B1_PRODUKT\na,0,1,1\nb,1,1,0\nc,,2,1\n"
    choices = {"sektor": "sektor", "B1_PRODUKT": "B1_PRODUKT", "import_key": "id"}
    assert _import(analyst, edition, mixed, {**choices, "import_id_column": "nr"}).status_code
    edition.refresh_from_db()
    assert edition.synthetic
    sources = dict(edition.respondents.values_list("external_id", "source"))
    assert sources == {"a": "import", "b": "syntetisk", "c": "import"}
    assert edition.respondents.get(external_id="b").values == {
        "sektor": 1.0,
        "B1_PRODUKT": 0.0,
        "synthetic": 1.0,
    }


def test_a_second_commit_of_the_same_upload_imports_nothing(edition: Edition) -> None:
    """Two submits that both fetched the upload before either stored it: the second finds it
    gone and writes nothing (on PostgreSQL it waits for the first's lock)."""
    pending = services.import_upload(edition=edition, filename="d.csv", content=THREE.encode())
    mapping = dict(MAPPING)
    services.import_commit(pending=pending, mapping=mapping, user=None, key="ingen")
    with pytest.raises(PendingImport.DoesNotExist):
        services.import_commit(pending=pending, mapping=mapping, user=None, key="ingen")
    assert edition.respondents.count() == 3
    assert DataImport.objects.count() == 1
