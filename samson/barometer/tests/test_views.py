"""The barometer pages: permissions, frames, imports, invitations, Innovasjonstesten, exports."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.barometer import services
from samson.barometer.models import Edition, InnovationTestSubmission, Invitation, Respondent

pytestmark = pytest.mark.django_db

NO = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
CSV_OK = (
    "enhet,landsdel,B1_PRODUKT,B1_TJENESTE,B1_PROSESS,B1_KOMMUNIKASJON,sektor,storrelse\n"
    "11,1,1,0,0,0,1,1\n11,1,0,0,0,0,1,1\n11,1,1,0,0,0,1,1\n"
    "21,1,1,0,0,0,2,1\n21,1,0,0,0,0,2,1\n21,1,0,0,0,0,2,1\n"
)


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2025, title="Test", sectors=[1, 2]
    )
    # The hand-computed weights of six units in cells of three: no municipalities, no
    # collapsing of cells.
    edition.design_cluster, edition.collapse_below = "", 1
    edition.save(update_fields=["design_cluster", "collapse_below"])
    return edition


def _user(name: str, organisation: Organisation | None, role: str | None) -> User:
    user = User.objects.create_user(username=name, email=name, password="x")
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def analyst(edition: Edition) -> Client:
    return _client(_user("a@example.no", edition.organisation, Membership.Role.ANALYST))


def _upload(client: Client, edition: Edition, text: str, name: str = "data.csv") -> Any:
    upload = io.BytesIO(text.encode())
    upload.name = name
    return client.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})


def test_analyst_creates_an_edition(edition: Edition, analyst: Client) -> None:
    response = analyst.post(
        reverse("barometer:list"),
        {
            "organisation": edition.organisation.pk,
            "year": 2026,
            "title": "Barometer 2026",
            "population": "Alle enheter",
            "sectors": ["1", "3"],
        },
    )
    created = Edition.objects.get(title="Barometer 2026")
    assert response.status_code == 302 and created.sectors == [1, 3]
    assert created.instrument_version.key == "barometer-enhet"


def test_frame_entered_as_csv(edition: Edition, analyst: Client) -> None:
    url = reverse("barometer:frame", kwargs={"pk": edition.pk})
    bad = analyst.post(url, {"text": "enhetstype,count\n11,100\n99,5\n"})
    assert "Linje 3, kolonne enhetstype: ikke en gyldig verdi." in bad.content.decode()
    assert not edition.population_cells.exists()
    analyst.post(url, {"text": "enhetstype;count\n11;100\n21;300\n"})
    cells = [(c.values, c.count) for c in edition.population_cells.all()]
    assert cells == [({"enhetstype": 11}, 100), ({"enhetstype": 21}, 300)]


def test_import_with_mapping_is_all_or_nothing_and_weighted(
    edition: Edition, analyst: Client
) -> None:
    services.frame_replace(
        edition=edition, cells=[({"enhetstype": 11}, 100), ({"enhetstype": 21}, 300)]
    )
    bad = CSV_OK.replace("21,1,0,0,0,0,2,1\n21,1,0", "21,1,7,0,0,0,2,1\n21,1,0", 1)
    response = _upload(analyst, edition, bad)
    map_url = response["Location"]
    page = analyst.get(map_url).content.decode()
    assert "Kolonner uten navn fra kodeboken: enhet" in page
    mapping = {"enhetstype": "enhet", "landsdel": "landsdel", "sektor": "sektor"}
    mapping |= {"storrelse": "storrelse", **{k: k for k in NO}}
    mapping |= {"import_key": "ingen"}  # two units answered alike, and the file has no id
    rejected = analyst.post(map_url, mapping)
    assert rejected.status_code == 422
    text = rejected.content.decode()
    assert "Ingenting ble importert: 1 verdier feilet." in text
    assert re.search(r"<td>row 6</td><td>B1_PRODUKT</td><td>7</td>", text)
    assert not Respondent.objects.exists()
    # The corrected file imports whole.
    map_url = _upload(analyst, edition, CSV_OK)["Location"]
    assert analyst.post(map_url, mapping).status_code == 302
    assert Respondent.objects.filter(edition=edition).count() == 6
    page = analyst.get(reverse("barometer:estimates", kwargs={"pk": edition.pk})).content.decode()
    # (100 * 2/3 + 300 * 1/3) / 400 = 41.7 %
    assert "<td>41,7</td>" in page
    grouped = analyst.get(
        reverse("barometer:estimates", kwargs={"pk": edition.pk}), {"etter": "sektor"}
    ).content.decode()
    assert "Skjult: færre enn 5 svar" in grouped


def test_invitation_link_answers_once_and_resumes(edition: Edition, analyst: Client) -> None:
    analyst.post(
        reverse("barometer:invitations", kwargs={"pk": edition.pk}),
        {"sektor": 2, "enhetstype": 21, "landsdel": 3, "storrelse": 2, "count": 1},
    )
    invitation = Invitation.objects.get()
    assert invitation.background == {"sektor": 2, "enhetstype": 21, "landsdel": 3, "storrelse": 2}
    token, _ = services.invitations_create(edition=edition, background={"sektor": 1}, count=1)[0], 0
    unit = Client()
    first = unit.get(reverse("barometer:answer", kwargs={"token": token}))
    assert first["Location"] == reverse("barometer:answer_page", args=[token, 1])
    # No innovation: the pages for innovators are skipped.
    page1 = reverse("barometer:answer_page", args=[token, 1])
    after = unit.post(page1, {**{k: 0 for k in NO}, "action": "next"})
    assert after["Location"] == reverse("barometer:answer_page", args=[token, 2])
    # Resume goes to the page reached.
    assert unit.get(reverse("barometer:answer", args=[token]))["Location"].endswith("/side/2/")
    # Asking for a page the answers skip redirects to the next shown page.
    skipped = unit.get(reverse("barometer:answer_page", args=[token, 4]))
    assert skipped.status_code == 302
    # Answer every shown page to the end.
    location = after["Location"]
    for _step in range(20):
        response = unit.post(location, {"action": "next"})
        location = response["Location"]
        if location.endswith("/takk/"):
            break
    assert location == reverse("barometer:answer_done", args=[token])
    respondent = Respondent.objects.get(source=Respondent.Source.INVITATION)
    assert respondent.values["sektor"] == 1.0 and respondent.values["B1_PRODUKT"] == 0.0
    # The link answers once: every page now shows the thanks page and changes nothing.
    again = unit.post(page1, {**{k: 1 for k in NO}, "action": "next"})
    assert again["Location"] == reverse("barometer:answer_done", args=[token])
    respondent.refresh_from_db()
    assert respondent.values["B1_PRODUKT"] == 0.0
    assert Respondent.objects.filter(source=Respondent.Source.INVITATION).count() == 1


B5 = ("B5_LEDER", "B5_MEDARBEIDER", "B5_INNBYGGER", "B5_PRIVAT", "B5_POLITIKK")


def test_at_most_three_initiators_on_the_page(edition: Edition) -> None:
    token = services.invitations_create(edition=edition, background={"sektor": 1}, count=1)[0]
    unit = Client()
    unit.get(reverse("barometer:answer", kwargs={"token": token}))
    page1 = reverse("barometer:answer_page", args=[token, 1])
    assert unit.post(page1, {**NO, "B1_TJENESTE": 1, "action": "next"}).status_code == 302
    initiativ = reverse("barometer:answer_page", args=[token, 6])  # shown to innovators
    four = {name: 1 for name in B5[:4]}
    refused = unit.post(initiativ, {**four, "B5_POLITIKK": 0, "action": "next"})
    assert refused.status_code == 200
    assert "Velg «Ja» på høyst 3 av spørsmålene på denne siden." in refused.content.decode()
    invitation = Invitation.objects.get()
    assert not invitation.response.answers.filter(item_id__startswith="B5_").exists()
    three = {**four, "B5_PRIVAT": 0}
    assert unit.post(initiativ, {**three, "action": "next"}).status_code == 302
    stored = dict(invitation.response.answers.filter(item_id__in=B5).values_list("item_id", "code"))
    assert stored == {"B5_LEDER": 1, "B5_MEDARBEIDER": 1, "B5_INNBYGGER": 1, "B5_PRIVAT": 0}


def test_an_import_with_four_initiators_in_a_row_is_refused(
    edition: Edition, analyst: Client
) -> None:
    header = "enhetstype,landsdel,sektor,B1_TJENESTE," + ",".join(B5)
    text = f"{header}\n11,1,1,1,1,1,0,0,0\n11,1,1,1,1,1,1,1,0\n"
    map_url = _upload(analyst, edition, text)["Location"]
    mapping = {name: name for name in ("enhetstype", "landsdel", "sektor", "B1_TJENESTE", *B5)}
    rejected = analyst.post(map_url, mapping)
    assert rejected.status_code == 422
    page = rejected.content.decode()
    assert "Ingenting ble importert: 1 verdier feilet." in page
    assert (
        "<td>row 3</td><td>B5_LEDER, B5_MEDARBEIDER, B5_INNBYGGER, B5_PRIVAT</td><td>4</td>"
        "<td>for mange valgt: høyst 3 av disse kan være 1</td>"
    ) in re.sub(r">\s+<", "><", page)
    assert not Respondent.objects.exists()


def _test_answers(**extra: Any) -> dict[str, Any]:
    answers = {"sektor": 2, "storrelse": 3, **dict.fromkeys(NO, 1)}
    answers |= {"B13_SAMARBEID": 4, "B13_RISIKO": 2, "B13_IDEER": 3}
    return {**answers, **extra}


def test_innovation_test_stores_nothing_by_default(edition: Edition) -> None:
    services.synthetic_load(edition=edition, n=400)
    edition.published = True
    edition.save()
    before = Respondent.objects.count()
    client = Client()
    url = reverse("barometer:innovation_test")
    assert client.get(url).status_code == 200
    response = client.post(url, {"utgave": edition.pk, **_test_answers()})
    text = response.content.decode()
    assert "Ingenting ble lagret." in text
    assert Respondent.objects.count() == before
    # Ticking the box queues the answers for the analyst (test_innovation_queue.py); the
    # synthetic frame weights by unit type and region, so those are asked too.
    added = client.post(
        url, {"utgave": edition.pk, **_test_answers(add="on", enhetstype=21, landsdel=4)}
    )
    assert "Svarene dine ble sendt til utgaven uten navnet ditt." in added.content.decode()
    assert Respondent.objects.count() == before
    submission = InnovationTestSubmission.objects.get()
    assert (submission.edition, submission.state) == (edition, "pending")


@pytest.mark.slow  # every export of 400 synthetic respondents, .sav included
def test_exports_read_back(edition: Edition, analyst: Client, tmp_path: Any) -> None:
    import pyreadstat

    services.synthetic_load(edition=edition, n=400)
    xlsx = analyst.get(reverse("barometer:export", args=[edition.pk, "mikrodata", "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Mikrodata", "Kodebok", "Om filen"]
    header = [c.value for c in book["Mikrodata"][1]]
    assert header[0] == "synthetic" and header[-2:] == ["vekt", "analysevekt"]
    first = [c.value for c in book["Mikrodata"][2]]
    assert first[0] == 1 and isinstance(first[-1], int | float)
    assert book["Om filen"]["A1"].value == "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES"
    sav = analyst.get(reverse("barometer:export", args=[edition.pk, "mikrodata", "sav"]))
    path = tmp_path / "data.sav"
    path.write_bytes(sav.content)
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 400
    assert meta.variable_value_labels["B1_PRODUKT"][1.0] == "Ja"
    assert meta.column_names_to_labels["sektor"] == "Sektor"
    estimates = analyst.get(reverse("barometer:export", args=[edition.pk, "estimater", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(estimates.content))["Estimater"]
    row = [c.value for c in sheet[2]]
    assert row[0] == "I_INNOVATIV" and isinstance(row[3], float)
    assert row[3] == pytest.approx(0.74, abs=0.02)  # calibrated to KS 2020 (exact at larger n)
    csv_text = analyst.get(
        reverse("barometer:export", args=[edition.pk, "estimater", "csv"])
    ).content.decode()
    assert csv_text.startswith("indicator,breakdown,group,estimate,se,ci_low,ci_high,n,")


def test_demo_creates_a_labelled_synthetic_edition(instruments: None) -> None:
    from samson.barometer.demo import DEMO_TITLE, demo_edition_load

    assert demo_edition_load("pw") is True
    assert demo_edition_load("pw") is False
    edition = Edition.objects.get(title=DEMO_TITLE)
    assert edition.synthetic and edition.published and not edition.open
    assert edition.respondents.count() == services.SYNTHETIC_N
    client = _client(User.objects.get(username="analytiker@example.no"))
    page = client.get(reverse("barometer:estimates", kwargs={"pk": edition.pk})).content.decode()
    assert "Syntetiske data: alle svarene i denne utgaven er oppdiktet." in page


def test_the_header_links_to_the_barometer_only_for_those_who_use_it(edition: Edition) -> None:
    link = f'href="{reverse("barometer:list")}"'
    analyst = _client(_user("analytiker@example.no", edition.organisation, "analytiker"))
    facilitator = _client(_user("leder@example.no", edition.organisation, "prosessleder"))
    assert link in analyst.get(reverse("projects:list")).content.decode()
    assert link not in facilitator.get(reverse("projects:list")).content.decode()


def test_uploads_are_limited_in_size_and_type(
    edition: Edition, analyst: Client, settings: Any
) -> None:
    settings.SAMSON_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = _upload(analyst, edition, "a,b\n" + "1,2\n" * 600_000)
    assert "Filen er for stor: høyst 2 MB." in big.content.decode()
    wrong = _upload(analyst, edition, "MZ", name="program.exe")
    assert "Filen må være av en av disse typene: .csv, .txt, .xlsx, .sav." in (
        wrong.content.decode()
    )
    assert not edition.pending_imports.exists()
