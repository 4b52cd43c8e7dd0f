"""Contrasts between two groups, raking, the finite population correction and the comparison
of editions by domain, on the web page and in the API.

The data are R's own (samson/surveystats/tests/fixtures, made by make_cluster_fixtures.R):
331 unit leaders in 52 municipalities in four regions. The numbers are R's `svycontrast`
(cluster_contrasts.csv) and `svyciprop` (cluster_ciprop.csv) for the scenarios "cluster",
"cluster_strata_fpc" and "cluster_rake"."""

from __future__ import annotations

import csv
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client

from samson.accounts.models import Membership, Organisation, User
from samson.api.services import token_create
from samson.barometer import estimates, selectors, services
from samson.barometer.models import Edition, Respondent
from samson.innovation import codelists
from samson.surveystats import Design, Estimate, calibrate_linear, make_design, mean

R_FIXTURES = Path(__file__).parents[2] / "surveystats" / "tests" / "fixtures"

pytestmark = pytest.mark.django_db

SECTOR = {"Helse": 1, "Oppvekst": 2, "Kultur": 4, "Teknisk": 5}
REGION = {"ost": 1, "vest": 4, "midt": 5, "nord": 6}
SIZE = {"small": 1, "medium": 3, "large": 5}
TYPES = ("PRODUKT", "TJENESTE", "PROSESS", "KOMMUNIKASJON")


