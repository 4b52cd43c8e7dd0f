"""Deleting an import with its units, one imported unit, and a whole edition: confirmation
pages, exact counts, the audit log, double submits, other organisations and anonymous people."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.audit.models import AuditEntry
from samson.barometer import services
from samson.barometer.models import (
    DataImport,
    Edition,
    Invitation,
    PendingImport,
    PopulationCell,
    Respondent,
)
from samson.fieldwork import services as fieldwork_services
from samson.fieldwork.contacts import UnitRow
from samson.fieldwork.models import Fieldwork, Invitee
from samson.responses.models import Response

pytestmark = pytest.mark.django_db

HEADER = "nr,sektor,landsdel,B1_PRODUKT\n"
MAPPING = {"sektor": "sektor", "landsdel": "landsdel", "B1_PRODUKT": "B1_PRODUKT"}
BY_ID = {**MAPPING, "import_key": "id", "import_id_column": "nr"}


def _edition(organisation: Organisation, title: str = "Test") -> Edition:
    return services.edition_create(
        organisation=organisation, user=None, year=2025, title=title, sectors=[1, 2]
    )


@pytest.fixture
def edition(instruments: None) -> Edition:
    return _edition(Organisation.objects.create(name="Arendal", kind="kommune"))


def _client(organisation: Organisation | None, name: str) -> Client:
    user = User.objects.create_user(username=name, email=name, password="x")
    if organisation is not None:
        Membership.objects.create(
            user=user, organisation=organisation, role=Membership.Role.ANALYST
        )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst(edition: Edition) -> Client:
    return _client(edition.organisation, "a@example.no")


@pytest.fixture
def outsider(instruments: None) -> Client:
    return _client(Organisation.objects.create(name="Bergen", kind="kommune"), "o@example.no")


def _import(client: Client, edition: Edition, rows: str, name: str = "d.csv") -> DataImport:
    upload = io.BytesIO((HEADER + rows).encode())
    upload.name = name
    url = client.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})
    assert client.post(url["Location"], BY_ID).status_code == 302
    return DataImport.objects.filter(edition=edition).latest("pk")


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", response.content.decode()))


def _url(name: str, edition: Edition, **kwargs: int) -> str:
    return reverse(f"barometer:{name}", kwargs={"pk": edition.pk, **kwargs})


# ----------------------------------------------------------------------------- an import


def test_an_import_is_deleted_with_its_units(edition: Edition, analyst: Client) -> None:
    first = _import(analyst, edition, "a,1,1,1\nb,1,2,0\nc,2,1,1\n", "first.csv")
    second = _import(analyst, edition, "d,1,1,0\ne,2,2,1\n", "second.csv")
    url = _url("import_delete", edition, import_pk=first.pk)
    page = _text(analyst.get(url))
    assert '<h1 class="ds-heading" data-size="lg">Slett first.csv</h1>' in page
    assert "og dens 3 enheter som fortsatt er i utgaven, slettes. Dette kan ikke angres." in page
    assert edition.respondents.count() == 5  # a GET deletes nothing
    done = analyst.post(url)
    assert done.status_code == 302 and done["Location"] == _url("edition", edition)
    assert sorted(edition.respondents.values_list("external_id", flat=True)) == ["d", "e"]
    assert list(DataImport.objects.values_list("pk", flat=True)) == [second.pk]
    entry = AuditEntry.objects.get(action="barometer.import_delete")
    assert (entry.object_id, entry.details) == (
        str(first.pk),
        {"edition": edition.pk, "respondents": 3},
    )
    message = _text(analyst.get(_url("edition", edition)))
    assert "Filen first.csv ble slettet med sine 3 enheter." in message
    # The second submit finds nothing to delete.
    assert analyst.post(url).status_code == 404
    assert edition.respondents.count() == 2
    assert AuditEntry.objects.filter(action="barometer.import_delete").count() == 1


def test_the_edition_page_links_to_units_and_deleting(edition: Edition, analyst: Client) -> None:
    data_import = _import(analyst, edition, "a,1,1,1\n")
    page = analyst.get(_url("edition", edition)).content.decode()
    assert _url("import_respondents", edition, import_pk=data_import.pk) in page
    assert _url("import_delete", edition, import_pk=data_import.pk) in page
    assert _url("edition_delete", edition) in page


def test_an_import_of_another_edition_or_organisation_is_not_found(
    edition: Edition, analyst: Client, outsider: Client
) -> None:
    data_import = _import(analyst, edition, "a,1,1,1\nb,1,2,0\n")
    own_other = _edition(edition.organisation, "Annen")
    # The import's id under the analyst's other edition: not found.
    crossed = reverse(
        "barometer:import_delete", kwargs={"pk": own_other.pk, "import_pk": data_import.pk}
    )
    assert analyst.get(crossed).status_code == 404
    assert analyst.post(crossed).status_code == 404
    url = _url("import_delete", edition, import_pk=data_import.pk)
    listing = _url("import_respondents", edition, import_pk=data_import.pk)
    for path in (url, listing):
        assert outsider.get(path).status_code == 404
    assert outsider.post(url).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "/konto/logg-inn/" in anonymous["Location"]
    assert analyst.put(url).status_code == 405
    assert analyst.post(listing).status_code == 405
    missing = _url("import_delete", edition, import_pk=data_import.pk + 1000)
    assert analyst.post(missing).status_code == 404
    assert edition.respondents.count() == 2 and DataImport.objects.count() == 1
    assert not AuditEntry.objects.filter(action="barometer.import_delete").exists()


# ----------------------------------------------------------------------------- one unit


def test_one_imported_unit_is_deleted(edition: Edition, analyst: Client) -> None:
    data_import = _import(analyst, edition, "a,1,1,1\n<b>,1,2,0\nc,2,1,1\n")
    listing = _text(analyst.get(_url("import_respondents", edition, import_pk=data_import.pk)))
    assert "Filen la til 3 enheter; 3 av dem er fortsatt i utgaven." in listing
    assert "<td>&lt;b&gt;</td>" in listing
    unit = edition.respondents.get(external_id="<b>")
    url = _url("respondent_delete", edition, respondent_pk=unit.pk)
    assert url in listing
    page = _text(analyst.get(url))
    assert "Enheten med id &lt;b&gt;, importert fra d.csv, og alle svarene dens slettes." in page
    done = analyst.post(url)
    assert done["Location"] == _url("import_respondents", edition, import_pk=data_import.pk)
    assert sorted(edition.respondents.values_list("external_id", flat=True)) == ["a", "c"]
    assert analyst.post(url).status_code == 404
    listing = _text(analyst.get(done["Location"]))
    assert "Enheten ble slettet." in listing
    assert "Filen la til 3 enheter; 2 av dem er fortsatt i utgaven." in listing
    entry = AuditEntry.objects.get(action="barometer.respondent_delete")
    assert entry.details == {"edition": edition.pk, "import": data_import.pk}
    assert entry.object_id == str(unit.pk)


def test_a_unit_given_by_link_or_of_another_edition_is_not_deleted_here(
    edition: Edition, analyst: Client, outsider: Client
) -> None:
    linked = Respondent.objects.create(
        edition=edition, source=Respondent.Source.INVITATION, values={"sektor": 1.0}
    )
    assert (
        analyst.post(_url("respondent_delete", edition, respondent_pk=linked.pk)).status_code == 404
    )
    own_other = _edition(edition.organisation, "Annen")
    data_import = _import(analyst, own_other, "a,1,1,1\n")
    unit = own_other.respondents.get()
    crossed = _url("respondent_delete", edition, respondent_pk=unit.pk)
    assert analyst.post(crossed).status_code == 404
    url = _url("respondent_delete", own_other, respondent_pk=unit.pk)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url).status_code == 404
    assert Client().post(url).status_code == 302
    assert Respondent.objects.count() == 2
    assert data_import.respondents.count() == 1


def test_the_listing_pages(edition: Edition, analyst: Client) -> None:
    rows = "".join(f"u{n},1,1,1\n" for n in range(1, 151))
    data_import = _import(analyst, edition, rows)
    url = _url("import_respondents", edition, import_pk=data_import.pk)
    first = _text(analyst.get(url))
    assert first.count("<tr><td>") == 100 and "Side 1 av 2" in first
    second = _text(analyst.get(url, {"side": "2"}))
    assert second.count("<tr><td>") == 50 and "Side 2 av 2" in second
    for crafted in ("0", "-1", "99", "x", "٢"):
        assert analyst.get(url, {"side": crafted}).status_code == 200


# ----------------------------------------------------------------------------- an edition


def test_an_edition_with_invitations_and_fieldwork_is_deleted_with_them(
    edition: Edition, analyst: Client
) -> None:
    _import(analyst, edition, "a,1,1,1\nb,1,2,0\n")
    services.frame_replace(edition=edition, cells=[({"enhetstype": 11}, 100)])
    tokens = services.invitations_create(edition=edition, background={"sektor": 1}, count=2)
    invitation = Invitation.objects.filter(edition=edition).first()
    assert invitation is not None and tokens
    services.invitation_complete(invitation=invitation)
    fieldwork = fieldwork_services.fieldwork_for_edition(edition=edition)
    rows = [UnitRow(email=f"e{n}@x.no", name="", language="nb", background={}) for n in range(3)]
    fieldwork_services.units_add(fieldwork=fieldwork, rows=rows, central=False)
    kept = _edition(edition.organisation, "Beholdes")
    services.invitations_create(edition=kept, background={"sektor": 1}, count=1)
    responses_before = Response.objects.count()

    url = _url("edition_delete", edition)
    page = _text(analyst.get(url))
    facts = re.search(r'<dl class="samson-facts">(.*?)</dl>', page)
    assert facts is not None
    assert facts[1] == (
        "<dt>Enheter som har svart</dt><dd>3</dd>"
        "<dt>Importerte filer</dt><dd>1</dd>"
        "<dt>Celler i populasjonsrammen</dt><dd>1</dd>"
        "<dt>Invitasjonslenker (med svar)</dt><dd>2 (1)</dd>"
        "<dt>Personer på invitasjonslisten</dt><dd>3</dd>"
    )
    assert "Utgaven har invitasjoner: invitasjonslenkene slutter å virke" in page
    assert Edition.objects.filter(pk=edition.pk).exists()

    done = analyst.post(url)
    assert done.status_code == 302 and done["Location"] == reverse("barometer:list")
    assert list(Edition.objects.values_list("title", flat=True)) == ["Beholdes"]
    assert not Respondent.objects.exists() and not DataImport.objects.exists()
    assert not PopulationCell.objects.exists() and not PendingImport.objects.exists()
    assert Invitation.objects.count() == 1  # the kept edition's
    assert Response.objects.count() == responses_before - 2
    assert not Fieldwork.objects.exists() and not Invitee.objects.exists()
    entry = AuditEntry.objects.get(action="barometer.edition_delete")
    assert entry.object_id == str(edition.pk)
    assert entry.details == {
        "respondents": 3,
        "imports": 1,
        "invitations": 2,
        "answered": 1,
        "invitees": 3,
        "cells": 1,
    }
    assert "Utgaven Test (2025) ble slettet." in _text(analyst.get(reverse("barometer:list")))
    assert analyst.post(url).status_code == 404
    assert AuditEntry.objects.filter(action="barometer.edition_delete").count() == 1


def test_an_edition_without_invitations_says_nothing_of_them(
    edition: Edition, analyst: Client
) -> None:
    page = _text(analyst.get(_url("edition_delete", edition)))
    assert "Utgaven slettes med alt som er i den. Dette kan ikke angres." in page
    assert "Utgaven har invitasjoner" not in page


def test_another_organisation_and_anonymous_delete_no_edition(
    edition: Edition, analyst: Client, outsider: Client
) -> None:
    url = _url("edition_delete", edition)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url).status_code == 404
    facilitator = User.objects.create_user(username="f@x.no", email="f@x.no", password="x")
    Membership.objects.create(
        user=facilitator, organisation=edition.organisation, role=Membership.Role.FACILITATOR
    )
    client = Client()
    client.force_login(facilitator)
    assert client.post(url).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "/konto/logg-inn/" in anonymous["Location"]
    assert analyst.delete(url).status_code == 405
    assert Edition.objects.filter(pk=edition.pk).exists()
    assert not AuditEntry.objects.filter(action="barometer.edition_delete").exists()


def test_an_administrator_deletes_any_edition(edition: Edition) -> None:
    admin = User.objects.create_superuser("root", "r@x.no", "x")
    client = Client()
    client.force_login(admin)
    assert client.post(_url("edition_delete", edition)).status_code == 302
    assert not Edition.objects.exists()
    assert AuditEntry.objects.get(action="barometer.edition_delete").actor == admin
