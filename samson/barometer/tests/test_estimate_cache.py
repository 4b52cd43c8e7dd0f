"""An edition's estimates are computed once per version of its data and design and cached:
what the cache gives is exactly what would be computed, every write route makes the estimates
page show the new numbers at once, and nothing of one edition is served for another."""

from __future__ import annotations

import datetime
import io
import math
import pickle
from typing import Any

import numpy as np
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Organisation
from samson.barometer import estimates, selectors, services
from samson.barometer.cache import EditionKeys
from samson.barometer.models import DataImport, Edition, Respondent
from samson.testing.barometer import analyst_of, small_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(instruments: None) -> Edition:
    return small_edition()


@pytest.fixture
def analyst(edition: Edition) -> Client:
    client = Client()
    client.force_login(analyst_of(edition))
    return client


def _page(client: Client, edition: Edition, **params: str) -> Any:
    reply = client.get(reverse("barometer:estimates", kwargs={"pk": edition.pk}), params)
    assert reply.status_code == 200
    return reply.context


def _innovative(context: Any) -> str:
    """The page's overall share of innovative units, as shown."""
    block = next(b for b in context["blocks"] if b.name == "I_INNOVATIV")
    return str(block.rows[0].estimate)


def _import(client: Client, edition: Edition, rows: str) -> DataImport:
    upload = io.BytesIO(("nr,enhetstype,landsdel,sektor,B1_PRODUKT\n" + rows).encode())
    upload.name = "enheter.csv"
    mapped = client.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})
    assert mapped.status_code == 302
    mapping = {name: name for name in ("enhetstype", "landsdel", "sektor", "B1_PRODUKT")}
    done = client.post(
        mapped["Location"], {**mapping, "import_key": "id", "import_id_column": "nr"}
    )
    assert done.status_code == 302
    return DataImport.objects.filter(edition=edition).latest("pk")


# ----------------------------------------------------------------------------- columns


def _same(got: dict[str, np.ndarray], expected: dict[str, list[float]]) -> None:
    assert list(got) == list(expected)
    for name, values in expected.items():
        assert got[name].dtype == np.float64
        assert got[name].tolist() == pytest.approx(values, nan_ok=True, abs=0), name


def test_columns_of_rows_with_the_same_variables() -> None:
    rows: list[dict[str, object]] = [{"a": 1, "b": None}, {"a": 2.5, "b": 3.0}, {"a": True, "b": 0}]
    _same(estimates.columns(rows), {"a": [1.0, 2.5, 1.0], "b": [math.nan, 3.0, 0.0]})


def test_columns_of_rows_with_different_variables_in_first_appearance_order() -> None:
    rows: list[dict[str, object]] = [{"b": 1, "a": 2}, {"a": 3, "c": 4}, {"b": 5}]
    _same(
        estimates.columns(rows),
        {"b": [1.0, math.nan, 5.0], "a": [2.0, 3.0, math.nan], "c": [math.nan, 4.0, math.nan]},
    )


def test_columns_treat_values_that_are_not_numbers_as_missing() -> None:
    # A string that reads as a number is not one: numpy would have converted "7" to 7.0.
    rows: list[dict[str, object]] = [{"a": "7", "b": 1}, {"a": [1], "b": 2}, {"a": 4, "b": {}}]
    _same(estimates.columns(rows), {"a": [math.nan, math.nan, 4.0], "b": [1.0, 2.0, math.nan]})


def test_columns_of_one_variable_and_of_none() -> None:
    _same(estimates.columns([{"a": 1}, {"a": None}]), {"a": [1.0, math.nan]})
    assert estimates.columns([]) == {}
    assert estimates.columns([{}, {}]) == {}


# ----------------------------------------------------------------------------- cached == fresh


def _synthetic_with_design(n: int = 300) -> Edition:
    organisation = Organisation.objects.create(name="KS", kind="kommune")
    edition = services.edition_create(
        organisation=organisation, user=None, year=2024, title="Syntetisk", sectors=[1, 2]
    )
    services.synthetic_load(edition=edition, n=n)
    services.edition_design_save(
        edition=edition,
        user=None,
        design_cluster="kommunenr",
        design_strata="landsdel",
        interval_method="logit",
        collapse_below=5,
    )
    return edition


