"""Numbers from users: ASCII digits only, and no route answers 500 to any other spelling."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from samson.background.models import Area
from samson.barometer.services import FrameError, frame_parse
from samson.core.numbers import MAX_DIGITS, parse_id, parse_int
from samson.responses.models import Answer

from .siteworld import SiteWorld, site_world

# Each is "a number" to some part of Python: str.isdigit, int() or float().
CRAFTED = ["²", "١", "1e3", " 1", "-1", "99999999999999999999999"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("007", 7),
        ("9" * MAX_DIGITS, 10**MAX_DIGITS - 1),
        ("9" * (MAX_DIGITS + 1), None),
        ("0", None),
        ("", None),
        (None, None),
        (42, None),
        ("²", None),
        ("١", None),  # Arabic-Indic one: int() reads it as 1
        ("１", None),  # fullwidth one
        ("1e3", None),
        ("1.0", None),
        ("1_000", None),  # int() accepts underscores
        (" 1", None),
        ("1 ", None),
        ("1\n", None),  # a regex with $ would let the newline through
        ("-1", None),
        ("+1", None),
        ("99999999999999999999999", None),
    ],
)
def test_parse_id(text: object, expected: int | None) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("-3", -3),
        ("+12", 12),
        ("-0", 0),
        ("--1", None),
        ("-", None),
        ("²", None),
        ("-١", None),
        ("1e3", None),
        ("\t5", None),
        ("99999999999999999999999", None),
    ],
)
def test_parse_int(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


def test_parse_int_bounds() -> None:
    assert parse_int("5", minimum=0, maximum=5) == 5
    assert parse_int("6", minimum=0, maximum=5) is None
    assert parse_int("-1", minimum=0) is None


# ----------------------------------------------------------------------------- the routes
# One site per test (building it takes about two seconds), every crafted value in turn.


@pytest.fixture
def world(instruments: None) -> SiteWorld:
    cache.clear()
    return site_world()


@pytest.mark.django_db
def test_innovation_test_edition_choice(world: SiteWorld) -> None:
    """?utgave= that is not a plain id shows the newest published edition, as no choice does."""
    client = world.clients["anonymous"]
    url = reverse("barometer:innovation_test")
    for text in CRAFTED:
        reply = client.get(url, {"utgave": text})
        assert (reply.status_code, reply.context["edition"]) == (200, world.edition), text
    assert client.get(url, {"utgave": str(world.edition.pk)}).context["edition"] == world.edition


@pytest.mark.django_db
def test_edition_comparison_choice(world: SiteWorld) -> None:
    """?med= that is not a plain id compares with nothing: the page asks for an edition."""
    client = world.clients["analyst"]
    url = reverse("barometer:compare", kwargs={"pk": world.edition.pk})
    for text in CRAFTED:
        reply = client.get(url, {"med": text})
        assert (reply.status_code, reply.context["rows"]) == (200, []), text
    chosen = client.get(url, {"med": str(world.other_edition.pk)})
    assert chosen.context["rows"] != []


@pytest.mark.django_db
def test_free_text_release_answer(world: SiteWorld) -> None:
    """answer= that is not a plain id releases nothing and says so."""
    client = world.clients["facilitator"]
    kwargs = {"project_pk": world.project.pk, "round_pk": world.closed_round.pk}
    url = reverse("results:freetext", kwargs=kwargs)
    token = client.get(url).context["csrf_token"]
    for text in [*CRAFTED, "0", ""]:
        reply = client.post(
            url, {"answer": text, "action": "release", "csrfmiddlewaretoken": token}, follow=True
        )
        assert reply.redirect_chain == [(url, 302)], text
        assert [str(m) for m in reply.context["messages"]] == [
            "Vi fant ikke det svaret eller den handlingen i denne målingen. Ingenting ble endret."
        ], text
    assert not Answer.objects.filter(item_id="FRI-BRA", released_at__isnull=False).exists()
    released = Answer.objects.get(item_id="FRI-BRA")
    client.post(
        url, {"answer": str(released.pk), "action": "release", "csrfmiddlewaretoken": token}
    )
    released.refresh_from_db()
    assert released.released_at is not None


@pytest.mark.django_db
def test_area_population(world: SiteWorld) -> None:
    """A number of inhabitants written any other way than ASCII digits is a form error;
    one written in ASCII digits is kept."""
    client = world.clients["facilitator"]
    url = reverse("background:settings", kwargs={"pk": world.project.pk})
    token = client.get(url).context["csrf_token"]
    before = sorted(Area.objects.filter(project=world.project).values_list("name", "population"))
    # Spaces are thousands separators here ("4 200"), so " 1" is a fine 1; the rest are not.
    for text in [*(c for c in CRAFTED if c != " 1"), "4,200", "4.2", "10000001"]:
        reply = client.post(
            url, {"ask_area": "on", "areas": f"Sentrum; {text}", "csrfmiddlewaretoken": token}
        )
        expected = (
            "En del av kommunen har høyst 10000000 innbyggere."
            if text in ("99999999999999999999999", "10000001")
            else "Skriv antall innbyggere etter semikolonet, eller ta det bort."
        )
        assert reply.status_code == 200, text
        assert reply.context["form"].errors["areas"] == [expected], text
    after = sorted(Area.objects.filter(project=world.project).values_list("name", "population"))
    assert after == before

    areas = "Sentrum; 4 200\nNord; 10000000\nSør"
    reply = client.post(url, {"ask_area": "on", "areas": areas, "csrfmiddlewaretoken": token})
    assert reply.status_code == 302
    active = Area.objects.filter(project=world.project, active=True)
    assert sorted(active.values_list("name", "population")) == [
        ("Nord", 10_000_000),
        ("Sentrum", 4200),
        ("Sør", None),
    ]


@pytest.mark.parametrize("text", [*(c for c in CRAFTED if c != " 1"), "1_000", "10000001"])
def test_frame_count(text: str) -> None:
    """A population frame's count (and codes) in anything but ASCII digits names its line.
    (A frame's cells are stripped of spaces, so " 1" is a fine 1 there.)"""
    with pytest.raises(FrameError) as refused:
        frame_parse(f"enhetstype,landsdel,count\n11,1,12\n11,2,{text}\n")
    assert str(refused.value) == "frame_value:3:count"
    with pytest.raises(FrameError) as refused:
        frame_parse(f"enhetstype,landsdel,count\n{text},1,12\n")
    assert str(refused.value) == "frame_value:2:enhetstype"


def test_frame_in_ascii_digits() -> None:
    cells = frame_parse("enhetstype,landsdel,count\n11,1,12\n11,2,+10000000\n")
    assert cells == [
        ({"enhetstype": 11, "landsdel": 1}, 12),
        ({"enhetstype": 11, "landsdel": 2}, 10_000_000),
    ]


@pytest.mark.django_db
def test_frame_page(world: SiteWorld) -> None:
    """The frame page answers a crafted count with the line's error and keeps the frame."""
    client = world.clients["analyst"]
    url = reverse("barometer:frame", kwargs={"pk": world.edition.pk})
    token = client.get(url).context["csrf_token"]
    before = client.get(url).context["rows"]
    for text in (c for c in CRAFTED if c != " 1"):
        data = {"text": f"enhetstype,landsdel,count\n11,1,{text}\n", "csrfmiddlewaretoken": token}
        reply = client.post(url, data)
        assert reply.status_code == 200, text
        assert len(reply.context["form"].errors["text"]) == 1, text
    assert client.get(url).context["rows"] == before
