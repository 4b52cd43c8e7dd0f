"""An open-code round: one browser starts one response (a signed cookie per round), and starts
from one address beyond the first are shown to the facilitator as possible duplicates."""

import re

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from samson.fieldwork.models import Fieldwork
from samson.fieldwork.services import round_create_with_mode
from samson.participation.cookies import COOKIE_MAX_AGE, COOKIE_NAME, browser_response_token
from samson.projects import services
from samson.responses.models import Response
from samson.responses.tokens import token_hash
from samson.testing.rounds import parties_of

pytestmark = pytest.mark.django_db


def _start(client, round, preset: str, **extra) -> str:
    """Choose a party on the round's page, as a browser does: the reply's location."""
    page = client.get(f"/delta/{round.join_code}/", **extra).content.decode()
    key = re.search(r'name="start_key" value="([A-Za-z0-9_-]+)"', page)
    assert key, page
    party = parties_of(round)[preset]
    reply = client.post(
        f"/delta/{round.join_code}/", {"party": party.pk, "start_key": key[1]}, **extra
    )
    assert reply.status_code in (200, 302), reply.status_code
    return reply["Location"] if reply.status_code == 302 else reply.content.decode()


def _token(location: str) -> str:
    match = re.fullmatch(r"/vurdering/([A-Za-z0-9_-]{32})/side/\d+/", location)
    assert match, location
    return match[1]


def _finish(client, token: str, round) -> None:
    pages = len(round.instrument_version.spec["pages"])
    reply = client.post(f"/vurdering/{token}/side/{pages}/", {"action": "finish"})
    assert reply["Location"] == f"/delta/{round.join_code}/takk/{token}/"


