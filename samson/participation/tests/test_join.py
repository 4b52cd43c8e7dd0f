"""Participants join by code without an account, answer only while the round is open, and
see only their own project's public page."""

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from samson.participation.cookies import COOKIE_NAME
from samson.participation.services import RETRY_WINDOW
from samson.projects import services
from samson.responses.models import Answer, Response
from samson.responses.tokens import token_hash


def test_a_good_code_leads_to_the_project_page_in_any_case_and_spacing(client, open_round):
    typed = f" {open_round.join_code[:4].lower()} {open_round.join_code[4:]} "
    reply = client.post(reverse("participation:join"), {"code": typed})
    assert reply["Location"] == f"/delta/{open_round.join_code}/"
    page = client.get(reply["Location"]).content.decode()
    assert "Prosjekt A" in page
    assert "Kommunen" in page and "Innbyggere og brukere" in page


def test_a_wrong_code_is_a_clear_message_and_changes_nothing(client, open_round):
    reply = client.post(reverse("participation:join"), {"code": "ZZZZ9999"})
    assert reply.status_code == 200
    assert "Vi fant ingen måling med den koden." in reply.content.decode()
    assert Response.objects.count() == 0


@override_settings(SAMSON_JOIN_ATTEMPTS_PER_CLIENT=10)
def test_guessing_stops_after_ten_failures_from_one_client(client, open_round):
    for attempt in range(10):
        reply = client.post(reverse("participation:join"), {"code": f"WRONG{attempt:03d}"})
        assert reply.status_code == 200
    blocked = client.post(reverse("participation:join"), {"code": open_round.join_code})
    assert blocked.status_code == 429
    assert client.get(f"/delta/{open_round.join_code}/").status_code == 429
    other = client.post(
        reverse("participation:join"), {"code": open_round.join_code}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def _start(client, round, party) -> str:
    reply = client.post(f"/delta/{round.join_code}/", {"party": party.pk})
    match = re.fullmatch(r"/vurdering/([A-Za-z0-9_-]{32})/side/1/", reply["Location"])
    assert match, reply
    return match.group(1)


def test_choosing_a_party_starts_an_anonymous_response_in_the_round(client, open_round):
    party = open_round.project.parties.get(preset="innbyggere")
    _start(client, open_round, party)
    response = Response.objects.get()
    assert (response.round, response.party) == (open_round, party)
    assert response.instrument_version == open_round.instrument_version
    stored = {f.name for f in Response._meta.concrete_fields}
    assert stored == {
        "id",
        "instrument_version",
        "round",
        "party",
        "token_hash",
        "purpose",
        "language",
        "resume_page",
        "created_at",
        "updated_at",
        "opened_at",
        "completed_at",
    }


def test_a_party_is_required_and_must_belong_to_the_project(client, open_round, world):
    missing = client.post(f"/delta/{open_round.join_code}/", {})
    assert "Velg parten du hører til." in missing.content.decode()
    foreign = world["project_b"].parties.first()
    wrong = client.post(f"/delta/{open_round.join_code}/", {"party": foreign.pk})
    assert wrong.status_code == 200
    assert Response.objects.count() == 0


def test_a_draft_or_closed_round_takes_no_answers(client, world):
    draft = world["round_a"]
    page = client.get(f"/delta/{draft.join_code}/").content.decode()
    assert "Svaringen har ikke startet ennå." in page
    party = draft.project.parties.first()
    client.post(f"/delta/{draft.join_code}/", {"party": party.pk})
    assert Response.objects.count() == 0


def test_answers_are_stored_only_while_the_round_is_open(client, open_round):
    party = open_round.project.parties.first()
    token = _start(client, open_round, party)
    client.post(f"/vurdering/{token}/side/1/", {"TYP-UTF": "2", "action": "next"})
    assert Answer.objects.count() == 1
    services.round_transition(round=open_round, to="lukket")
    reply = client.post(f"/vurdering/{token}/side/2/", {"LIK-PRB-1": "5", "action": "next"})
    assert reply.status_code == 200
    assert (
        "Svaringen i denne målingen er avsluttet, så ingenting ble lagret."
        in reply.content.decode()
    )
    assert Answer.objects.count() == 1


def test_finishing_leads_to_thanks_and_never_to_a_result(client, open_round):
    party = open_round.project.parties.first()
    token = _start(client, open_round, party)
    pages = len(open_round.instrument_version.spec["pages"])
    reply = client.post(f"/vurdering/{token}/side/{pages}/", {"action": "finish"})
    thanks = f"/delta/{open_round.join_code}/takk/{token}/"
    assert reply["Location"] == thanks
    assert client.get(f"/vurdering/{token}/resultat/")["Location"] == thanks
    page = client.get(thanks).content.decode()
    assert "Takk for svarene dine" in page
    assert client.get(f"/delta/{open_round.join_code}/takk/{'x' * 32}/").status_code == 404


def test_public_page_shows_published_follow_up_and_released_text_only(client, world):
    round_a, round_b = world["round_a"], world["round_b"]
    services.round_follow_up_publish(round=round_a, text="Vi endret møtetidene.")
    services.round_follow_up_publish(round=round_b, text="Hemmelig for prosjekt A.")
    page = client.get(f"/delta/{round_a.join_code}/").content.decode()
    assert "Vi endret møtetidene." in page
    assert "Hemmelig for prosjekt A." not in page
    assert "Prosjekt B" not in page


def test_changing_a_released_text_withdraws_it_until_reviewed_again(client, open_round):
    from django.utils import timezone

    party = open_round.project.parties.first()
    token = _start(client, open_round, party)
    pages = open_round.instrument_version.spec["pages"]
    last = len(pages)
    text_id = pages[-1]["items"][0]["id"]
    client.post(f"/vurdering/{token}/side/{last}/", {text_id: "Godt samarbeid", "action": "back"})
    Answer.objects.filter(item_id=text_id).update(released_at=timezone.now())
    client.post(f"/vurdering/{token}/side/{last}/", {text_id: "Godt samarbeid", "action": "back"})
    assert Answer.objects.get(item_id=text_id).released_at is not None
    client.post(f"/vurdering/{token}/side/{last}/", {text_id: "Noe helt annet", "action": "back"})
    assert Answer.objects.get(item_id=text_id).released_at is None


def _key_in(page: str) -> str:
    match = re.search(r'<input type="hidden" name="start_key" value="([A-Za-z0-9_-]{22})"', page)
    assert match, page
    return match.group(1)


def _start_key(client, round) -> str:
    return _key_in(client.get(f"/delta/{round.join_code}/").content.decode())


def test_the_party_page_is_never_kept_by_the_browser(client, open_round):
    reply = client.get(f"/delta/{open_round.join_code}/")
    assert "no-store" in reply["Cache-Control"]
    assert '<form method="post" novalidate autocomplete="off">' in reply.content.decode()


def _without_cookie(client) -> None:
    """The browser's one-response cookie gone (refused, or the reply that set it lost), so
    only the start form's one-time key can tell a retry from a new start."""
    client.cookies.pop(COOKIE_NAME, None)


def test_the_start_form_sent_twice_starts_one_response(client, open_round):
    party = open_round.project.parties.get(preset="innbyggere")
    key = _start_key(client, open_round)
    assert _start_key(client, open_round) != key  # a new key with every form shown
    data = {"party": party.pk, "start_key": key}
    first = client.post(f"/delta/{open_round.join_code}/", data)
    _without_cookie(client)
    again = client.post(f"/delta/{open_round.join_code}/", data)  # a retry after a lost reply
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    response = Response.objects.get()
    token = first["Location"].split("/")[2]
    assert response.token_hash == token_hash(token)
    # Another party chosen on the same form is another response.
    other = open_round.project.parties.get(preset="kommunen")
    _without_cookie(client)
    third = client.post(f"/delta/{open_round.join_code}/", {"party": other.pk, "start_key": key})
    assert third["Location"] != first["Location"]
    assert sorted(Response.objects.values_list("party__preset", flat=True)) == [
        "innbyggere",
        "kommunen",
    ]


def test_a_start_key_is_never_a_token(client, open_round):
    party = open_round.project.parties.first()
    key = "k" * 22
    reply = client.post(f"/delta/{open_round.join_code}/", {"party": party.pk, "start_key": key})
    token = reply["Location"].split("/")[2]
    assert len(token) == 32
    assert key not in token
    assert Response.objects.get().token_hash != token_hash(key)


def test_a_damaged_start_key_changes_nothing_and_says_so(client, open_round):
    party = open_round.project.parties.first()
    reply = client.post(
        f"/delta/{open_round.join_code}/", {"party": party.pk, "start_key": "<script>"}
    )
    page = reply.content.decode()
    assert reply.status_code == 200
    assert "Skjemaet ble endret underveis. Velg parten din på nytt." in page
    assert Response.objects.count() == 0
    # The form shown again carries a new key, so choosing again works.
    again = client.post(
        f"/delta/{open_round.join_code}/", {"party": party.pk, "start_key": _key_in(page)}
    )
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_a_start_key_with_no_party_chosen_is_kept(client, open_round):
    key = _start_key(client, open_round)
    reply = client.post(f"/delta/{open_round.join_code}/", {"start_key": key})
    assert reply.status_code == 200
    assert _key_in(reply.content.decode()) == key


def test_the_same_form_after_someone_saw_the_first_page_starts_a_new_response(client, open_round):
    party = open_round.project.parties.first()
    data = {"party": party.pk, "start_key": _start_key(client, open_round)}
    first = client.post(f"/delta/{open_round.join_code}/", data)
    # The first person sees the first page, answers nothing and leaves the tablet.
    assert client.get(first["Location"]).status_code == 200
    opened_at = Response.objects.get().opened_at
    assert opened_at is not None
    client.get(first["Location"])
    assert Response.objects.get().opened_at == opened_at  # the first time is kept
    # The next person goes back to the party page and sends the same form (from a browser
    # without the cookie: with it, the first response would be taken up again).
    _without_cookie(client)
    second = client.post(f"/delta/{open_round.join_code}/", data)
    assert second["Location"] != first["Location"]
    assert Response.objects.count() == 2
    assert Response.objects.filter(opened_at__isnull=True).count() == 1


def test_the_same_form_after_someone_answered_starts_a_new_response(client, open_round):
    party = open_round.project.parties.first()
    data = {"party": party.pk, "start_key": _start_key(client, open_round)}
    first = client.post(f"/delta/{open_round.join_code}/", data)
    token = first["Location"].split("/")[2]
    page = open_round.instrument_version.spec["pages"][0]
    item = next(item for item in page["items"] if item["type"] != "text")
    reply = client.post(f"/vurdering/{token}/side/1/", {item["id"]: "3", "action": "next"})
    assert reply.status_code == 302
    # Someone else on the same tablet goes back to the party page and sends the same form.
    _without_cookie(client)
    second = client.post(f"/delta/{open_round.join_code}/", data)
    assert second["Location"] != first["Location"]
    assert Response.objects.count() == 2
    assert client.get(second["Location"]).content.decode().count("checked") == 0


def test_the_same_form_after_the_retry_window_starts_a_new_response(client, open_round):
    party = open_round.project.parties.first()
    data = {"party": party.pk, "start_key": _start_key(client, open_round)}
    first = client.post(f"/delta/{open_round.join_code}/", data)
    Response.objects.update(created_at=timezone.now() - RETRY_WINDOW - timedelta(seconds=1))
    _without_cookie(client)
    second = client.post(f"/delta/{open_round.join_code}/", data)
    assert second["Location"] != first["Location"]
    assert Response.objects.count() == 2


@pytest.mark.parametrize("code", ["%00", "ABCD%002345", "ABCDEFGHJK%00", "²²²²²²²²", "abcdefgh"])
@pytest.mark.django_db
def test_a_code_that_cannot_be_one_is_404_on_every_database(client: Client, code: str) -> None:
    """A NUL byte in the path never reaches the database (PostgreSQL would refuse the query)."""
    assert client.get(f"/delta/{code}/").status_code == 404
    assert client.post(f"/delta/{code}/", {"party": "1"}).status_code == 404