def read_csv(name: str) -> list[dict[str, str]]:
    with (R_FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _values(row: dict[str, str]) -> dict[str, Any]:
    innovative = row["innovative"]
    answers: dict[str, Any] = {f"B1_{t}": None for t in TYPES}
    if innovative not in ("", "NA"):
        answers = {f"B1_{t}": 0 for t in TYPES} | {"B1_PRODUKT": int(innovative)}
    return {
        "kommunenr": int(row["kommunenr"]),
        "sektor": SECTOR[row["sektor"]],
        "landsdel": REGION[row["region"]],
        "storrelse": SIZE[row["size"]],
        "vekt": float(row["w"]),
        **answers,
    }


def _edition(organisation: Organisation, title: str, year: int) -> Edition:
    edition = services.edition_create(
        organisation=organisation, user=None, year=year, title=title, sectors=[1, 2, 4, 5]
    )
    Respondent.objects.bulk_create(
        Respondent(edition=edition, source=Respondent.Source.IMPORT, values=_values(row))
        for row in read_csv("cluster_sample.csv")
    )
    return edition


@pytest.fixture
def edition(instruments: None) -> Edition:
    return _edition(Organisation.objects.create(name="Klyngeby"), "Klynger", 2025)


@pytest.fixture
def analyst(edition: Edition) -> User:
    user = User.objects.create_user(username="a@x.no", email="a@x.no", password="x")
    Membership.objects.create(
        user=user, organisation=edition.organisation, role=Membership.Role.ANALYST
    )
    return user


def _design(edition: Edition, **fields: Any) -> None:
    services.edition_design_save(
        edition=edition,
        user=None,
        **{
            "design_cluster": "kommunenr",
            "design_strata": "",
            "interval_method": "logit",
            "collapse_below": 5,
            **fields,
        },
    )


def _get(analyst: User, edition: Edition, query: str) -> Any:
    _token, key = token_create(user=analyst, name="test")
    return Client().get(
        f"/api/v1/barometer/editions/{edition.pk}/estimates/{query}",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def _r_contrasts(scenario: str) -> list[dict[str, str]]:
    return [
        r
        for r in read_csv("cluster_contrasts.csv")
        if (r["scenario"], r["var"], r["by"]) == (scenario, "innovative", "sektor")
    ]


def _check_contrasts(analyst: User, edition: Edition, scenario: str) -> None:
    for theirs in _r_contrasts(scenario):
        first, second = SECTOR[theirs["first"]], SECTOR[theirs["second"]]
        reply = _get(analyst, edition, f"?by=sektor&a={first}&b={second}")
        assert reply.status_code == 200
        [ours] = [c for c in reply.json()["contrasts"] if c["indicator"] == "I_INNOVATIV"]
        assert (ours["first"], ours["second"]) == (first, second)
        for name in ("estimate", "se", "ci_low", "ci_high", "p_value"):
            assert ours[name] == pytest.approx(float(theirs[name]), rel=1e-6), (scenario, name)
        assert ours["significant"] is (float(theirs["p_value"]) < 0.05)


def _check_shares(analyst: User, edition: Edition, scenario: str) -> dict[str, Any]:
    body = _get(analyst, edition, "?by=sektor").json()
    ours = {r["group"]: r for r in body["estimates"] if r["indicator"] == "I_INNOVATIV"}
    for group, label in [(None, ""), *[(code, f"sektor={name}") for name, code in SECTOR.items()]]:
        [theirs] = [
            r
            for r in read_csv("cluster_ciprop.csv")
            if (r["scenario"], r["var"], r["group"], r["method"])
            == (scenario, "innovative", label, "logit")
        ]
        for name in ("estimate", "se", "ci_low", "ci_high"):
            assert ours[group][name] == pytest.approx(float(theirs[name]), rel=1e-6), name
    return body


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ----------------------------------------------------------------------------- contrasts


def test_the_api_gives_rs_contrasts_between_two_sectors(edition, analyst):
    # Scenario "cluster": municipalities as primary units, no weights (vekt is ignored there:
    # remove it so every unit weighs 1).
    for respondent in edition.respondents.all():
        respondent.values.pop("vekt")
        respondent.save(update_fields=["values"])
    _check_contrasts(analyst, edition, "cluster")
    # No a and b: no contrasts.
    assert _get(analyst, edition, "?by=sektor").json()["contrasts"] == []


def test_the_page_shows_the_contrast_in_words(client, edition, analyst):
    for respondent in edition.respondents.all():
        respondent.values.pop("vekt")
        respondent.save(update_fields=["values"])
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/estimater/?etter=sektor&a=4&b=1"
    page = _text(client.get(url).content.decode())
    # R: Kultur − Helse 0.0923 (SE 0.0828, −0.0699 to 0.2545), p = 0.265.
    assert (
        "Kultur minus Helse og omsorg: 9,2 prosentpoeng (standardfeil 8,3, 95 % intervall -7,0 til "
        "25,5). Forskjellen er ikke signifikant." in page
    )
    assert '<option value="4" selected>' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?by=sektor&a=4&b=3", "b"),  # sector 3 has no respondents
        ("?by=sektor&a=99&b=1", "a"),
        ("?by=sektor&a=x&b=1", "a"),
        ("?by=sektor&a=4", "b"),
        ("?a=4&b=1", "a"),  # no breakdown
    ],
)
def test_the_api_refuses_a_group_it_cannot_compare(edition, analyst, query, field):
    reply = _get(analyst, edition, query)
    assert reply.status_code == 400
    assert reply.json()["error"]["fields"][field] == [
        "Det finnes ingen slik gruppe å sammenligne, eller den er for liten."
    ]


def test_the_same_group_twice_is_refused(edition, analyst):
    reply = _get(analyst, edition, "?by=sektor&a=4&b=4")
    assert reply.status_code == 400
    assert "Velg to ulike grupper." in reply.content.decode()


def test_a_small_group_can_never_be_chosen(client, edition, analyst):
    # Four units of sector 3 (under the minimum of 5): not offered, refused when crafted, and
    # absent from the contrasts.
    for respondent in edition.respondents.order_by("pk")[:4]:
        respondent.values["sektor"] = 3
        respondent.save(update_fields=["values"])
    reply = _get(analyst, edition, "?by=sektor&a=3&b=1")
    assert reply.status_code == 400
    assert "Det finnes ingen slik gruppe å sammenligne, eller den er for liten." in (
        reply.content.decode()
    )
    client.force_login(analyst)
    html = client.get(f"/barometer/{edition.pk}/estimater/?etter=sektor&a=3&b=1").content.decode()
    assert 'name="a"' in html and '<option value="3"' not in html
    assert " minus Helse og omsorg:" not in html