def _duplicates(world, round) -> str:
    owner = Client()
    owner.force_login(world["owner_a"])
    html = owner.get(
        reverse("projects:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    ).content.decode()
    match = re.search(r"Mulige duplikater: <strong>(\d+)</strong>", html)
    assert match, html
    return match[1]


def test_the_cookie_is_signed_per_round_http_only_lax_and_only_for_the_round(client, open_round):
    token = _token(_start(client, open_round, "innbyggere"))
    cookie = client.cookies[COOKIE_NAME]
    assert cookie["path"] == f"/delta/{open_round.join_code}/"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] == ""  # plain http in development; see the next test
    assert cookie["max-age"] == COOKIE_MAX_AGE
    # The token, signed: read back only with the site's key and this round's salt.
    assert cookie.value.startswith(f"{token}:") and len(cookie.value) > len(token) + 20
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = cookie.value
    assert browser_response_token(request, open_round) == token
    request.COOKIES[COOKIE_NAME] = cookie.value[:-1] + ("A" if cookie.value[-1] != "A" else "B")
    assert browser_response_token(request, open_round) == ""


@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_where_the_session_cookie_is(client, open_round):
    _start(client, open_round, "innbyggere")
    assert client.cookies[COOKIE_NAME]["secure"] is True


def test_a_second_start_from_the_browser_takes_up_its_first_response(client, open_round):
    first = _token(_start(client, open_round, "innbyggere"))
    page = open_round.instrument_version.spec["pages"][0]
    item = next(item for item in page["items"] if item["type"] != "text")
    client.post(f"/vurdering/{first}/side/1/", {item["id"]: "3", "action": "next"})
    # Back to the round's page (the QR code scanned again), the same party chosen.
    again = _start(client, open_round, "innbyggere")
    assert again == f"/vurdering/{first}/side/2/"  # where it was left
    response = Response.objects.get()
    assert response.token_hash == token_hash(first)
    assert response.party is not None and response.party.preset == "innbyggere"


def test_another_party_from_the_same_browser_neither_enters_nor_adds_an_answer(client, open_round):
    """A shared tablet: the next person chooses another party. They are not taken into the
    first person's unfinished answers (nor answer in that party's name), and no second answer
    is made, so switching parties back and forth cannot pad one either."""
    first = _token(_start(client, open_round, "innbyggere"))
    page = open_round.instrument_version.spec["pages"][0]
    item = next(item for item in page["items"] if item["type"] != "text")
    client.post(f"/vurdering/{first}/side/1/", {item["id"]: "3", "action": "next"})
    other = _start(client, open_round, "kommunen")
    assert "Et svar er allerede påbegynt i denne nettleseren" in other
    assert "velger du den samme parten som sist" in other
    assert first not in other and "/vurdering/" not in other
    for preset in ("kommunen", "innbyggere", "kommunen"):
        _start(client, open_round, preset)
    response = Response.objects.get()
    assert response.token_hash == token_hash(first)
    assert response.party is not None and response.party.preset == "innbyggere"
    assert dict(response.answers.values_list("item_id", "code")) == {item["id"]: 3}


def test_a_second_start_after_finishing_shows_thanks_without_the_private_link(client, open_round):
    token = _token(_start(client, open_round, "innbyggere"))
    # A start form still open in another tab of the same browser.
    old_form = client.get(f"/delta/{open_round.join_code}/").content.decode()
    key = re.search(r'name="start_key" value="([A-Za-z0-9_-]+)"', old_form)
    assert key
    _finish(client, token, open_round)
    # The project page no longer offers the start form to this browser.
    project_page = client.get(f"/delta/{open_round.join_code}/").content.decode()
    assert 'name="start_key"' not in project_page
    assert "Svarene dine i denne målingen er sendt fra denne nettleseren. Takk!" in project_page
    party = parties_of(open_round)["innbyggere"]
    page = client.post(
        f"/delta/{open_round.join_code}/", {"party": party.pk, "start_key": key[1]}
    ).content.decode()
    assert "Takk for svarene dine" in page
    assert "Svar i denne målingen er allerede sendt fra denne nettleseren." in page
    # The next person at a shared device must not get the link to the first one's answers.
    assert token not in page
    assert "/vurdering/" not in page
    assert Response.objects.count() == 1


def test_a_changed_cookie_or_one_of_another_round_is_ignored(client, world, open_round):
    token = _token(_start(client, open_round, "innbyggere"))
    # A token copied into the cookie without the site's signature is not taken.
    client.cookies[COOKIE_NAME] = token
    second = _token(_start(client, open_round, "innbyggere"))
    assert second != token
    # A valid cookie of this round is no key to another round (the salt names the round).
    other = round_create_with_mode(
        project=open_round.project, label="Underveis", mode=Fieldwork.Mode.OPEN
    )
    services.round_transition(round=other, to="apen")
    third = _token(_start(client, other, "innbyggere"))
    assert third not in (token, second)
    assert Response.objects.filter(round=other).count() == 1


def test_a_cookie_whose_response_is_gone_starts_afresh(client, open_round):
    token = _token(_start(client, open_round, "innbyggere"))
    Response.objects.all().delete()
    again = _token(_start(client, open_round, "innbyggere"))
    assert again != token
    assert Response.objects.count() == 1


def test_starts_beyond_the_first_from_one_address_are_possible_duplicates(world, open_round):
    assert _duplicates(world, open_round) == "0"
    browser = Client()
    _start(browser, open_round, "innbyggere")
    assert _duplicates(world, open_round) == "0"
    # The same browser again takes up its response: not a new start.
    _start(browser, open_round, "innbyggere")
    assert _duplicates(world, open_round) == "0"
    # New browsers (or the cookie deleted) from the same address: each one more.
    for expected in ("1", "2", "3"):
        _start(Client(), open_round, "innbyggere")
        assert _duplicates(world, open_round) == expected
    # Another address is not a duplicate; a second start from it is.
    _start(Client(), open_round, "kommunen", REMOTE_ADDR="10.0.0.7")
    assert _duplicates(world, open_round) == "3"
    _start(Client(), open_round, "kommunen", REMOTE_ADDR="10.0.0.7")
    assert _duplicates(world, open_round) == "4"
    assert Response.objects.count() == 6
    # Another round has its own figure.
    other = round_create_with_mode(
        project=open_round.project, label="Underveis", mode=Fieldwork.Mode.OPEN
    )
    services.round_transition(round=other, to="apen")
    _start(Client(), other, "innbyggere")
    assert _duplicates(world, other) == "0"


@override_settings(SAMSON_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_behind_a_trusted_proxy_each_client_counts_on_its_own(world, open_round):
    for address in ("192.0.2.10", "192.0.2.11", "192.0.2.12"):
        _start(Client(), open_round, "innbyggere", HTTP_X_FORWARDED_FOR=address)
    assert _duplicates(world, open_round) == "0"
    _start(Client(), open_round, "innbyggere", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert _duplicates(world, open_round) == "1"


def test_the_round_page_explains_the_figure(world, open_round):
    owner = Client()
    owner.force_login(world["owner_a"])
    html = owner.get(
        reverse("projects:round", kwargs={"pk": open_round.project_id, "round_pk": open_round.pk}),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Possible duplicates: <strong>0</strong>" in html
    assert (
        "Participants who share a network, such as a workplace or school behind one address "
        "(NAT), raise this number too, so it is a reason to look closer, not proof."
    ) in html
