"""The chief-executive survey (barometer-leder) end to end: the edition, its frame from the
organisation list, imports with the up-to-three rule, estimates, the API, exports and report."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.services import organisations_import
from samson.api.services import token_create
from samson.barometer import services
from samson.barometer.models import Edition, Respondent
from samson.innovation import leder
from samson.instruments.selectors import instrument_spec, instrument_version_get

pytestmark = pytest.mark.django_db

CSV = (
    "organtype,L1_STRATEGI,L3_STILLING_SENTRAL,L5_OKONOMI,L5_KVALITET,L5_DEMOGRAFI,L5_POLITIKK\n"
    "1,1,1,1,1,0,0\n"
    "1,2,0,1,0,0,0\n"
    "1,4,9,0,1,1,0\n"
    "2,1,1,1,1,1,0\n"
    "2,3,0,0,0,0,0\n"
    "2,9,1,0,0,0,1\n"
)
COLUMNS = CSV.splitlines()[0].split(",")


def _user(name: str, organisation: Organisation) -> User:
    user = User.objects.create_user(username=name, email=name, password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ANALYST)
    return user


@pytest.fixture
def home(instruments: None) -> Organisation:
    return Organisation.objects.create(name="KS-analyse", kind="annen")


@pytest.fixture
def user(home: Organisation) -> User:
    return _user("a@example.no", home)


@pytest.fixture
def analyst(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def edition(home: Organisation) -> Edition:
    edition = services.edition_create(
        organisation=home, user=None, year=2026, title="Ledere", instrument_key="barometer-leder"
    )
    # Six hand-computed units in two cells: no collapsing.
    edition.collapse_below = 1
    edition.save(update_fields=["collapse_below"])
    return edition


def _upload(client: Client, edition: Edition, text: str) -> str:
    upload = io.BytesIO(text.encode())
    upload.name = "ledere.csv"
    response = client.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})
    assert response.status_code == 302
    return str(response["Location"])


def _imported(client: Client, edition: Edition) -> None:
    services.frame_replace(edition=edition, cells=[({"organtype": 1}, 300), ({"organtype": 2}, 10)])
    map_url = _upload(client, edition, CSV)
    mapping = {name: name for name in COLUMNS} | {"import_key": "ingen"}
    assert client.post(map_url, mapping).status_code == 302


# ----------------------------------------------------------------------------- the pure module


def test_indicators_treat_dont_know_and_not_relevant_as_missing() -> None:
    nan = np.nan
    out = leder.derive(
        {
            "L1_STRATEGI": np.array([1, 2, 3, 4, 9]),
            "L2_INNSATS": np.array([nan, nan, 1, 9, nan]),
            "L5_OKONOMI": np.array([1, 0, 9, 8, nan]),
            "L7_TID": np.array([6, 1, 3, 8, 9]),
        }
    )
    assert list(out) == [i.name for i in leder.INDICATORS]
    np.testing.assert_array_equal(out["I_L1_STRATEGI_1"], [1, 0, 0, 0, nan])
    np.testing.assert_array_equal(out["I_L1_STRATEGI_4"], [0, 0, 0, 1, nan])
    np.testing.assert_array_equal(out["I_L1_VEDTATT"], [1, 1, 0, 0, nan])
    # Asked only without an adopted strategy; 9 is missing there too.
    np.testing.assert_array_equal(out["I_L2_INNSATS"], [nan, nan, 1, nan, nan])
    np.testing.assert_array_equal(out["I_L5_OKONOMI"], [1, 0, nan, nan, nan])
    np.testing.assert_array_equal(out["I_L7_TID_FREMMER"], [1, 0, 0, nan, nan])
    np.testing.assert_array_equal(out["I_L7_TID_HEMMER"], [0, 1, 0, nan, nan])
    # A column the data lack is not asked: all missing.
    assert np.isnan(out["I_L6_KS"]).all()


def test_the_kind_of_organisation_falls_back_on_the_answer() -> None:
    nan = np.nan
    kind = leder.organ_type(
        {"organtype": np.array([1, nan, nan, nan]), "L8_ORGAN": np.array([2, 2, 9, nan])}
    )
    assert kind is not None
    np.testing.assert_array_equal(kind, [1, 2, nan, nan])
    assert leder.organ_type({"L1_STRATEGI": np.array([1])}) is None


def test_every_indicator_reads_an_item_of_the_instrument(instruments: None) -> None:
    instrument = instrument_spec(instrument_version_get(key="barometer-leder"))
    for indicator in leder.INDICATORS:
        assert instrument.has_item(indicator.definition.split()[0]), indicator.name
    # The L5 page says "choose up to three".
    limits = [page.limit for page in instrument.pages if page.limit is not None]
    assert [(limit.code, limit.at_most) for limit in limits] == [(1, 3)]


def test_the_module_is_pure() -> None:
    source = Path(leder.__file__).read_text("utf-8")
    assert "django" not in source


# ----------------------------------------------------------------------------- the edition


def test_an_analyst_creates_a_chief_executive_edition(home: Organisation, analyst: Client) -> None:
    response = analyst.post(
        reverse("barometer:list"),
        {
            "organisation": home.pk,
            "year": 2026,
            "title": "Ledere 2026",
            "survey": "barometer-leder",
        },
    )
    created = Edition.objects.get(title="Ledere 2026")
    assert response.status_code == 302
    assert created.instrument_version.key == "barometer-leder" and created.sectors == []
    assert created.design_cluster == ""  # one organisation per answer: no clusters
    page = analyst.get(reverse("barometer:edition", kwargs={"pk": created.pk})).content.decode()
    assert "Undersøkelse: kommunedirektører og fylkeskommunedirektører (barometer-leder)." in page
    assert "Last inn syntetiske data" not in page  # the synthetic dataset is of units
    listing = analyst.get(reverse("barometer:list")).content.decode()
    assert "Ledere 2026 (2026)</a> – KS-analyse – kommunedirektører" in listing


def test_the_unit_survey_still_needs_sectors_and_a_crafted_survey_is_refused(
    home: Organisation, analyst: Client
) -> None:
    base = {"organisation": home.pk, "year": 2026, "title": "Enheter"}
    missing = analyst.post(reverse("barometer:list"), {**base, "survey": "barometer-enhet"})
    assert missing.status_code == 200 and "Dette feltet er påkrevd." in missing.content.decode()
    crafted = analyst.post(reverse("barometer:list"), {**base, "survey": "samson-kort"})
    assert crafted.status_code == 200
    assert not Edition.objects.filter(title="Enheter").exists()
    with pytest.raises(ValueError):
        services.edition_create(
            organisation=home, user=None, year=2026, title="x", instrument_key="samson-kort"
        )


def test_a_unit_edition_is_unchanged(home: Organisation, analyst: Client, user: User) -> None:
    analyst.post(
        reverse("barometer:list"),
        {"organisation": home.pk, "year": 2026, "title": "Enheter", "sectors": ["1"]},
    )
    unit = Edition.objects.get(title="Enheter")
    assert unit.instrument_version.key == "barometer-enhet" and unit.sectors == [1]
    assert unit.design_cluster == "kommunenr"
    services.synthetic_load(edition=unit, n=300)
    page = analyst.get(reverse("barometer:estimates", kwargs={"pk": unit.pk})).content.decode()
    assert 'value="innovasjon" selected' in page and "I_L1_VEDTATT" not in page
    csv_rows = _export(analyst, unit, "estimater", "csv").decode().splitlines()
    assert {row.split(",")[0] for row in csv_rows[1:]} >= {"I_INNOVATIV", "I_KULTUR_TID"}
    assert not any(row.startswith("I_L") for row in csv_rows[1:])
    frame = analyst.post(reverse("barometer:frame_organisations", kwargs={"pk": unit.pk}))
    assert frame.status_code == 404
    assert _listed(user) == [(unit.pk, "barometer-enhet")]


# ----------------------------------------------------------------------------- the frame


def _organisations() -> None:
    def org(name: str, kind: str, number: str, version: str, landsdel: str) -> None:
        Organisation.objects.create(
            name=name,
            kind=kind,
            municipality_number=number,
            code_list_version=version,
            landsdel=landsdel,
        )

    org("Bergen", "kommune", "4601", "2024", "Vestlandet")
    org("Stord", "kommune", "4614", "2024", "Vestlandet")
    org("Hamar", "kommune", "3403", "2024", "Innlandet")
    org("Gamle Hamar", "kommune", "0403", "2020", "Innlandet")  # an older code list
    org("Arendal kommune", "kommune", "", "", "")  # an analyst's own, not from the list
    org("Vestland fylkeskommune", "fylkeskommune", "", "", "Vestlandet")
    org("Troms fylkeskommune", "fylkeskommune", "", "", "Nord-Norge")


def test_frame_from_the_organisation_list(edition: Edition, analyst: Client) -> None:
    _organisations()
    url = reverse("barometer:frame_organisations", kwargs={"pk": edition.pk})
    version = edition.data_version
    assert analyst.post(url, {"by_region": "on"}).status_code == 302
    cells = [(c.values, c.count) for c in edition.population_cells.order_by("pk")]
    assert cells == [
        ({"organtype": 1, "landsdel": 2}, 1),
        ({"organtype": 1, "landsdel": 4}, 2),
        ({"organtype": 2, "landsdel": 4}, 1),
        ({"organtype": 2, "landsdel": 6}, 1),
    ]
    edition.refresh_from_db()
    assert edition.data_version == version + 1  # cached estimates are not used again
    assert analyst.post(url, {}).status_code == 302
    cells = [(c.values, c.count) for c in edition.population_cells.order_by("pk")]
    assert cells == [({"organtype": 1}, 3), ({"organtype": 2}, 2)]
    page = analyst.get(reverse("barometer:frame", kwargs={"pk": edition.pk})).content.decode()
    assert "Ramme fra organisasjonslisten" in page and "Enheter i populasjonen: 5" in page


def test_frame_from_the_imported_list_has_the_county_authorities(
    edition: Edition, analyst: Client
) -> None:
    organisations_import()
    # Hand-made ones are left out once the list is loaded: no county counts twice.
    Organisation.objects.create(name="Vestland fylkeskommune", kind="fylkeskommune")
    Organisation.objects.create(name="Arendal kommune", kind="kommune")
    url = reverse("barometer:frame_organisations", kwargs={"pk": edition.pk})
    assert analyst.post(url, {}).status_code == 302
    cells = [(c.values, c.count) for c in edition.population_cells.order_by("pk")]
    # 357 municipalities; 15 counties, of which Oslo is the municipality 0301: 14.
    assert cells == [({"organtype": 1}, 357), ({"organtype": 2}, 14)]
    assert analyst.post(url, {"by_region": "on"}).status_code == 302
    cells = [(c.values, c.count) for c in edition.population_cells.order_by("pk")]
    assert cells == [
        ({"organtype": 1, "landsdel": 1}, 52),
        ({"organtype": 1, "landsdel": 2}, 46),
        ({"organtype": 1, "landsdel": 3}, 48),
        ({"organtype": 1, "landsdel": 4}, 93),
        ({"organtype": 1, "landsdel": 5}, 38),
        ({"organtype": 1, "landsdel": 6}, 80),
        ({"organtype": 2, "landsdel": 1}, 3),
        ({"organtype": 2, "landsdel": 2}, 1),
        ({"organtype": 2, "landsdel": 3}, 3),
        ({"organtype": 2, "landsdel": 4}, 3),
        ({"organtype": 2, "landsdel": 5}, 1),
        ({"organtype": 2, "landsdel": 6}, 3),
    ]
    page = analyst.get(reverse("barometer:frame", kwargs={"pk": edition.pk})).content.decode()
    assert "Enheter i populasjonen: 371" in page


def test_frame_from_the_list_refuses_what_it_cannot_count(
    edition: Edition, analyst: Client
) -> None:
    url = reverse("barometer:frame_organisations", kwargs={"pk": edition.pk})
    empty = analyst.post(url, {})
    assert "Organisasjonslisten har ingen kommuner eller fylkeskommuner." in empty.content.decode()
    Organisation.objects.create(name="Nordfylket", kind="fylkeskommune", landsdel="Atlantis")
    unknown = analyst.post(url, {"by_region": "on"})
    assert "Nordfylket har ingen kjent landsdel i organisasjonslisten." in unknown.content.decode()
    assert not edition.population_cells.exists()
    assert analyst.get(url).status_code == 405


def test_another_organisation_cannot_frame_the_edition(edition: Edition) -> None:
    _organisations()
    other = Client()
    other.force_login(_user("b@example.no", Organisation.objects.create(name="Andre")))
    url = reverse("barometer:frame_organisations", kwargs={"pk": edition.pk})
    assert other.post(url, {}).status_code == 404
    assert not edition.population_cells.exists()


# ----------------------------------------------------------------------------- import


def test_the_mapping_offers_the_leader_codebook(edition: Edition, analyst: Client) -> None:
    page = analyst.get(_upload(analyst, edition, CSV)).content.decode()
    for name in ("organtype", "L1_STRATEGI", "L8_ORGAN", "L7_KULTUR"):
        assert f'name="{name}"' in page
    assert 'name="B1_PRODUKT"' not in page


def test_an_import_with_four_reasons_in_a_row_is_refused(edition: Edition, analyst: Client) -> None:
    text = CSV.replace("2,9,1,0,0,0,1", "2,9,1,1,1,1,1")
    map_url = _upload(analyst, edition, text)
    mapping = {name: name for name in COLUMNS} | {"import_key": "ingen"}
    rejected = analyst.post(map_url, mapping)
    assert rejected.status_code == 422
    page = re.sub(r">\s+<", "><", rejected.content.decode())
    assert "Ingenting ble importert: 1 verdier feilet." in page
    assert (
        "<td>row 7</td><td>L5_OKONOMI, L5_KVALITET, L5_DEMOGRAFI, L5_POLITIKK</td><td>4</td>"
        "<td>for mange valgt: høyst 3 av disse kan være 1</td>"
    ) in page
    assert not Respondent.objects.exists()


def test_import_estimates_and_api(edition: Edition, analyst: Client, user: User) -> None:
    _imported(analyst, edition)
    assert Respondent.objects.filter(edition=edition).count() == 6
    stored = Respondent.objects.filter(edition=edition).order_by("pk").first()
    assert stored is not None
    assert stored.values == {
        "organtype": 1,
        "L1_STRATEGI": 1,
        "L3_STILLING_SENTRAL": 1,
        "L5_OKONOMI": 1,
        "L5_KVALITET": 1,
        "L5_DEMOGRAFI": 0,
        "L5_POLITIKK": 0,
    } | {key: value for key, value in stored.values.items() if key not in COLUMNS}
    url = reverse("barometer:estimates", kwargs={"pk": edition.pk})
    page = analyst.get(url).content.decode()
    # Weights 100 (300 municipalities, 3 answered) and 10/3 (10 counties, 3 answered); the
    # municipality answering 9 is missing, not "no":
    # (100 * 1 + 10/3 * 2) / (100 * 2 + 10/3 * 3) = 106.67 / 210 = 50.8 %.
    assert "Har dere sentralt én eller flere medarbeidere" in page
    assert "<td>50,8</td>" in page
    assert 'value="strategi" selected' in page
    # Adopted strategy: (100 * 2 + 10/3 * 1) / (100 * 3 + 10/3 * 2) = 66.3 %.
    assert "<td>66,3</td>" in page
    reasons = analyst.get(url, {"tema": "grunner"}).content.decode()
    assert "Grunn: Stram økonomi" in reasons
    assert 'value="organtype"' in page  # the kind of organisation is a breakdown
    body = _api(user, f"/api/v1/barometer/editions/{edition.pk}/estimates/")
    overall = {r["indicator"]: r for r in body["estimates"] if r["group"] is None}
    assert overall["I_L3_STILLING_SENTRAL"]["estimate"] == pytest.approx((100 + 20 / 3) / 210)
    assert overall["I_L1_VEDTATT"]["estimate"] == pytest.approx((200 + 10 / 3) / (300 + 20 / 3))
    assert "I_INNOVATIV" not in overall
    assert _listed(user) == [(edition.pk, "barometer-leder")]


def _listed(user: User) -> list[tuple[int, str]]:
    """The API's editions: (id, instrument) of each."""
    editions = _api(user, "/api/v1/barometer/editions/")
    listed = editions["results"] if isinstance(editions, dict) else editions
    return [(e["id"], e["instrument"]) for e in listed]


