"""The solo assessment flow through Django's test client (no JavaScript)."""

import re

import pytest
from django.urls import reverse

from samson.responses.models import Answer, Response
from samson.responses.tokens import token_hash


def _start(client) -> str:
    reply = client.post(reverse("responses:start"))
    assert reply.status_code == 302
    match = re.fullmatch(r"/vurdering/([A-Za-z0-9_-]{32})/side/1/", reply["Location"])
    assert match, reply["Location"]
    return match.group(1)


def _page_data(instrument, number: int, code: int) -> dict[str, str]:
    data = {}
    for item in instrument.pages[number - 1].items:
        if item.type != "text":
            data[item.id] = str(
                code if code in instrument.codes(item) else instrument.codes(item)[0]
            )
    return data


def test_home_page_has_the_start_button(client, instruments):
    reply = client.get("/")
    html = reply.content.decode()
    assert reply.status_code == 200
    assert '<html lang="nb"' in html
    assert "Start vurdering" in html
    assert f'action="{reverse("responses:start")}"' in html


def test_start_creates_an_empty_response_without_identifying_data(client, instruments):
    token = _start(client)
    response = Response.objects.get()
    assert response.token_hash == token_hash(token)
    assert response.instrument_version.key == "samson-kort"
    assert response.language == "nb"
    assert response.answers.count() == 0
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "email", "name", "user"}


def test_start_needs_post(client, instruments):
    assert client.get(reverse("responses:start")).status_code == 405


def test_page_shows_progress_and_private_link(client, kort):
    token = _start(client)
    reply = client.get(f"/vurdering/{token}/side/2/")
    html = reply.content.decode()
    assert reply.status_code == 200
    assert f"side 2 av {len(kort.pages)}" in html
    assert f"http://testserver/vurdering/{token}/" in html
    for item in kort.pages[1].items:
        assert item.text.nb in html


def test_answers_are_saved_per_page_and_survive_back_and_forward(client, kort):
    token = _start(client)
    first = _page_data(kort, 1, 4)
    reply = client.post(f"/vurdering/{token}/side/1/", {**first, "action": "next"})
    assert reply["Location"] == f"/vurdering/{token}/side/2/"
    stored = dict(Answer.objects.values_list("item_id", "code"))
    assert stored == {item_id: int(code) for item_id, code in first.items()}
    second = _page_data(kort, 2, 9)
    reply = client.post(f"/vurdering/{token}/side/2/", {**second, "action": "back"})
    assert reply["Location"] == f"/vurdering/{token}/side/1/"
    html = client.get(f"/vurdering/{token}/side/2/").content.decode()
    some_id = next(iter(second))
    assert re.search(rf'name="{re.escape(some_id)}" value="9"[^>]*checked', html)
    assert Answer.objects.count() == len(first) + len(second)


def test_saving_a_page_twice_stores_each_answer_once_and_clearing_removes_it(client, kort):
    token = _start(client)
    data = _page_data(kort, 1, 3)
    client.post(f"/vurdering/{token}/side/1/", {**data, "action": "next"})
    client.post(f"/vurdering/{token}/side/1/", {**data, "action": "next"})
    assert Answer.objects.count() == len(data)
    cleared = dict(list(data.items())[1:])
    client.post(f"/vurdering/{token}/side/1/", {**cleared, "action": "next"})
    assert set(Answer.objects.values_list("item_id", flat=True)) == set(cleared)


def test_invalid_value_shows_an_error_and_changes_nothing(client, kort):
    token = _start(client)
    data = _page_data(kort, 1, 2)
    client.post(f"/vurdering/{token}/side/1/", {**data, "action": "next"})
    broken = {**data, next(iter(data)): "7"}
    reply = client.post(f"/vurdering/{token}/side/1/", {**broken, "action": "next"})
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Velg ett av alternativene." in html
    assert dict(Answer.objects.values_list("item_id", "code")) == {
        k: int(v) for k, v in data.items()
    }


def test_resume_link_goes_to_the_page_to_continue_at(client, kort):
    token = _start(client)
    assert client.get(f"/vurdering/{token}/")["Location"] == f"/vurdering/{token}/side/1/"
    client.post(f"/vurdering/{token}/side/1/", {**_page_data(kort, 1, 4), "action": "next"})
    client.post(f"/vurdering/{token}/side/2/", {**_page_data(kort, 2, 4), "action": "next"})
    assert client.get(f"/vurdering/{token}/")["Location"] == f"/vurdering/{token}/side/3/"


def test_finishing_the_last_page_shows_the_result_and_resume_goes_there(client, kort):
    token = _start(client)
    count = len(kort.pages)
    for number in range(1, count + 1):
        action = "finish" if number == count else "next"
        reply = client.post(
            f"/vurdering/{token}/side/{number}/", {**_page_data(kort, number, 5), "action": action}
        )
    assert reply["Location"] == f"/vurdering/{token}/resultat/"
    assert Response.objects.get().completed_at is not None
    assert client.get(f"/vurdering/{token}/")["Location"] == f"/vurdering/{token}/resultat/"
    result = client.get(f"/vurdering/{token}/resultat/")
    assert result.status_code == 200


@pytest.mark.parametrize("path", ["", "side/1/", "resultat/"])
def test_unknown_token_is_404(client, instruments, path):
    assert client.get(f"/vurdering/{'x' * 32}/{path}").status_code == 404


def test_page_number_out_of_range_is_404(client, kort):
    token = _start(client)
    assert client.get(f"/vurdering/{token}/side/0/").status_code == 404
    assert client.get(f"/vurdering/{token}/side/{len(kort.pages) + 1}/").status_code == 404