def test_another_organisations_analyst_gets_no_contrast(edition):
    other = Organisation.objects.create(name="Annenby")
    stranger = User.objects.create_user(username="s@x.no", email="s@x.no", password="x")
    Membership.objects.create(user=stranger, organisation=other, role=Membership.Role.ANALYST)
    assert _get(stranger, edition, "?by=sektor&a=4&b=1").status_code == 404
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/barometer/{edition.pk}/estimater/?etter=sektor&a=4&b=1").status_code == 404
    assert client.post(f"/barometer/{edition.pk}/estimater/?etter=sektor&a=4&b=1").status_code in (
        404,
        405,
    )


# ----------------------------------------------------------------------------- raking


def _margins() -> list[tuple[dict[str, int], int]]:
    codes = {"size": SIZE, "sektor": SECTOR}
    return [
        (
            {
                "storrelse" if r["variable"] == "size" else "sektor": codes[r["variable"]][
                    r["value"]
                ]
            },
            int(r["count"]),
        )
        for r in read_csv("cluster_pop_margins.csv")
    ]


def test_raking_to_the_frames_margins_gives_rs_numbers(client, edition, analyst):
    # Scenario "cluster_rake": base weights w, municipalities in regions, raked to the margins
    # of size and sector.
    services.frame_replace(edition=edition, cells=_margins())
    _design(edition, design_strata="landsdel", weighting_method="rake")
    body = _check_shares(analyst, edition, "cluster_rake")
    assert body["weighted"] is True
    assert body["design"]["weighting_method"] == "rake"
    assert body["design"]["raking_sweeps"] > 1
    _check_contrasts(analyst, edition, "cluster_rake")
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    sweeps = body["design"]["raking_sweeps"]
    assert "Vektet: raket mot marginene i populasjonsrammen (storrelse, sektor)." in page
    assert (
        f"Vektene ble raket til marginene for rammens variabler og konvergerte etter {sweeps} "
        "runder." in page
    )
    # The edition's report says the same, through the page's own partial.
    report = _text(client.get(f"/barometer/{edition.pk}/rapport/").content.decode())
    assert "Vektet: raket mot marginene i populasjonsrammen (storrelse, sektor)." in report
    assert "poststratifisert" not in report


def test_a_frame_of_margins_cannot_be_post_stratified(client, edition, analyst):
    services.frame_replace(edition=edition, cells=_margins())
    body = _get(analyst, edition, "").json()
    assert body["weighted"] is True  # the base weights alone
    assert body["design"]["weighting_method"] == "poststratify"
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert "cellene bruker ikke de samme variablene" in page


def test_raking_that_cannot_meet_the_margins_says_so(client, edition, analyst):
    # The sectors' margin sums to more than the sizes': the margins contradict each other.
    cells = [(cell, count * 2 if "sektor" in cell else count) for cell, count in _margins()]
    services.frame_replace(edition=edition, cells=cells)
    _design(edition, weighting_method="rake")
    body = _get(analyst, edition, "").json()
    assert body["design"]["raking_sweeps"] == 0
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert "Populasjonsrammen kunne ikke brukes" in page


# ----------------------------------------------------------------------------- fpc


def _municipalities() -> None:
    """The organisation list: each sampled municipality in its region, and as many more as
    make the region's population count N of R's fixture."""
    rows = read_csv("cluster_sample.csv")
    population = {r["region"]: int(r["N"]) for r in rows}
    sampled: dict[str, set[str]] = {}
    for r in rows:
        sampled.setdefault(r["region"], set()).add(r["kommunenr"])
    organisations = []
    extra = 5000
    for region, numbers in sampled.items():
        name = codelists.LANDSDELER[REGION[region]].nb
        listed = sorted(numbers)
        while len(listed) < population[region]:
            listed.append(str(extra))
            extra += 1
        organisations += [
            Organisation(
                name=f"Kommune {number}",
                kind=Organisation.Kind.MUNICIPALITY,
                municipality_number=number,
                code_list_version="2024",
                landsdel=name,
            )
            for number in listed
        ]
    Organisation.objects.bulk_create(organisations)


