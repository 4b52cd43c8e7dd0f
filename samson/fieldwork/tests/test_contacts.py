"""Importing a contact list: all rows or none, every problem named by row and column."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samson.fieldwork.models import Invitee

from .helpers import import_contacts, problems

pytestmark = pytest.mark.django_db


def test_a_list_with_problems_adds_nobody_and_names_each_problem(facilitator, world):
    round = world["round_a"]
    reply = import_contacts(
        facilitator,
        round,
        [
            "ada@example.no,Ada,kommunen,nb",
            "ikke-en-adresse,Bo,innbyggere,nb",
            "ADA@example.no,Ada igjen,innbyggere,nb",
            "cia@example.no,Cia,naboene,nb",
            "dag@example.no,Dag,kommunen,svensk",
        ],
    )
    assert reply.status_code == 400
    assert Invitee.objects.count() == 0
    assert "Nothing was added" not in reply.content.decode()  # in bokmål
    assert (
        "Ingenting ble lagt til: lista har 4 problemer, listet nedenfor." in reply.content.decode()
    )
    parties = ", ".join(p.name for p in round.project.parties.all())
    assert problems(reply) == [
        "3 | e-post | «ikke-en-adresse» er ikke en gyldig e-postadresse.",
        "4 | e-post | ADA@example.no står allerede på rad 2.",
        f"5 | part | «naboene» er ikke en part i dette prosjektet ({parties}).",
        "6 | språk | «svensk» er ikke et språk vi skriver på (nb, nn eller en).",
    ]


def test_a_good_list_is_added_whole_and_an_address_only_once(facilitator, world):
    round = world["round_a"]
    reply = import_contacts(
        facilitator, round, ["ada@example.no,Ada,kommunen,nb", "bo@example.no,,innbyggere,"]
    )
    assert reply.status_code == 302
    assert list(Invitee.objects.values_list("email", "party__preset", "language")) == [
        ("ada@example.no", "kommunen", "nb"),
        ("bo@example.no", "innbyggere", "nb"),
    ]
    again = import_contacts(facilitator, round, ["Ada@Example.no,Ada,kommunen,nb"])
    assert again.status_code == 400
    assert problems(again) == ["2 | e-post | Ada@Example.no står allerede på kontaktlista."]
    assert Invitee.objects.count() == 2


def test_an_excel_list_with_party_names_is_read(facilitator, world):
    round = world["round_a"]
    names = [p.name for p in round.project.parties.all()]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["E-post", "Navn", "Part"])
    sheet.append(["ada@example.no", "Ada", names[0]])
    sheet.append(["bo@example.no", "Bo", names[1].upper()])
    content = io.BytesIO()
    workbook.save(content)
    upload = SimpleUploadedFile("liste.xlsx", content.getvalue())
    url = reverse("fieldwork:contacts", kwargs={"pk": round.project_id, "round_pk": round.pk})
    assert facilitator.post(url, {"file": upload}).status_code == 302
    assert list(Invitee.objects.values_list("name", "party__name")) == [
        ("Ada", names[0]),
        ("Bo", names[1]),
    ]


def test_a_list_without_the_needed_columns_or_of_another_type_is_refused(facilitator, world):
    round = world["round_a"]
    url = reverse("fieldwork:contacts", kwargs={"pk": round.project_id, "round_pk": round.pk})
    reply = facilitator.post(
        url, {"file": SimpleUploadedFile("a.csv", b"adresse,gruppe\nada@example.no,x\n")}
    )
    assert problems(reply) == [
        "1 | e-post | Lista må ha en kolonne som heter «e-post» (eller «email»).",
        "1 | part | Lista må ha en kolonne som heter «part» (eller «party»).",
    ]
    reply = facilitator.post(url, {"file": SimpleUploadedFile("a.sav", b"$FL2")})
    assert reply.status_code == 400
    assert "Kontaktlista må være en CSV- eller Excel-fil (.xlsx)." in reply.content.decode()
    reply = facilitator.post(url, {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
    assert reply.status_code == 400
    assert "Fila kunne ikke leses som en CSV- eller Excel-tabell." in reply.content.decode()
    assert Invitee.objects.count() == 0
