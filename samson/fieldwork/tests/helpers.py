"""Shared steps of the fieldwork tests: a contact list, a link from an e-mail, answering."""

import re
from email.message import Message
from typing import Any

from django.test import Client
from django.urls import reverse

from samson.fieldwork.models import Fieldwork
from samson.results.tests.conftest import grid_answers, spec

LINK = re.compile(r"http://testserver/invitasjon/([A-Za-z0-9_-]{32})/(?!avmeld)")
OPT_OUT = re.compile(r"http://testserver/invitasjon/([A-Za-z0-9_-]{32})/avmeld/")


def csv_upload(rows: list[str], name: str = "kontakter.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "\n".join(["e-post,navn,part,språk", *rows]).encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_contacts(client: Client, round: Any, rows: list[str]) -> Any:
    return client.post(
        reverse("fieldwork:contacts", kwargs={"pk": round.project_id, "round_pk": round.pk}),
        {"file": csv_upload(rows)},
    )


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def link_of(message: Message) -> str:
    found = LINK.search(body(message))
    assert found, body(message)
    return found[1]


def opt_out_of(message: Message) -> str:
    found = OPT_OUT.search(body(message))
    assert found, body(message)
    return found[1]


def answer_through_link(client: Client, round: Any, link: str, *, finish: bool = True) -> str:
    """Follow an invitation link and answer every page (or only the first) as a participant
    does. Returns where the last step led."""
    assert client.get(f"/invitasjon/{link}/").status_code == 200
    location = client.post(f"/invitasjon/{link}/")["Location"]
    instrument = spec(round)
    answers = grid_answers(instrument)
    for number, page_spec in enumerate(instrument.pages, start=1):
        assert location.endswith(f"/side/{number}/"), location
        client.get(location)
        sent = {item.id: answers[item.id] for item in page_spec.items if item.id in answers}
        last = number == len(instrument.pages)
        reply = client.post(location, {**sent, "action": "finish" if last else "next"})
        location = reply["Location"]
        if not finish:
            return location
    return location


def fieldwork_of(round: Any) -> Fieldwork:
    return Fieldwork.objects.get(round=round)