def test_the_fpc_from_the_organisation_list_gives_rs_numbers(client, edition, analyst):
    # Scenario "cluster_strata_fpc": R's fpc = ~N, N the region's count of municipalities.
    _municipalities()
    _design(edition, design_strata="landsdel", design_fpc=True)
    body = _check_shares(analyst, edition, "cluster_strata_fpc")
    assert (body["design"]["fpc"], body["design"]["fpc_problem"]) == (True, None)
    _check_contrasts(analyst, edition, "cluster_strata_fpc")
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert (
        "Standardfeilene har korreksjon for endelig populasjon, fra antallet kommuner per "
        "stratum i organisasjonslisten." in page
    )


@pytest.mark.parametrize(
    ("fields", "problem", "sentence"),
    [
        (
            {"design_strata": "sektor"},
            "fpc_strata",
            "Ingen korreksjon for endelig populasjon: organisasjonslisten gir ikke kommunenes "
            "sektor.",
        ),
        (
            {"design_cluster": "", "design_strata": "landsdel"},
            "fpc_cluster",
            "Ingen korreksjon for endelig populasjon: den krever kommunen som primær utvalgsenhet.",
        ),
    ],
)
def test_an_fpc_that_cannot_be_known_is_not_applied(
    client, edition, analyst, fields, problem, sentence
):
    _municipalities()
    _design(edition, design_fpc=True, **fields)
    design = _get(analyst, edition, "").json()["design"]
    assert (design["fpc"], design["fpc_problem"]) == (False, problem)
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert sentence in page


def test_no_fpc_without_the_list_or_when_the_list_disagrees(client, edition, analyst):
    _design(edition, design_strata="landsdel", design_fpc=True)
    assert _get(analyst, edition, "").json()["design"]["fpc_problem"] == "fpc_no_list"
    _municipalities()
    moved = Organisation.objects.get(municipality_number="0101")
    moved.landsdel = codelists.LANDSDELER[2].nb
    moved.save()
    design = _get(analyst, edition, "").json()["design"]
    assert (design["fpc"], design["fpc_problem"]) == (False, "fpc_mismatch")
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert (
        "Ingen korreksjon for endelig populasjon: dataene plasserer en kommune (0101) i et "
        "annet stratum enn organisasjonslisten gjør." in page
    )


def test_every_municipality_of_a_stratum_sampled_refuses_the_fpc(edition, analyst):
    # The list holds only the sampled municipalities: each region is a census of them.
    rows = read_csv("cluster_sample.csv")
    seen = {r["kommunenr"]: REGION[r["region"]] for r in rows}
    Organisation.objects.bulk_create(
        Organisation(
            name=f"K{number}",
            kind=Organisation.Kind.MUNICIPALITY,
            municipality_number=number,
            code_list_version="2024",
            landsdel=codelists.LANDSDELER[region].nb,
        )
        for number, region in seen.items()
    )
    _design(edition, design_strata="landsdel", design_fpc=True)
    assert _get(analyst, edition, "").json()["design"]["fpc_problem"] == "fpc_census"


def test_the_design_page_saves_the_fpc_and_the_weighting_method(client, edition, analyst):
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/design/"
    html = client.get(url).content.decode()
    assert 'name="design_fpc"' in html and 'name="weighting_method"' in html
    saved = client.post(
        url,
        {
            "design_cluster": "kommunenr",
            "design_strata": "landsdel",
            "interval_method": "logit",
            "collapse_below": "5",
            "weighting_method": "rake",
            "design_fpc": "on",
        },
    )
    assert saved.status_code == 302
    edition.refresh_from_db()
    assert (edition.design_fpc, edition.weighting_method) == (True, "rake")
    refused = client.post(
        url,
        {
            "design_cluster": "kommunenr",
            "interval_method": "logit",
            "collapse_below": "5",
            "weighting_method": "ipf",
        },
    )
    assert refused.status_code == 422
    edition.refresh_from_db()
    assert (edition.design_fpc, edition.weighting_method) == (True, "rake")


