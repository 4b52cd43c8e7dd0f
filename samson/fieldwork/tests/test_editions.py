"""Fieldwork of a barometer edition: a contact list of units checked against the frame, links
that start the barometer's own answer, central mailboxes, and the response rate per stratum
with the minimum group size. Sending goes through a real SMTP server and the real worker."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation
from samson.barometer.models import Invitation, Respondent
from samson.fieldwork.models import Fieldwork, Invitee, OutboxMessage
from samson.fieldwork.selectors import EditionRate, StratumRate
from samson.testing.html import visible_text
from samson.testing.people import member

from .helpers import answer_unit, body, import_units, link_of, opt_out_of, problems

# ----------------------------------------------------------------------------- the list


@pytest.mark.django_db
def test_a_unit_list_with_problems_adds_nobody_and_names_each_problem(edition, analyst):
    reply = import_units(
        analyst,
        edition,
        [
            "a@kommune.no,Ada,nb,0301,11,1,5",
            "b@kommune.no,Bo,nb,0301,14,1,5",  # no such unit type
            "c@kommune.no,Cia,nb,0301,31,1,5",  # sector 3 is not in the edition
            "d@kommune.no,Dag,nb,0301,12,2,5",  # landsdel 2 is not in the frame
            "A@kommune.no,Ada igjen,nb,0301,21,4,5",  # twice
            "e@kommune.no,Eva,nb,03x1,22,4,9",  # municipality number and size class
            "f@kommune.no,Frida,nb,0301,22,,3",  # the frame needs landsdel
        ],
    )
    assert reply.status_code == 400
    assert Invitee.objects.count() == 0
    assert "Ingenting ble lagt til: lista har 7 problemer, listet nedenfor." in (
        reply.content.decode()
    )
    assert problems(reply) == [
        "3 | enhetstype | «14» er ikke en kode for enhetstype (gyldige koder: 11, 12, 13, 21, "
        "22, 23, 31, 32, 33, 41, 42, 51, 52).",
        "4 | enhetstype | Sektor 3 er ikke en av sektorene i denne utgaven.",
        "5 | enhetstype | Populasjonsrammen til utgaven har ingen celle enhetstype 12, landsdel 2.",
        "6 | e-post | A@kommune.no står allerede på rad 2.",
        "7 | kommunenr | «03x1» er ikke et kommunenummer.",
        "7 | storrelse | «9» er ikke en kode for storrelse (gyldige koder: 1, 2, 3, 4, 5).",
        "8 | landsdel | Verdien for landsdel mangler.",
    ]


@pytest.mark.django_db
def test_a_frame_variable_missing_from_the_list_is_named(edition, analyst):
    reply = import_units(analyst, edition, ["a@kommune.no,11"], header="e-post,enhetstype")
    assert reply.status_code == 400
    assert problems(reply) == [
        "1 | landsdel | Populasjonsrammen til utgaven bruker «landsdel»: lista trenger en kolonne "
        "med det navnet."
    ]


@pytest.mark.django_db
def test_a_good_list_is_added_with_its_background_and_the_sector_of_its_unit_type(edition, analyst):
    reply = import_units(
        analyst, edition, ["a@kommune.no,Ada,nn,301,11,1,5", "b@kommune.no,,,4601,22,4,5"]
    )
    assert reply.status_code == 302
    units = list(Invitee.objects.order_by("email").values_list("email", "language", "background"))
    assert units == [
        (
            "a@kommune.no",
            "nn",
            {"kommunenr": 301, "enhetstype": 11, "sektor": 1, "landsdel": 1, "storrelse": 5},
        ),
        (
            "b@kommune.no",
            "nb",
            {"kommunenr": 4601, "enhetstype": 22, "sektor": 2, "landsdel": 4, "storrelse": 5},
        ),
    ]
    assert all(i.fieldwork.edition_id == edition.pk for i in Invitee.objects.all())
    # The same address again is refused; the list is not changed.
    again = import_units(analyst, edition, ["b@kommune.no,,,4601,22,4,5"])
    assert problems(again) == ["2 | e-post | b@kommune.no står allerede på kontaktlista."]
    assert Invitee.objects.count() == 2


@pytest.mark.django_db
def test_a_central_mailbox_list_needs_the_unit_and_takes_one_address_per_unit(edition, analyst):
    header = "e-post,enhet,enhetstype,landsdel"
    missing = import_units(
        analyst, edition, ["post@kommune.no,11,1"], "e-post,enhetstype,landsdel", True
    )
    assert problems(missing) == [
        "1 | enhet | En liste med sentrale postmottak trenger en kolonne som heter «enhet» (eller "
        "«unit»)."
    ]
    twice = import_units(
        analyst,
        edition,
        ["post@kommune.no,Solsiden sykehjem,11,1", "POST@kommune.no,solsiden sykehjem,11,1"],
        header,
        True,
    )
    assert problems(twice) == [
        "3 | e-post | POST@kommune.no står allerede på rad 2 for den samme enheten."
    ]
    good = import_units(
        analyst,
        edition,
        [
            "post@kommune.no,Solsiden sykehjem,11,1",
            "post@kommune.no,Hjemmetjenesten,12,1",
            "post@kommune.no,Bakken barnehage,21,1",
        ],
        header,
        True,
    )
    assert good.status_code == 302
    assert list(Invitee.objects.values_list("unit", "central")) == [
        ("Solsiden sykehjem", True),
        ("Hjemmetjenesten", True),
        ("Bakken barnehage", True),
    ]
    # The same address as a person's (not central) is another list entry altogether.
    assert import_units(analyst, edition, ["post@kommune.no,,,0301,11,1,5"]).status_code == 302


# ----------------------------------------------------------------------------- who may see it


URLS = [
    ("fieldwork_edition:edition", "get", {}),
    ("fieldwork_edition:settings", "post", {"deadline": "2027-01-31"}),
    ("fieldwork_edition:send", "post", {}),
    ("fieldwork_edition:remind", "post", {"target": "alle"}),
    ("fieldwork_edition:rate_csv", "get", {}),
]


@pytest.mark.django_db
def test_another_organisations_analyst_and_a_facilitator_get_404_and_change_nothing(edition):
    other = Organisation.objects.create(name="Annen", kind="kommune")
    strangers = [
        member("fremmed@annen.no", other, Membership.Role.ANALYST),
        member("pl@ks.no", edition.organisation, Membership.Role.FACILITATOR),
    ]
    for user in strangers:
        client = Client()
        client.force_login(user)
        for name, method, data in URLS:
            reply = getattr(client, method)(reverse(name, kwargs={"pk": edition.pk}), data)
            assert reply.status_code == 404, (user.email, name)
        assert import_units(client, edition, ["a@kommune.no,,,0301,11,1,5"]).status_code == 404
        text = client.get(
            reverse(
                "fieldwork_edition:text",
                kwargs={"pk": edition.pk, "kind": "invitasjon", "language": "nb"},
            )
        )
        assert text.status_code == 404
    assert not Invitee.objects.exists()
    anonymous = Client().get(reverse("fieldwork_edition:edition", kwargs={"pk": edition.pk}))
    assert anonymous.status_code == 302 and "/konto/logg-inn/" in anonymous["Location"]


# ----------------------------------------------------------------------------- end to end


@pytest.mark.django_db(transaction=True)
def test_units_get_their_links_answer_the_barometer_once_and_the_rate_is_counted(
    edition, analyst, mailbox, run_worker, settings
):
    settings.SAMSON_MIN_GROUP_SIZE = 3
    rows = [f"u{i}@kommune.no,,nb,0301,11,1,5" for i in range(4)]
    rows += [f"v{i}@kommune.no,,en,4601,21,4,3" for i in range(4)]
    assert import_units(analyst, edition, rows).status_code == 302
    assert (
        analyst.post(reverse("fieldwork_edition:send", kwargs={"pk": edition.pk})).status_code
        == 302
    )
    run_worker()
    assert len(mailbox.received) == 8
    first = mailbox.to("u0@kommune.no")[0]
    assert first["Subject"] == "Invitasjon: innovasjonsbarometeret fra KS"
    assert mailbox.to("v0@kommune.no")[0]["Subject"] == (
        "Invitation: the innovation barometer from KS"
    )
    links = {m["To"]: link_of(m) for m in mailbox.received}
    # Three units of sector 1 answer; one unit of sector 2 starts.
    for address in ("u0@kommune.no", "u1@kommune.no", "u2@kommune.no"):
        assert answer_unit(Client(), links[address]).endswith("/takk/")
    unit = Client()
    unit.post(f"/invitasjon/{links['v0@kommune.no']}/")
    statuses = dict(Invitee.objects.values_list("email", "status"))
    assert [statuses[f"u{i}@kommune.no"] for i in range(4)] == ["ferdig"] * 3 + ["levert"]
    assert statuses["v0@kommune.no"] == "startet"
    # Each answer is one respondent with the frame background, not the municipality number.
    answers = Respondent.objects.filter(edition=edition, source=Respondent.Source.INVITATION)
    assert answers.count() == 3
    first = answers.first()
    assert first is not None
    values = first.values
    assert {k: values[k] for k in ("sektor", "enhetstype", "landsdel", "storrelse")} == {
        "sektor": 1.0,
        "enhetstype": 11.0,
        "landsdel": 1.0,
        "storrelse": 5.0,
    }
    assert "kommunenr" not in values
    # A finished link answers no more: it leads to the thanks page, and nothing is added.
    again = Client()
    reply = again.get(f"/invitasjon/{links['u0@kommune.no']}/")
    assert reply.status_code == 302 and reply["Location"].endswith("/takk/")
    reply = again.post(f"/invitasjon/{links['u0@kommune.no']}/")
    follow = again.get(reply["Location"])
    assert follow["Location"].endswith("/takk/")
    assert answers.count() == 3 and Invitation.objects.count() == 4

    # The response rate: sector 1 finished 3 of 4 (shown), sector 2 none finished.
    page = analyst.get(reverse("fieldwork_edition:edition", kwargs={"pk": edition.pk}))
    text = visible_text(page.content.decode())
    assert "Alle enheter: 8 invitert, 8 levert, 4 startet, 3 ferdige. Svarprosent: 38 %." in text
    reply = analyst.get(reverse("fieldwork_edition:rate_csv", kwargs={"pk": edition.pk}))
    table = list(csv.reader(io.StringIO(reply.content.decode())))
    assert table[0] == [
        "Variabel",
        "Kode",
        "Gruppe",
        "Invitert",
        "Levert",
        "Startet",
        "Ferdige",
        "Svarprosent",
    ]
    by_group = {(row[0], row[2]): row[3:] for row in table[1:]}
    # Started: 3 and 1, so sector 1's 3 is hidden too, or 4 - 3 would give sector 2's 1.
    assert by_group[("Sektor", "Helse og omsorg")] == ["4", "4", "Skjult", "3", "75 %"]
    assert by_group[("Sektor", "Oppvekst og utdanning")] == [
        "4",
        "4",
        "færre enn 3",
        "færre enn 3",
        "",
    ]
    assert by_group[("Kommune", "0301")] == ["4", "4", "Skjult", "3", "75 %"]
    assert table[-1] == ["Alle enheter", "", "", "8", "8", "4", "3", "38 %"]
    # The low-rate warning on the estimates page names sector 2's groups, not sector 1.
    estimates = analyst.get(reverse("barometer:estimates", kwargs={"pk": edition.pk}))
    found = re.search(
        r'<div class="ds-alert samson-low-rate".*?</div>', estimates.content.decode(), re.S
    )
    assert found is not None
    warning = visible_text(found[0])
    assert "Sektor: Oppvekst og utdanning" in warning
    assert "Helse og omsorg" not in warning
    assert "Enhetstype: Barnehage" in warning and "Landsdel: Vestlandet" in warning


@pytest.mark.django_db(transaction=True)
def test_a_central_mailbox_gets_one_forwardable_message_per_unit(
    edition, analyst, mailbox, run_worker
):
    header = "e-post,enhet,enhetstype,landsdel"
    rows = ["post@kommune.no,Solsiden sykehjem,11,1", "post@kommune.no,Bakken barnehage,21,1"]
    assert import_units(analyst, edition, rows, header, True).status_code == 302
    analyst.post(reverse("fieldwork_edition:send", kwargs={"pk": edition.pk}))
    run_worker()
    received = mailbox.to("post@kommune.no")
    assert len(received) == 2
    texts = sorted(body(m).replace("\r\n", "\n") for m in received)
    assert texts[0].startswith(
        "Til postmottaket i kommunen: Send denne meldingen videre til lederen for Bakken "
        "barnehage. Lenken gjelder bare den enheten.\n\nHei,"
    )
    assert "lederen for Solsiden sykehjem" in texts[1]
    assert len({link_of(m) for m in received}) == 2


@pytest.mark.django_db(transaction=True)
def test_opt_out_and_a_forged_opt_out_link(edition, analyst, mailbox, run_worker):
    import_units(analyst, edition, ["a@kommune.no,,,0301,11,1,5", "b@kommune.no,,,0301,11,1,5"])
    analyst.post(reverse("fieldwork_edition:send", kwargs={"pk": edition.pk}))
    run_worker()
    link = opt_out_of(mailbox.to("a@kommune.no")[0])
    forged = link[:-1] + ("A" if link[-1] != "A" else "B")
    visitor = Client()
    assert visitor.post(f"/invitasjon/{forged}/avmeld/").status_code == 404
    assert visitor.post("/invitasjon/../avmeld/").status_code == 404
    assert set(Invitee.objects.values_list("status", flat=True)) == {"levert"}
    reply = visitor.post(f"/invitasjon/{link}/avmeld/")
    assert "Du får ikke mer e-post om Barometer 2026." in visible_text(reply.content.decode())
    Fieldwork.objects.update(reminder_interval_hours=0)
    analyst.post(reverse("fieldwork_edition:remind", kwargs={"pk": edition.pk}), {"target": "alle"})
    run_worker()
    assert len(mailbox.to("a@kommune.no")) == 1
    assert len(mailbox.to("b@kommune.no")) == 2
    assert OutboxMessage.objects.filter(invitee__email="a@kommune.no").count() == 1


def test_the_low_strata_leave_out_the_municipalities_and_keep_the_frames_order():
    def stratum(variable: str, label: str, low: bool) -> StratumRate:
        return StratumRate(variable, 1, label, 10, 10, "5", "2", "20 %", low)

    rate = EditionRate(
        minimum=5,
        threshold=0.3,
        invited=30,
        delivered=30,
        started_text="15",
        finished_text="6",
        rate_text="20 %",
        strata={
            "kommunenr": [stratum("kommunenr", "0301 Oslo", True)],
            "landsdel": [stratum("landsdel", "Nord", True), stratum("landsdel", "Vest", False)],
            "storrelse": [stratum("storrelse", "Liten", True)],
        },
    )
    names = {"kommunenr": "Kommune", "landsdel": "Landsdel", "storrelse": "Størrelse"}
    assert rate.low_strata(names) == [("Landsdel", "Nord"), ("Størrelse", "Liten")]