def test_cached_estimates_are_exactly_the_fresh_ones(instruments: None) -> None:
    edition = _synthetic_with_design()
    names = ["I_INNOVATIV", "I_B1_PRODUKT", "I_SAMARBEID"]
    first = selectors.EditionData(edition)
    computed = first.estimate(names, "sektor", 5)
    differ = first.groups_differ("I_INNOVATIV", "sektor", computed["I_INNOVATIV"])

    cached = selectors.EditionData(edition)
    assert cached.estimate(names, "sektor", 5) == computed
    assert cached.groups_differ("I_INNOVATIV", "sektor", computed["I_INNOVATIV"]) == differ
    assert cached._data is None  # nothing was built from the stored answers

    # Fresh, without the cache: the pure functions on the stored rows.
    rows = selectors.edition_rows(edition)
    data = estimates.with_indicators(estimates.columns(rows))
    choice = selectors.edition_design(edition)
    weighting = estimates.weighting(data, len(rows), selectors.edition_frame(edition), choice)
    fresh = estimates.estimate(data, weighting.design, names, by="sektor", min_group_size=5)
    shown = {c.group for c in fresh["I_INNOVATIV"][1:] if not c.suppressed}
    assert cached.n == 300 and cached.weighting.clusters > 1 and cached.weighting.strata > 1
    assert pickle.dumps(cached.weighting) == pickle.dumps(weighting)
    assert cached.estimate(names, "sektor", 5) == fresh
    assert differ == estimates.groups_differ(data, weighting.design, "I_INNOVATIV", "sektor", shown)
    assert cached.breakdowns() == [
        name
        for name in estimates.BREAKDOWNS
        if name in data and bool((data[name] == data[name]).any())
    ]
    # The columns, when asked for, are the fresh ones too.
    assert list(cached.data) == list(data)
    assert all(np.array_equal(cached.data[k], data[k], equal_nan=True) for k in data)


def test_each_breakdown_and_group_size_is_its_own_entry(edition: Edition) -> None:
    data = selectors.EditionData(edition)
    overall = data.estimate(["I_INNOVATIV"], None, 1)["I_INNOVATIV"]
    by_sector = data.estimate(["I_INNOVATIV"], "sektor", 1)["I_INNOVATIV"]
    hidden = selectors.EditionData(edition).estimate(["I_INNOVATIV"], "sektor", 4)["I_INNOVATIV"]
    assert overall[0].estimate == pytest.approx(5 / 12, abs=1e-12) and len(overall) == 1
    assert [c.group for c in by_sector] == [None, 1.0, 2.0]
    # Groups of three respondents are hidden when four is the least shown.
    assert [c.suppressed for c in hidden] == [False, True, True]


# ----------------------------------------------------------------------------- one edition only


def test_another_editions_cache_is_never_used(edition: Edition, analyst: Client) -> None:
    other = services.edition_create(
        organisation=edition.organisation, user=None, year=2026, title="Annen", sectors=[1]
    )
    other.design_cluster, other.collapse_below = edition.design_cluster, edition.collapse_below
    other.save(update_fields=["design_cluster", "collapse_below"])
    services.frame_replace(edition=other, cells=[({"enhetstype": 11}, 100)])
    Respondent.objects.create(
        edition=other,
        source=Respondent.Source.IMPORT,
        values={"enhetstype": 11, "landsdel": 1, "sektor": 1, "B1_PRODUKT": 1},
    )
    other.refresh_from_db()
    edition.refresh_from_db()
    # Same design, same data version: only the edition tells the two apart.
    assert edition.data_version == other.data_version == 1
    assert _page(analyst, edition)["n"] == 6
    assert _page(analyst, other)["n"] == 1
    assert _innovative(_page(analyst, edition)) != _innovative(_page(analyst, other))
    assert _page(analyst, edition)["n"] == 6


def test_a_new_edition_with_the_same_pk_and_version_has_other_keys(edition: Edition) -> None:
    choice = selectors.edition_design(edition)
    again = Edition.objects.get(pk=edition.pk)
    assert EditionKeys(edition, choice).key("summary") == EditionKeys(again, choice).key("summary")
    # A database that hands out a deleted edition's pk again: its creation time differs.
    assert again.created_at is not None
    again.created_at += datetime.timedelta(microseconds=1)
    assert EditionKeys(edition, choice).key("summary") != EditionKeys(again, choice).key("summary")
    other_design = estimates.DesignChoice(cluster="", strata="", interval="wald", collapse_below=1)
    assert EditionKeys(edition, choice).key("summary") != EditionKeys(edition, other_design).key(
        "summary"
    )


def test_a_stale_edition_object_still_gets_the_current_numbers(edition: Edition) -> None:
    """A write through another copy of the edition (as a respondent's or import's) is seen:
    the version is read from the database, not from the object in hand."""
    assert selectors.EditionData(edition).n == 6
    services.invitations_create(edition=edition, background={"enhetstype": 11}, count=1)
    invitation = edition.invitations.get()
    services.invitation_complete(invitation=invitation)
    assert selectors.EditionData(edition).n == 7


# ----------------------------------------------------------------------------- write routes


def test_import_then_delete_import_shows_at_once(edition: Edition, analyst: Client) -> None:
    assert _page(analyst, edition)["n"] == 6
    data_import = _import(analyst, edition, "a,11,1,1,1\nb,21,1,2,0\n")
    assert _page(analyst, edition)["n"] == 8
    url = reverse("barometer:import_delete", kwargs={"pk": edition.pk, "import_pk": data_import.pk})
    assert analyst.post(url).status_code == 302
    assert _page(analyst, edition)["n"] == 6