# ----------------------------------------------------------------------------- compare


def test_editions_compared_by_sector_with_a_warning_about_weighting(client, edition, analyst):
    older = _edition(edition.organisation, "Klynger før", 2023)
    services.frame_replace(
        edition=edition,
        cells=[({"sektor": s}, n) for s, n in {1: 400, 2: 500, 4: 200, 5: 300}.items()],
    )
    # Without vekt the older edition is unweighted.
    for respondent in older.respondents.all():
        respondent.values.pop("vekt")
        respondent.save(update_fields=["values"])
    # Four units of the older edition move to sector 3: too few to show, so sector 3 is left out
    # even though the newer edition has none either.
    for respondent in older.respondents.order_by("pk")[:4]:
        respondent.values["sektor"] = 3
        respondent.save(update_fields=["values"])
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/sammenlign/?med={older.pk}&tema=innovasjon&etter=sektor"
    reply = client.get(url)
    assert reply.status_code == 200
    page = _text(reply.content.decode())
    assert (
        "Den ene utgaven er vektet og den andre ikke, så en del av endringen kan komme av "
        "vektingen og ikke av enhetene." in page
    )
    assert "Kultur" in page and "Sosiale tjenester" not in page
    assert "En gruppe med færre enn 5 svar i en av utgavene er utelatt." in page


def test_compare_ignores_a_breakdown_it_does_not_know(client, edition, analyst):
    older = _edition(edition.organisation, "Klynger før", 2023)
    client.force_login(analyst)
    page = _text(
        client.get(
            f"/barometer/{edition.pk}/sammenlign/?med={older.pk}&etter=fodselsnummer"
        ).content.decode()
    )
    assert "er utelatt" not in page
    # Same design and weighting: no warning.
    assert "kan komme av vektingen" not in page
    assert "Designet i de to utgavene er ulikt" not in page
    _design(older, design_strata="landsdel")
    page = _text(client.get(f"/barometer/{edition.pk}/sammenlign/?med={older.pk}").content.decode())
    assert (
        "Designet i de to utgavene er ulikt (primære utvalgsenheter, strata, korreksjon for "
        "endelig populasjon eller intervallmetode), så standardfeilene er ikke laget på samme "
        "måte." in page
    )
    assert "kan komme av vektingen" not in page


# ----------------------------------------------------------------------------- pure rules


def _column(counts: dict[float, int]) -> dict[str, Any]:
    return {"sektor": np.array([code for code, n in counts.items() for _ in range(n)], dtype=float)}


@pytest.mark.parametrize(
    ("counts", "offered"),
    [
        ({1: 10, 2: 12, 4: 6}, [1, 2, 4]),
        # Group 3 is too small, and the total minus groups 1 and 2 would reveal it: the smaller
        # of them is hidden too.
        ({1: 10, 2: 12, 3: 2}, [2]),
        # On a tie the later group is hidden, as on the page.
        ({1: 10, 2: 10, 3: 2}, [1]),
        # Three units without a value are a group never shown: they hide one more group.
        ({1: 10, 2: 12, float("nan"): 3}, [2]),
        ({1: 4}, []),
    ],
)
def test_only_shown_groups_are_offered(counts, offered):
    assert estimates.comparable_groups(_column(counts), "sektor", 5) == offered
    assert estimates.comparable_groups(_column(counts), "landsdel", 5) == []


