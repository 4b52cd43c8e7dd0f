"""Hostile uploads on the barometer's import pages answer a translated 400 or 422 quickly and
store nothing; abandoned uploads are pruned; the commands say it in one line (issue 13)."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services
from samson.barometer.models import Edition, PendingImport
from samson.surveystats.io import ReadLimits
from samson.surveystats.tests import hostile

pytestmark = pytest.mark.django_db

CSV_OK = b"landsdel,sektor,B1_PRODUKT\n1,1,1\n2,2,0\n"


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    return services.edition_create(
        organisation=organisation, user=None, year=2025, title="Test", sectors=[1, 2]
    )


@pytest.fixture
def analyst(edition: Edition) -> Client:
    user = User.objects.create_user(username="a@x.no", email="a@x.no", password="x")
    Membership.objects.create(
        user=user, organisation=edition.organisation, role=Membership.Role.ANALYST
    )
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, edition: Edition, content: bytes, name: str) -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    url = reverse("barometer:import", kwargs={"pk": edition.pk})
    return client.post(url, {"file": upload})


def _refused(client: Client, edition: Edition, content: bytes, name: str) -> str:
    started = time.perf_counter()
    response = _upload(client, edition, content, name)
    assert time.perf_counter() - started < 2.0
    assert response.status_code == 422
    assert not edition.pending_imports.exists()
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("data.csv", "Filen er ikke en CSV-fil med UTF-8-tekst, eller den er skadet."),
        ("data.xlsx", "Filen er ikke en Excel-arbeidsbok (.xlsx), eller den er skadet."),
        ("data.sav", "Filen er ikke en SPSS-datafil (.sav), eller den er skadet."),
    ],
)
def test_random_bytes_answer_422_with_a_translated_reason(
    edition: Edition, analyst: Client, name: str, message: str
) -> None:
    assert message in _refused(analyst, edition, hostile.random_bytes(), name)


def test_the_reason_is_in_the_readers_language(edition: Edition, analyst: Client) -> None:
    analyst.cookies["django_language"] = "nn"
    page = _refused(analyst, edition, hostile.random_bytes(), "data.sav")
    assert "Fila er ikkje ei SPSS-datafil (.sav), eller ho er skadd." in page


def test_an_xlsx_bomb_is_refused_in_well_under_a_second(edition: Edition, analyst: Client) -> None:
    bomb = hostile.xlsx_bomb()
    started = time.perf_counter()
    response = _upload(analyst, edition, bomb, "bomb.xlsx")
    assert time.perf_counter() - started < 0.5
    assert response.status_code == 422
    assert (
        "Excel-filen pakkes ut til mer enn 12 MB, mer enn som trygt kan leses. Lagre dataene "
        "som CSV og last opp den."
    ) in response.content.decode()
    assert not PendingImport.objects.exists()


def test_too_many_values_names_the_limit(
    edition: Edition, analyst: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "UPLOAD_LIMITS", ReadLimits(max_values=10_000))
    content = b"a,b\n" + b"1,2\n" * 5_001
    page = _refused(analyst, edition, content, "big.csv")
    assert "Filen har mer enn 10\xa0000 verdier (rader ganger kolonner)" in page


def test_a_duplicate_header_is_named(edition: Edition, analyst: Client) -> None:
    page = _refused(analyst, edition, b"sektor,sektor\n1,1\n", "data.csv")
    assert "Kolonnen sektor står mer enn én gang i overskriftslinjen." in page


def test_no_file_or_a_wrong_type_is_400(edition: Edition, analyst: Client) -> None:
    url = reverse("barometer:import", kwargs={"pk": edition.pk})
    assert analyst.post(url, {}).status_code == 400
    assert _upload(analyst, edition, b"MZ", "program.exe").status_code == 400
    assert _upload(analyst, edition, CSV_OK, "data.csv").status_code == 302


def test_a_stored_upload_that_no_longer_reads_is_422_not_500(
    edition: Edition, analyst: Client
) -> None:
    # Stored before this version's checks: the mapping step reads it again.
    pending = PendingImport.objects.create(
        edition=edition, filename="old.xlsx", content=hostile.random_bytes(), columns=["sektor"]
    )
    url = reverse("barometer:import_map", kwargs={"pk": edition.pk, "pending_pk": pending.pk})
    response = analyst.post(url, {"sektor": "sektor"})
    assert response.status_code == 422
    assert "Filen er ikke en Excel-arbeidsbok (.xlsx), eller den er skadet." in (
        response.content.decode()
    )


def test_a_new_upload_prunes_uploads_abandoned_for_a_day(edition: Edition, analyst: Client) -> None:
    old = services.import_upload(edition=edition, filename="old.csv", content=CSV_OK)
    recent = services.import_upload(edition=edition, filename="recent.csv", content=CSV_OK)
    now = timezone.now()
    PendingImport.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(hours=25))
    PendingImport.objects.filter(pk=recent.pk).update(created_at=now - dt.timedelta(hours=23))
    assert _upload(analyst, edition, CSV_OK, "new.csv").status_code == 302
    assert sorted(PendingImport.objects.values_list("filename", flat=True)) == [
        "new.csv",
        "recent.csv",
    ]
    # Even a refused upload prunes.
    PendingImport.objects.filter(filename="recent.csv").update(
        created_at=now - dt.timedelta(days=2)
    )
    assert _upload(analyst, edition, hostile.random_bytes(), "x.sav").status_code == 422
    assert list(PendingImport.objects.values_list("filename", flat=True)) == ["new.csv"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("d.xlsx", "d.xlsx is not an Excel workbook (.xlsx)"),
        ("d.sav", "d.sav is not an SPSS data file (.sav)"),
        ("d.csv", "d.csv is not UTF-8 text (byte 5)"),
    ],
)
def test_stats_estimate_says_it_in_one_line(tmp_path: Path, name: str, message: str) -> None:
    path = hostile.write(tmp_path / name, hostile.random_bytes())
    with pytest.raises(CommandError) as raised:
        call_command("stats", "estimate", "--data", str(path), "--var", "x")
    assert str(raised.value) == message


def test_stats_estimate_refuses_the_bomb(tmp_path: Path) -> None:
    path = hostile.write(tmp_path / "bomb.xlsx", hostile.xlsx_bomb())
    with pytest.raises(CommandError, match=r"^bomb.xlsx unpacks to 1052 MB; at most 12 MB"):
        call_command("stats", "estimate", "--data", str(path), "--var", "x")
