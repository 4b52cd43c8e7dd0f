"""Shared steps of the fieldwork tests: a contact list, a link from an e-mail, answering."""

import re
from email.message import Message
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samson.barometer.models import Edition
from samson.fieldwork.models import Fieldwork
from samson.testing.barometer import NO
from samson.testing.html import visible_text
from samson.testing.rounds import grid_answers, spec

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


HEADER = "e-post,navn,språk,kommunenr,enhetstype,landsdel,storrelse"


def units_upload(rows: list[str], header: str = HEADER) -> SimpleUploadedFile:
    """A barometer contact list of units as an uploaded CSV file."""
    content = "\n".join([header, *rows]).encode()
    return SimpleUploadedFile("enheter.csv", content, content_type="text/csv")


def import_units(
    client: Client, edition: Edition, rows: list[str], header: str = HEADER, central: bool = False
) -> Any:
    data: dict[str, Any] = {"file": units_upload(rows, header)}
    if central:
        data["central"] = "on"
    return client.post(reverse("fieldwork_edition:contacts", kwargs={"pk": edition.pk}), data)


def problems(reply: Any) -> list[str]:
    """The rows of the table of problems a refused contact list is shown with."""
    text = reply.content.decode()
    start = text.index('class="ds-table samson-problems"')
    rows = text[start : text.index("</table>", start)].split("<tr>")[2:]
    return [
        " | ".join(visible_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
        for row in rows
    ]


def answer_unit(client: Client, link: str) -> str:
    """Follow a unit's link and answer the barometer to the end (no innovation)."""
    assert client.get(f"/invitasjon/{link}/").status_code == 200
    location = client.post(f"/invitasjon/{link}/")["Location"]
    location = client.get(location)["Location"]  # the barometer's answer link: its first page
    assert location.endswith("/side/1/"), location
    location = client.post(location, {**NO, "action": "next"})["Location"]
    for _step in range(20):
        if location.endswith("/takk/"):
            return location
        location = client.post(location, {"action": "next"})["Location"]
    raise AssertionError(location)
