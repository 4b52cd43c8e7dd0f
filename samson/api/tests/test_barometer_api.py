"""Barometer estimates through the API: the pages' numbers, suppression and rules."""

import pytest

from samson.accounts.models import Membership, Organisation
from samson.accounts.tests.factories import UserFactory
from samson.surveystats import proportion_interval
from samson.testing.barometer import small_edition


@pytest.fixture
def edition(instruments):
    return small_edition()


@pytest.fixture
def analyst(edition):
    user = UserFactory.create()
    Membership.objects.create(
        user=user, organisation=edition.organisation, role=Membership.Role.ANALYST
    )
    return user


def url(edition, by=""):
    return f"/api/v1/barometer/editions/{edition.pk}/estimates/" + (f"?by={by}" if by else "")


@pytest.mark.django_db
def test_an_analyst_lists_their_editions(api, edition, analyst):
    body = api(analyst)("get", "/api/v1/barometer/editions/").json()
    assert [(e["id"], e["title"], e["published"]) for e in body["results"]] == [
        (edition.pk, "Liten", False)
    ]


@pytest.mark.django_db
def test_a_post_stratified_estimate_with_its_interval(api, edition, analyst):
    body = api(analyst)("get", url(edition)).json()
    assert body["weighted"] is True and body["weighting_variables"] == ["enhetstype"]
    assert body["min_group_size"] == 5 and body["by"] is None
    [overall] = [row for row in body["estimates"] if row["indicator"] == "I_INNOVATIV"]
    # (100 * 2/3 + 300 * 1/3) / 400 = 5/12
    assert overall["estimate"] == pytest.approx(5 / 12, abs=1e-12)
    assert overall["group"] is None and overall["n"] == 6
    assert overall["weighted_n"] == pytest.approx(400.0)
    # The logit interval (R's svyciprop default) on the design's 5 degrees of freedom: inside
    # 0–100 %, where the Wald interval went below 0 (-4.5 %).
    low, high = proportion_interval(5 / 12, overall["se"], method="logit", df=5)
    assert (overall["ci_low"], overall["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    assert 0 < overall["ci_low"] < 0.06 and 0.89 < overall["ci_high"] < 0.9
    assert overall["imprecise"] is True and overall["suppressed"] is False


@pytest.mark.django_db
def test_groups_under_the_minimum_give_no_numbers_at_all(api, edition, analyst):
    body = api(analyst)("get", url(edition, "enhetstype")).json()
    rows = [row for row in body["estimates"] if row["indicator"] == "I_INNOVATIV"]
    assert [(row["group"], row["suppressed"]) for row in rows] == [
        (None, False),
        (11, True),
        (21, True),
    ]
    for row in rows[1:]:
        assert [row[key] for key in ("estimate", "se", "ci_low", "ci_high", "n")] == [None] * 5
        assert row["weighted_n"] is None


@pytest.mark.django_db
def test_an_unknown_breakdown_is_a_clear_error(api, edition, analyst):
    response = api(analyst)("get", url(edition, "skostorrelse"))
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "by": ["Det finnes ingen slik bakgrunnsvariabel."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["facilitator", "other_analyst", "anonymous"])
def test_no_one_else_sees_an_edition(api, edition, world, who):
    if who == "anonymous":
        user, expected = None, 401
    elif who == "facilitator":
        user, expected = world["owner_a"], 404
    else:
        user = UserFactory.create()
        other = Organisation.objects.create(name="Askvoll", kind="kommune")
        Membership.objects.create(user=user, organisation=other, role=Membership.Role.ANALYST)
        expected = 404
    call = api(user)
    assert call("get", url(edition)).status_code == expected
    listed = call("get", "/api/v1/barometer/editions/")
    if user is not None:
        assert listed.json()["results"] == []