def test_a_frame_gives_its_margins_from_cells_or_as_they_are():
    cross = [({"a": 1, "b": 1}, 10), ({"a": 1, "b": 2}, 20), ({"a": 2, "b": 1}, 5)]
    assert estimates.frame_margins(cross) == {"a": {1: 30.0, 2: 5.0}, "b": {1: 15.0, 2: 20.0}}
    margins = [({"a": 1}, 30), ({"a": 2}, 5), ({"b": 1}, 15), ({"b": 2}, 20)]
    assert estimates.frame_margins(margins) == {"a": {1: 30.0, 2: 5.0}, "b": {1: 15.0, 2: 20.0}}
    assert estimates.frame_margins([({"a": 1}, 30), ({"a": 2, "b": 1}, 5)]) is None


def test_the_frame_page_takes_margins_for_raking(client, edition, analyst):
    # One row per category of one variable, the other field empty.
    text = "storrelse,sektor,count\n1,,2500\n3,,1300\n5,,700\n,4,800\n,1,1400\n,2,1500\n,5,800\n"
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/populasjon/"
    assert client.post(url, {"text": text}).status_code == 302
    assert sorted(
        (sorted(cell.values.items()), cell.count) for cell in edition.population_cells.all()
    ) == sorted((sorted(cell.items()), count) for cell, count in _margins())
    page = _text(client.get(url).content.decode())
    assert "Enheter i populasjonen: 4500" in page
    _design(edition, design_strata="landsdel", weighting_method="rake")
    _check_shares(analyst, edition, "cluster_rake")
    # A row with two values among margins is a cell, a row with none is refused.
    assert client.post(url, {"text": "storrelse,sektor,count\n,,5\n"}).status_code == 200
    assert edition.population_cells.count() == 7


def test_a_submission_is_checked_against_a_frame_of_margins():
    frame = [({"sektor": 1}, 10), ({"sektor": 2}, 0), ({"storrelse": 1}, 10)]
    assert selectors.submission_check({"sektor": 1, "storrelse": 1}, frame).ok
    assert selectors.submission_check({"sektor": 2, "storrelse": 1}, frame).outside_frame
    assert selectors.submission_check({"sektor": 1}, frame).missing == ("storrelse",)


# ----------------------------------------------------------------------------- linear calibration


def _skewed_margins() -> list[tuple[dict[str, int], int]]:
    """make_linear_fixtures.R's margins far from the sample, which make some weights negative."""
    codes = {"size": SIZE, "sektor": SECTOR}
    return [
        ({"storrelse" if r["variable"] == "size" else "sektor": codes[r["variable"]][r["value"]]},
         int(r["count"]))
        for r in read_csv("linear_pop_margins.csv")
    ]  # fmt: skip


def _direct_linear(margins: str) -> tuple[Design, dict[Hashable | None, Estimate]]:
    """surveystats on the same data: R's calibrate(..., calfun = "linear") with municipalities
    in regions, the imported weights as base weights; I_INNOVATIV by sector, logit intervals."""
    rows = read_csv("cluster_sample.csv")
    design = make_design(
        len(rows),
        weights=[float(r["w"]) for r in rows],
        strata=[r["region"] for r in rows],
        clusters=[r["kommunenr"] for r in rows],
    )
    population: dict[str, dict[str | None, float]] = {}
    for r in read_csv(margins):
        population.setdefault(r["variable"], {})[r["value"]] = float(r["count"])
    variables = {name: [r[name] for r in rows] for name in ("size", "sektor")}
    design = calibrate_linear(design, variables, population)
    innovative = [float(r["innovative"]) if r["innovative"] else np.nan for r in rows]
    result = mean(design, innovative, groups=[SECTOR[r["sektor"]] for r in rows], interval="logit")
    return design, result