def _api(user: User, path: str) -> Any:
    _token, key = token_create(user=user, name=f"test-{path}")
    reply = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert reply.status_code == 200, reply.content
    return reply.json()


# ----------------------------------------------------------------------------- exports, report


def _export(client: Client, edition: Edition, what: str, fmt: str) -> bytes:
    url = reverse("barometer:export", kwargs={"pk": edition.pk, "what": what, "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_every_export_and_the_report_work_for_a_leader_edition(
    edition: Edition, analyst: Client
) -> None:
    _imported(analyst, edition)
    header = next(csv.reader(io.StringIO(_export(analyst, edition, "mikrodata", "csv").decode())))
    assert header == [*COLUMNS, "vekt", "analysevekt"]
    rows = list(csv.reader(io.StringIO(_export(analyst, edition, "estimater", "csv").decode())))
    names = {row[0] for row in rows[1:]}
    assert names == {i.name for i in leder.INDICATORS}
    overall = next(r for r in rows if r[0] == "I_L3_STILLING_SENTRAL" and r[1] == "")
    assert float(overall[3]) == pytest.approx((100 + 20 / 3) / 210)
    book = openpyxl.load_workbook(io.BytesIO(_export(analyst, edition, "mikrodata", "xlsx")))
    first = [cell.value for cell in book.worksheets[0][1]]
    assert first[:2] == ["organtype", "L1_STRATEGI"]
    codebook = [row[0].value for row in book.worksheets[1].iter_rows()]
    assert "I_L1_VEDTATT" in codebook and "I_INNOVATIV" not in codebook
    assert _export(analyst, edition, "mikrodata", "sav").startswith(b"$FL2")
    markdown = _export(analyst, edition, "kodebok", "md").decode()
    assert "`I_L1_VEDTATT`" in markdown and "`I_INNOVATIV`" not in markdown
    report = analyst.get(reverse("barometer_reports:report", kwargs={"pk": edition.pk}))
    assert report.status_code == 200
    text = report.content.decode()
    assert "Strategi og ressurser til innovasjon" in text and "<td>50,8</td>" in text
    package = analyst.get(reverse("barometer_reports:datapackage", kwargs={"pk": edition.pk}))
    assert package.status_code == 200


def test_compare_offers_only_editions_of_the_same_survey(
    edition: Edition, home: Organisation, analyst: Client
) -> None:
    unit = services.edition_create(
        organisation=home, user=None, year=2025, title="Enheter", sectors=[1]
    )
    other = services.edition_create(
        organisation=home,
        user=None,
        year=2024,
        title="Ledere 2024",
        instrument_key="barometer-leder",
    )
    page = analyst.get(reverse("barometer:compare", kwargs={"pk": edition.pk})).content.decode()
    assert "Ledere 2024" in page and "Enheter" not in page
    crafted = analyst.get(reverse("barometer:compare", kwargs={"pk": edition.pk}), {"med": unit.pk})
    assert crafted.status_code == 200 and crafted.context["other"] is None
    assert other.pk != unit.pk


# ----------------------------------------------------------------------------- invitation links

REASONS = ("L5_OKONOMI", "L5_KVALITET", "L5_DEMOGRAFI", "L5_POLITIKK")


def test_a_chief_executive_answers_through_a_link_with_up_to_three_reasons(
    edition: Edition, analyst: Client
) -> None:
    url = reverse("barometer:invitations", kwargs={"pk": edition.pk})
    form = analyst.get(url).content.decode()
    assert 'name="organtype"' in form and 'name="sektor"' not in form
    made = analyst.post(url, {"organtype": 2, "landsdel": 4, "storrelse": 1, "count": 1})
    assert made.status_code == 200
    invitation = edition.invitations.get()
    assert invitation.background == {"organtype": 2, "landsdel": 4, "storrelse": 1}
    token = services.invitations_create(
        edition=edition, background={"organtype": 1, "sektor": 3}, count=1
    )[0]
    person = Client()
    person.get(reverse("barometer:answer", kwargs={"token": token}))
    first = reverse("barometer:answer_page", args=[token, 1])
    # An adopted strategy: the page of focus areas (2) is skipped.
    after = person.post(first, {"L1_STRATEGI": 1, "action": "next"})
    assert after["Location"] == reverse("barometer:answer_page", args=[token, 3])
    reasons = reverse("barometer:answer_page", args=[token, 4])
    four = dict.fromkeys(REASONS, 1)
    refused = person.post(reasons, {**four, "action": "next"})
    assert refused.status_code == 200
    assert "Velg «Ja» på høyst 3 av spørsmålene på denne siden." in refused.content.decode()
    three = {**four, "L5_POLITIKK": 0}
    assert person.post(reasons, {**three, "action": "next"}).status_code == 302
    location = reverse("barometer:answer_page", args=[token, 5])
    for _step in range(10):
        location = person.post(location, {"action": "next"})["Location"]
        if location.endswith("/takk/"):
            break
    assert location == reverse("barometer:answer_done", args=[token])
    respondent = Respondent.objects.get(source=Respondent.Source.INVITATION)
    # The background given to the link: a unit survey's sector is not kept.
    assert respondent.values["organtype"] == 1.0 and "sektor" not in respondent.values
    assert respondent.values["L1_STRATEGI"] == 1.0
    assert [respondent.values[name] for name in REASONS] == [1.0, 1.0, 1.0, 0.0]
