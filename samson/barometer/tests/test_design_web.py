"""An edition's design on the web page and in the API: the primary sampling units, the
interval method, the Rao–Scott test between groups and the collapsing of weighting cells.

The data are R's own (samson/surveystats/tests/fixtures, made by make_cluster_fixtures.R):
331 unit leaders in 52 municipalities. An edition of them with the default design (the
municipality as primary sampling unit, logit intervals) gives R's `svyciprop` and
`svychisq` numbers for scenario "cluster" through the API and on the page."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from samson.accounts.models import Membership, Organisation, User
from samson.api.services import token_create
from samson.audit.models import AuditEntry
from samson.barometer import services
from samson.barometer.models import Edition, Respondent

R_FIXTURES = Path(__file__).parents[2] / "surveystats" / "tests" / "fixtures"


def read_csv(name: str) -> list[dict[str, str]]:
    with (R_FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def r_number(text: str) -> float:
    return float(text)


pytestmark = pytest.mark.django_db

SECTOR = {"Helse": 1, "Oppvekst": 2, "Kultur": 4, "Teknisk": 5}
TYPES = ("PRODUKT", "TJENESTE", "PROSESS", "KOMMUNIKASJON")


def _values(row: dict[str, str]) -> dict[str, Any]:
    innovative = row["innovative"]
    answers: dict[str, Any] = {f"B1_{t}": None for t in TYPES}
    if innovative not in ("", "NA"):
        answers = {f"B1_{t}": 0 for t in TYPES} | {"B1_PRODUKT": int(innovative)}
    return {"kommunenr": int(row["kommunenr"]), "sektor": SECTOR[row["sektor"]], **answers}


@pytest.fixture
def edition(instruments: None) -> Edition:
    organisation = Organisation.objects.create(name="Klyngeby", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2025, title="Klynger", sectors=[1, 2, 4, 5]
    )
    Respondent.objects.bulk_create(
        Respondent(edition=edition, source=Respondent.Source.IMPORT, values=_values(row))
        for row in read_csv("cluster_sample.csv")
    )
    return edition


@pytest.fixture
def analyst(edition: Edition) -> User:
    user = User.objects.create_user(username="a@x.no", email="a@x.no", password="x")
    Membership.objects.create(
        user=user, organisation=edition.organisation, role=Membership.Role.ANALYST
    )
    return user


def _r(group: str, method: str = "logit") -> dict[str, str]:
    [row] = [
        r
        for r in read_csv("cluster_ciprop.csv")
        if (r["scenario"], r["var"], r["group"], r["method"])
        == ("cluster", "innovative", group, method)
    ]
    return row


def _estimates(analyst: User, edition: Edition, by: str = "") -> dict[str, Any]:
    _token, key = token_create(user=analyst, name="test")
    path = f"/api/v1/barometer/editions/{edition.pk}/estimates/" + (f"?by={by}" if by else "")
    reply = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert reply.status_code == 200
    return reply.json()


def test_the_api_gives_rs_clustered_estimates_and_logit_intervals(edition, analyst):
    body = _estimates(analyst, edition, "sektor")
    assert body["design"] == {
        "cluster_variable": "kommunenr",
        "clusters": 52,
        "strata_variable": "",
        "strata": 0,
        "problem": None,
        "interval": "logit",
        "collapse_below": 5,
        "cells": 0,
        "merged_cells": 0,
        "fpc": False,
        "fpc_problem": None,
        "weighting_method": "poststratify",
        "raking_sweeps": 0,
    }
    rows = {r["group"]: r for r in body["estimates"] if r["indicator"] == "I_INNOVATIV"}
    for group, label in [(None, ""), *[(code, f"sektor={name}") for name, code in SECTOR.items()]]:
        theirs, ours = _r(label), rows[group]
        assert ours["estimate"] == pytest.approx(r_number(theirs["estimate"]), abs=1e-9)
        assert ours["se"] == pytest.approx(r_number(theirs["se"]), rel=1e-6)
        assert ours["ci_low"] == pytest.approx(r_number(theirs["ci_low"]), rel=1e-6)
        assert ours["ci_high"] == pytest.approx(r_number(theirs["ci_high"]), rel=1e-6)
    [test] = [d for d in body["differences"] if d["indicator"] == "I_INNOVATIV"]
    [theirs] = [
        r
        for r in read_csv("cluster_chisq.csv")
        if (r["scenario"], r["var"], r["by"]) == ("cluster", "innovative", "sektor")
    ]
    for name in ("f", "ndf", "ddf", "p_value"):
        assert test[name] == pytest.approx(r_number(theirs[name]), rel=1e-6), name
    # Without a breakdown there is nothing to test.
    assert _estimates(analyst, edition)["differences"] == []


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_says_which_design_was_used_and_whether_groups_differ(client, edition, analyst):
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/?etter=sektor").content.decode())
    assert "Standardfeilene tar hensyn til utvalget: 52 primære utvalgsenheter (kommune)." in page
    assert (
        "Intervallene for andeler er laget med logit-metoden og holder seg innenfor 0–100 %."
        in page
    )
    # R: 54.574 % (47.461–61.506) overall; the sectors do not differ (p = 0.541).
    assert "Alle enheter 54,6 47,5–61,5 317" in page
    assert "Ingen signifikant forskjell mellom gruppene (Rao–Scott-test, p = 0,541)." in page


def test_the_analyst_states_the_design_and_the_estimates_follow(client, edition, analyst):
    client.force_login(analyst)
    url = f"/barometer/{edition.pk}/design/"
    assert client.get(url).status_code == 200
    saved = client.post(
        url,
        {
            "design_cluster": "",
            "design_strata": "",
            "interval_method": "wald",
            "collapse_below": "3",
        },
    )
    assert saved.status_code == 302 and saved["Location"] == f"/barometer/{edition.pk}/estimater/"
    edition.refresh_from_db()
    assert (edition.design_cluster, edition.interval_method, edition.collapse_below) == (
        "",
        "wald",
        3,
    )
    design = _estimates(analyst, edition)["design"]
    assert (design["clusters"], design["interval"], design["collapse_below"]) == (0, "wald", 3)
    entry = AuditEntry.objects.get(action="barometer.design")
    assert entry.details == {
        "cluster": "",
        "strata": "",
        "interval": "wald",
        "collapse_below": 3,
        "fpc": False,
        "weighting": "poststratify",
    }


@pytest.mark.parametrize(
    "data",
    [
        {"design_cluster": "kommunenr", "design_strata": "kommunenr"},
        {"design_cluster": "fodselsnummer"},
        {"interval_method": "normal"},
        {"collapse_below": "0"},
        {"collapse_below": "101"},
        {"collapse_below": "fem"},
    ],
)
def test_a_bad_design_is_refused_and_changes_nothing(client, edition, analyst, data):
    client.force_login(analyst)
    form = {
        "design_cluster": "kommunenr",
        "design_strata": "",
        "interval_method": "logit",
        "collapse_below": "5",
        **data,
    }
    reply = client.post(f"/barometer/{edition.pk}/design/", form)
    assert reply.status_code == 422
    assert "Feil:" in reply.content.decode()
    edition.refresh_from_db()
    assert (edition.design_cluster, edition.design_strata, edition.interval_method) == (
        "kommunenr",
        "",
        "logit",
    )
    assert edition.collapse_below == 5
    assert not AuditEntry.objects.filter(action="barometer.design").exists()


def test_only_the_editions_analysts_reach_its_design(client, edition):
    url = f"/barometer/{edition.pk}/design/"
    assert Client().get(url)["Location"].startswith("/konto/logg-inn/")
    other = Organisation.objects.create(name="Annenby", kind="kommune")
    stranger = User.objects.create_user(username="s@x.no", email="s@x.no", password="x")
    Membership.objects.create(user=stranger, organisation=other, role=Membership.Role.ANALYST)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"design_cluster": "", "interval_method": "wald"}).status_code == 404
    edition.refresh_from_db()
    assert edition.design_cluster == "kommunenr"


def test_an_empty_frame_cell_is_merged_and_the_page_says_so(client, edition, analyst):
    # Sectors 1, 2, 4 and 5 answered; sector 3 has 40 units in the frame and no respondent.
    counts = {1: 400, 2: 500, 3: 40, 4: 200, 5: 300}
    services.frame_replace(edition=edition, cells=[({"sektor": s}, n) for s, n in counts.items()])
    client.force_login(analyst)
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert "Vektet: poststratifisert" in page
    assert (
        "1 av populasjonsrammens 5 celler hadde færre enn 5 svar og ble slått sammen med en "
        "nabocelle i vektingen." in page
    )


REGION = {"ost": 1, "vest": 4, "midt": 5, "nord": 6}


def test_a_stratified_weighted_clustered_edition_gives_rs_numbers(client, edition, analyst):
    # Scenario "cluster_strata_weighted": base weights w (the column vekt), municipalities as
    # primary sampling units nested in the four regions (landsdel) as strata.
    rows = read_csv("cluster_sample.csv")
    for respondent, row in zip(edition.respondents.order_by("pk"), rows, strict=True):
        respondent.values |= {"vekt": float(row["w"]), "landsdel": REGION[row["region"]]}
        respondent.save(update_fields=["values"])
    client.force_login(analyst)
    client.post(
        f"/barometer/{edition.pk}/design/",
        {
            "design_cluster": "kommunenr",
            "design_strata": "landsdel",
            "interval_method": "logit",
            "collapse_below": "5",
        },
    )
    body = _estimates(analyst, edition, "sektor")
    assert (body["design"]["clusters"], body["design"]["strata"]) == (52, 4)
    ours = {r["group"]: r for r in body["estimates"] if r["indicator"] == "I_INNOVATIV"}
    for group, label in [(None, ""), *[(code, f"sektor={name}") for name, code in SECTOR.items()]]:
        [theirs] = [
            r
            for r in read_csv("cluster_ciprop.csv")
            if (r["scenario"], r["var"], r["group"], r["method"])
            == ("cluster_strata_weighted", "innovative", label, "logit")
        ]
        for name in ("estimate", "se", "ci_low", "ci_high"):
            assert ours[group][name] == pytest.approx(r_number(theirs[name]), rel=1e-6), name
    [test] = [d for d in body["differences"] if d["indicator"] == "I_INNOVATIV"]
    [theirs] = [
        r
        for r in read_csv("cluster_chisq.csv")
        if (r["scenario"], r["var"], r["by"]) == ("cluster_strata_weighted", "innovative", "sektor")
    ]
    for name in ("f", "ndf", "ddf", "p_value"):
        assert test[name] == pytest.approx(r_number(theirs[name]), rel=1e-6), name
    page = _text(client.get(f"/barometer/{edition.pk}/estimater/").content.decode())
    assert (
        "Standardfeilene tar hensyn til utvalget: 52 primære utvalgsenheter (kommune) i 4 strata "
        "(landsdel)." in page
    )