def test_linear_calibration_gives_rs_and_surveystats_numbers(client, edition, analyst):
    # Scenario "cluster_linear" of make_linear_fixtures.R: base weights w, municipalities in
    # regions, calibrate(..., ~size + sektor, calfun = "linear") to the margins.
    services.frame_replace(edition=edition, cells=_margins())
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/design/"
    form = client.get(url).content.decode()
    assert (
        '<option value="linear">kalibrer lineært (GREG) til marginene for rammens variabler'
        "</option>" in form
    )
    design = {"design_cluster": "kommunenr", "design_strata": "landsdel"}
    design |= {"interval_method": "logit", "collapse_below": "5", "weighting_method": "linear"}
    assert client.post(url, design).status_code == 302
    edition.refresh_from_db()
    assert edition.weighting_method == "linear"
    body = _get(analyst, edition, "?by=sektor").json()
    assert body["weighted"] is True
    assert body["design"]["weighting_method"] == "linear"
    assert body["design"]["raking_sweeps"] == 0
    ours = {r["group"]: r for r in body["estimates"] if r["indicator"] == "I_INNOVATIV"}
    _, direct = _direct_linear("cluster_pop_margins.csv")
    theirs = {
        r["group"]: r
        for r in read_csv("linear_estimates.csv")
        if (r["scenario"], r["var"]) == ("cluster_linear", "innovative")
    }
    for group, label in [(None, ""), *[(code, f"sektor={name}") for name, code in SECTOR.items()]]:
        assert ours[group]["estimate"] == pytest.approx(float(theirs[label]["estimate"]), abs=1e-9)
        assert ours[group]["se"] == pytest.approx(float(theirs[label]["se"]), rel=1e-6)
        for name in ("estimate", "se", "ci_low", "ci_high"):
            assert ours[group][name] == pytest.approx(getattr(direct[group], name), rel=1e-9)
    for r in read_csv("linear_contrasts.csv"):
        if (r["scenario"], r["var"]) != ("cluster_linear", "innovative"):
            continue
        first, second = SECTOR[r["first"]], SECTOR[r["second"]]
        reply = _get(analyst, edition, f"?by=sektor&a={first}&b={second}").json()
        [contrast] = [c for c in reply["contrasts"] if c["indicator"] == "I_INNOVATIV"]
        assert contrast["estimate"] == pytest.approx(float(r["estimate"]), abs=1e-9)
        for name in ("se", "ci_low", "ci_high", "p_value"):
            assert contrast[name] == pytest.approx(float(r[name]), rel=1e-6), name
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert "Vektet: kalibrert (lineært) mot marginene i populasjonsrammen (storrelse, sektor)." in (
        page
    )
    assert (
        "Vektene ble kalibrert lineært (GREG) til marginene for rammens variabler. Antall "
        "negative vekter: 0." in page
    )
    report = _text(client.get(f"/barometer/{edition.pk}/rapport/").content.decode())
    assert "Vektet: kalibrert (lineært) mot marginene i populasjonsrammen (storrelse, sektor)." in (
        report
    )
    assert "raket" not in report and "poststratifisert" not in report


def test_linear_calibration_with_negative_weights_says_how_many(client, edition, analyst):
    services.frame_replace(edition=edition, cells=_skewed_margins())
    _design(edition, design_strata="landsdel", weighting_method="linear")
    design, direct = _direct_linear("linear_pop_margins.csv")
    assert int((design.weights < 0).sum()) == 28
    body = _get(analyst, edition, "?by=sektor").json()
    ours = {r["group"]: r for r in body["estimates"] if r["indicator"] == "I_INNOVATIV"}
    for group, theirs in direct.items():
        for name in ("estimate", "se", "ci_low", "ci_high"):
            assert ours[group][name] == pytest.approx(getattr(theirs, name), rel=1e-9), name
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert "Antall negative vekter: 28." in page
    client.cookies["django_language"] = "nn"
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert (
        "Vekta: kalibrert (lineært) mot marginane i populasjonsramma (storrelse, sektor)." in page
    )
    assert "Talet på negative vekter: 28." in page
    client.cookies["django_language"] = "en"
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert (
        "Weighted: calibrated (linear) to the margins of the population frame "
        "(storrelse, sektor)." in page
    )
    assert "Number of negative weights: 28." in page
