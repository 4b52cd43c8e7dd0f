"""What the round and fieldwork pages render from states compared by their constants and from
the fieldwork pages' view models (samson/fieldwork/presenters.py): the buttons post the states'
stored values, the invitation-only notice follows the round's mode, and the lists of e-mail
texts, reminder limits and strata read the same as before."""

import re

import pytest
from django.urls import reverse

from samson.fieldwork import presenters
from samson.fieldwork.models import Fieldwork, Invitee
from samson.projects import services as project_services
from samson.projects.models import Round
from samson.testing.html import visible_text

from .helpers import import_contacts, import_units

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
INACTIVE = 'class="ds-paragraph samson-code-inactive"'


def _round_page(client, round):
    url = reverse("projects:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    return client.get(url, **EN).content.decode()


def _fieldwork_page(client, round):
    url = reverse("fieldwork:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    return client.get(url, **EN).content.decode()


def _state_buttons(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<button type="submit" name="to" value="(\w+)"[^>]*>([^<]+)</button>', page)


def test_a_draft_round_offers_to_open_with_the_open_states_value(facilitator, world):
    page = _round_page(facilitator, world["round_a"])
    assert _state_buttons(page) == [("apen", "Open for answers")]
    assert "samson-round-close" not in page


def test_an_open_round_offers_to_close_and_the_confirmation_posts_the_closed_value(
    facilitator, open_round
):
    page = _round_page(facilitator, open_round)
    assert _state_buttons(page) == []
    assert "samson-round-close" in page
    kwargs = {"pk": open_round.project_id, "round_pk": open_round.pk}
    confirm = facilitator.get(reverse("projects:round_close", kwargs=kwargs), **EN)
    assert '<input type="hidden" name="to" value="lukket">' in confirm.content.decode()
    reply = facilitator.post(
        reverse("projects:round_state", kwargs=kwargs), {"to": "lukket", "confirmed": "1"}
    )
    assert reply.status_code == 302
    open_round.refresh_from_db()
    assert open_round.state == Round.State.CLOSED
    # Closed, nothing shown yet: it can be reopened, again with the open state's value.
    assert _state_buttons(_round_page(facilitator, open_round)) == [("apen", "Reopen the round")]


def test_a_crafted_state_is_refused_and_the_round_stays_open(facilitator, open_round):
    kwargs = {"pk": open_round.project_id, "round_pk": open_round.pk}
    reply = facilitator.post(reverse("projects:round_state", kwargs=kwargs), {"to": "utkast"})
    assert reply.status_code == 302
    open_round.refresh_from_db()
    assert open_round.state == Round.State.OPEN
    # Closing without the confirmation page's field only leads there.
    reply = facilitator.post(reverse("projects:round_state", kwargs=kwargs), {"to": "lukket"})
    assert reply["Location"] == reverse("projects:round_close", kwargs=kwargs)
    assert facilitator.get(reverse("projects:round_state", kwargs=kwargs)).status_code == 405
    open_round.refresh_from_db()
    assert open_round.state == Round.State.OPEN


def test_another_organisations_facilitator_gets_no_round_page(client, world):
    client.force_login(world["owner_b"])
    url = reverse(
        "projects:round", kwargs={"pk": world["project_a"].pk, "round_pk": world["round_a"].pk}
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("mode", "inactive"),
    [(Fieldwork.Mode.INVITED, True), (Fieldwork.Mode.BOTH, False), (Fieldwork.Mode.OPEN, False)],
)
def test_the_invitation_only_notice_follows_the_rounds_mode(facilitator, world, mode, inactive):
    round = world["round_a"]
    Fieldwork.objects.filter(round=round).update(mode=mode)
    assert (INACTIVE in _round_page(facilitator, round)) is inactive


def test_a_round_without_fieldwork_is_not_taken_for_invitation_only(facilitator, world):
    # Rounds from before fieldwork existed have none.
    round = project_services.round_create(project=world["project_a"], label="Uten feltarbeid")
    Fieldwork.objects.filter(round=round).delete()
    page = _round_page(facilitator, round)
    assert INACTIVE not in page
    assert "How participants joined: <strong>open join code</strong>." in page


def test_the_fieldwork_page_links_every_text_in_every_language(facilitator, world):
    round = world["round_a"]
    page = _fieldwork_page(facilitator, round)
    section = page[
        page.index('id="texts-heading"') : page.index("</ul>", page.index("texts-heading"))
    ]
    links = re.findall(r'<a class="ds-link" href="([^"]+)">([^<]+)</a>', section)
    assert [text for _href, text in links] == [
        "Invitation – Norsk bokmål",
        "Invitation – Norsk nynorsk",
        "Invitation – English",
        "Reminder – Norsk bokmål",
        "Reminder – Norsk nynorsk",
        "Reminder – English",
    ]
    kwargs = {"pk": round.project_id, "round_pk": round.pk}
    assert [href for href, _text in links] == [
        reverse("fieldwork:text", kwargs={**kwargs, "kind": kind, "language": language})
        for kind in ("invitasjon", "purring")
        for language in ("nb", "nn", "en")
    ]


def test_the_reminder_limits_are_the_new_fieldworks_until_changed(facilitator, world):
    round = world["round_a"]
    text = "to nobody more than {} times, and to nobody sooner than {} hours after their last"
    assert text.format(3, 48) in visible_text(_fieldwork_page(facilitator, round))
    Fieldwork.objects.filter(round=round).update(max_reminders=5, reminder_interval_hours=24)
    assert text.format(5, 24) in visible_text(_fieldwork_page(facilitator, round))


def test_without_fieldwork_the_limits_are_the_models_defaults() -> None:
    assert presenters.reminder_limits(None) == presenters.ReminderLimits(most=3, hours=48)


def test_an_opted_out_invitee_is_marked_and_another_is_not(facilitator, world):
    round = world["round_a"]
    contacts = ["ut@example.no,Ut,kommunen,nb", "inne@example.no,Inne,kommunen,nb"]
    assert import_contacts(facilitator, round, contacts).status_code == 302
    Invitee.objects.filter(email="ut@example.no").update(status=Invitee.Status.OPTED_OUT)
    page = _fieldwork_page(facilitator, round)
    rows = re.findall(r"<tr><td>([^<]+)</td>.*?<td>([^<]*)</td></tr>", page)
    assert ("ut@example.no", "yes") in rows and ("inne@example.no", "") in rows


def test_the_edition_page_has_one_table_per_frame_variable(edition, analyst):
    assert import_units(analyst, edition, ["a@kommune.no,Ada,nb,0301,11,1,5"]).status_code == 302
    page = analyst.get(reverse("fieldwork_edition:edition", kwargs={"pk": edition.pk}), **EN)
    html = page.content.decode()
    captions = re.findall(
        r'<table class="ds-table samson-rate">\s*<caption>([^<]+)</caption>', html
    )
    heads = re.findall(
        r'<table class="ds-table samson-rate">.*?<thead><tr><th scope="col">([^<]+)</th>',
        html,
        re.S,
    )
    assert captions, html
    assert [caption.split(":")[0] for caption in captions] == heads
    names = ["Sector", "Unit type", "Region", "Municipality size", "Municipality"]
    assert captions == [
        f"{name}: no count of started or finished units below 5 is shown." for name in names
    ]
    assert heads == names