def test_import_replacing_units_shows_at_once(edition: Edition, analyst: Client) -> None:
    _import(analyst, edition, "a,11,1,1,0\n")
    before = _page(analyst, edition)
    assert before["n"] == 7
    # The same unit again, now innovative, replacing the earlier row.
    upload = io.BytesIO(b"nr,enhetstype,landsdel,sektor,B1_PRODUKT\na,11,1,1,1\n")
    upload.name = "igjen.csv"
    mapped = analyst.post(reverse("barometer:import", kwargs={"pk": edition.pk}), {"file": upload})
    mapping = {name: name for name in ("enhetstype", "landsdel", "sektor", "B1_PRODUKT")}
    done = analyst.post(
        mapped["Location"],
        {**mapping, "import_key": "id", "import_id_column": "nr", "import_on_duplicate": "erstatt"},
    )
    assert done.status_code == 302
    after = _page(analyst, edition)
    assert after["n"] == 7
    assert _innovative(after) != _innovative(before)


def test_respondent_delete_shows_at_once(edition: Edition, analyst: Client) -> None:
    data_import = _import(analyst, edition, "a,11,1,1,1\n")
    assert _page(analyst, edition)["n"] == 7
    respondent = data_import.respondents.get()
    url = reverse(
        "barometer:respondent_delete", kwargs={"pk": edition.pk, "respondent_pk": respondent.pk}
    )
    assert analyst.post(url).status_code == 302
    assert _page(analyst, edition)["n"] == 6


def test_frame_replace_shows_at_once(edition: Edition, analyst: Client) -> None:
    # 100 and 300 units: 5/12 innovative; 300 and 100: (300 · 2/3 + 100 · 1/3) / 400 = 7/12.
    before = _innovative(_page(analyst, edition))
    url = reverse("barometer:frame", kwargs={"pk": edition.pk})
    assert analyst.post(url, {"text": "enhetstype;count\n11;300\n21;100\n"}).status_code == 302
    after = _innovative(_page(analyst, edition))
    assert (before, after) == ("41,7", "58,3")


def test_design_save_shows_at_once(edition: Edition, analyst: Client) -> None:
    assert _page(analyst, edition)["weighting"].choice.interval == "logit"
    url = reverse("barometer:design", kwargs={"pk": edition.pk})
    saved = analyst.post(
        url,
        {"design_cluster": "", "design_strata": "", "interval_method": "wald", "collapse_below": 1},
    )
    assert saved.status_code == 302
    assert _page(analyst, edition)["weighting"].choice.interval == "wald"


def test_queue_accept_shows_at_once(edition: Edition, analyst: Client) -> None:
    assert _page(analyst, edition)["n"] == 6
    submission = services.test_submission_add(
        edition=edition,
        values={"enhetstype": 11, "landsdel": 1, "sektor": 1, "B1_PRODUKT": 1},
    )
    assert _page(analyst, edition)["n"] == 6  # waiting: not in the data
    queue = reverse("barometer:test_queue", kwargs={"pk": edition.pk})
    analyst.post(queue, {"action": "accept", "submission": submission.pk})
    assert _page(analyst, edition)["n"] == 7
    # A double submit accepts nothing more.
    analyst.post(queue, {"action": "accept", "submission": submission.pk})
    assert _page(analyst, edition)["n"] == 7


def test_synthetic_load_shows_at_once(edition: Edition, analyst: Client) -> None:
    empty = services.edition_create(
        organisation=edition.organisation, user=None, year=2026, title="Tom", sectors=[1]
    )
    assert _page(analyst, empty)["n"] == 0
    # A GET changes nothing.
    analyst.get(reverse("barometer:synthetic", kwargs={"pk": empty.pk}))
    assert _page(analyst, empty)["n"] == 0
    analyst.post(reverse("barometer:synthetic", kwargs={"pk": empty.pk}))
    assert _page(analyst, empty)["n"] == services.SYNTHETIC_N == 2000


def test_invitation_answered_shows_at_once(edition: Edition, analyst: Client) -> None:
    assert _page(analyst, edition)["n"] == 6
    services.invitations_create(edition=edition, background={"enhetstype": 21}, count=1)
    assert _page(analyst, edition)["n"] == 6
    services.invitation_complete(invitation=edition.invitations.get())
    assert _page(analyst, edition)["n"] == 7


def test_every_data_write_raises_the_version_once(edition: Edition) -> None:
    edition.refresh_from_db()
    start = edition.data_version
    services.frame_replace(edition=edition, cells=[({"enhetstype": 11}, 1)])
    assert Edition.objects.get(pk=edition.pk).data_version == start + 1 == edition.data_version
    # Writes that change neither data nor design leave it.
    services.edition_settings(edition=edition, published=True, open=False)
    assert Edition.objects.get(pk=edition.pk).data_version == start + 1


def test_the_cache_is_the_configured_one(edition: Edition) -> None:
    data = selectors.EditionData(edition)
    assert cache.get(data._keys.key("summary")) is not None
