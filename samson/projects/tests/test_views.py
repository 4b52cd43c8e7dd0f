"""The facilitator's pages through the test client: what they create, refuse and show.

New messages are asserted in English (Accept-Language: en) until the catalogues have them.
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from samson.accounts.models import Invitation
from samson.projects.models import Project, ProjectFacilitator, Round
from samson.responses.models import Response

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _create(client, world, **changes):
    data = {
        "title": "Aktivitetshuset",
        "description": "Et hus for alle.",
        "organisation": world["project_a"].organisation_id,
        "instrument_key": "samson",
        "min_group_size": 6,
        "party_presets": ["kommunen", "frivillige"],
        "party_names": "Ungdomsrådet\n\n  Biblioteket  \nungdomsrådet",
    }
    data.update(changes)
    return client.post(reverse("projects:create"), data, **EN)


def test_create_a_project_with_presets_and_free_names(client, world):
    client.force_login(world["owner_a"])
    reply = _create(client, world)
    project = Project.objects.get(title="Aktivitetshuset")
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert (project.instrument_key, project.min_group_size, project.description) == (
        "samson",
        6,
        "Et hus for alle.",
    )
    assert [(p.name, p.preset) for p in project.parties.all()] == [
        ("Kommunen", "kommunen"),
        ("Frivillig sektor", "frivillige"),
        ("Ungdomsrådet", ""),
        ("Biblioteket", ""),
    ]
    owner = ProjectFacilitator.objects.get(project=project)
    assert (owner.user, owner.role) == (world["owner_a"], ProjectFacilitator.Role.OWNER)


def test_the_create_page_offers_the_imported_samson_instruments(client, world):
    client.force_login(world["owner_a"])
    page = client.get(reverse("projects:create"), **EN).content.decode()
    options = re.findall(r'<option value="(samson[^"]*)"( selected)?>([^<]*)</option>', page)
    assert options == [
        ("samson", " selected", "SAMSON – co-creation assessment"),
        ("samson-kort", "", "SAMSON – quick assessment"),
    ]


def test_a_project_can_use_the_quick_instrument(client, world):
    client.force_login(world["owner_a"])
    _create(client, world, instrument_key="samson-kort")
    project = Project.objects.get(title="Aktivitetshuset")
    round = Round.objects.get(pk=_round_create(client, project, "Oppstart"))
    assert round.instrument_version.key == "samson-kort"


def test_an_unknown_instrument_is_refused(client, world):
    client.force_login(world["owner_a"])
    reply = _create(client, world, instrument_key="tull")
    assert reply.status_code == 200
    assert "Select a valid choice. tull is not one of the available choices." in (
        reply.content.decode()
    )
    assert not Project.objects.filter(title="Aktivitetshuset").exists()


@override_settings(SAMSON_MIN_GROUP_SIZE=6)
def test_the_minimum_group_size_is_never_below_the_site_setting(client, world):
    client.force_login(world["owner_a"])
    reply = _create(client, world, min_group_size=5)
    assert reply.status_code == 200
    assert "The minimum group size cannot be lower than 6." in reply.content.decode()
    assert not Project.objects.filter(title="Aktivitetshuset").exists()


@override_settings(SAMSON_MIN_GROUP_SIZE=2)
def test_the_minimum_group_size_is_never_below_three(client, world):
    client.force_login(world["owner_a"])
    page = client.get(reverse("projects:create"), **EN).content.decode()
    assert 'name="min_group_size" value="3"' in page
    reply = _create(client, world, min_group_size=2)
    assert "The minimum group size cannot be lower than 3." in reply.content.decode()
    assert not Project.objects.filter(title="Aktivitetshuset").exists()


def test_a_project_needs_a_party(client, world):
    client.force_login(world["owner_a"])
    reply = _create(client, world, party_presets=[], party_names="  \n ")
    assert reply.status_code == 200
    assert "Name at least one party." in reply.content.decode()
    assert not Project.objects.filter(title="Aktivitetshuset").exists()


@pytest.mark.parametrize(
    ("language", "presets", "names", "message"),
    [
        (
            "nb",
            ["kommunen"],
            "",
            "Samskaping trenger minst to parter, for eksempel kommunen og innbyggerne. "
            "Legg til én part til.",
        ),
        (
            "nn",
            [],
            "Ungdomsrådet\nungdomsrådet",
            "Samskaping treng minst to partar, til dømes kommunen og innbyggjarane. "
            "Legg til éin part til.",
        ),
        (
            "en",
            ["kommunen"],
            "Kommunen",
            "Co-creation needs at least two parties, for example the municipality and its "
            "citizens. Add one more party.",
        ),
    ],
)
def test_a_project_of_one_party_is_refused(client, world, language, presets, names, message):
    client.force_login(world["owner_a"])
    data = {
        "title": "Alene",
        "organisation": world["project_a"].organisation_id,
        "instrument_key": "samson",
        "min_group_size": 5,
        "party_presets": presets,
        "party_names": names,
    }
    reply = client.post(reverse("projects:create"), data, HTTP_ACCEPT_LANGUAGE=language)
    assert reply.status_code == 200
    assert message in reply.content.decode()
    assert not Project.objects.filter(title="Alene").exists()
    # Editing the parties of an existing project down to one is refused the same way.
    project = world["project_a"]
    reply = client.post(
        reverse("projects:parties", kwargs={"pk": project.pk}),
        {"party_presets": presets, "party_names": names},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert message in reply.content.decode()
    assert project.parties.count() == 2


def test_change_the_parties(client, world):
    project = world["project_a"]
    client.force_login(world["co_a"])
    url = reverse("projects:parties", kwargs={"pk": project.pk})
    page = client.get(url, **EN).content.decode()
    assert 'value="kommunen" id="id_party_presets_0" checked' in page
    reply = client.post(
        url, {"party_presets": ["innbyggere"], "party_names": "Kommunen\nSkolen"}, **EN
    )
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert [p.name for p in project.parties.all()] == [
        "Innbyggere og brukere",
        "Kommunen",
        "Skolen",
    ]
    detail = client.get(reply["Location"], **EN).content.decode()
    assert "The parties are saved." in detail


def test_a_party_with_answers_stays(client, world):
    project, round = world["project_a"], world["round_a"]
    Response.objects.create(
        instrument_version=round.instrument_version,
        round=round,
        party=project.parties.get(preset="innbyggere"),
        token_hash="a" * 64,
        language="nb",
    )
    client.force_login(world["owner_a"])
    reply = client.post(
        reverse("projects:parties", kwargs={"pk": project.pk}),
        {"party_presets": ["kommunen"], "party_names": "Biblioteket"},
        **EN,
    )
    assert reply.status_code == 200
    assert (
        "These parties already have answers and cannot be removed: Innbyggere og brukere."
        in reply.content.decode()
    )
    assert project.parties.count() == 2


def test_the_owner_invites_a_co_facilitator(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    url = reverse("projects:invite", kwargs={"pk": project.pk})
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(url, {"email": "ny@example.no"}, **EN)
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.project, invitation.invited_by) == (
        "ny@example.no",
        project,
        world["owner_a"],
    )
    assert len(mailoutbox) == 1
    assert "http://testserver/konto/invitasjon/" in mailoutbox[0].body
    assert "We have sent an invitation to ny@example.no." in (
        client.get(reply["Location"], **EN).content.decode()
    )
    again = client.post(url, {"email": world["co_a"].email}, **EN)
    assert again.status_code == 200
    assert f"{world['co_a'].email} is already a facilitator of this project." in (
        again.content.decode()
    )
    assert Invitation.objects.count() == 1


def test_an_invalid_e_mail_address_is_refused(client, world, mailoutbox):
    client.force_login(world["owner_a"])
    reply = client.post(
        reverse("projects:invite", kwargs={"pk": world["project_a"].pk}), {"email": "ikke"}, **EN
    )
    assert "Enter a valid email address." in reply.content.decode()
    assert (Invitation.objects.count(), mailoutbox) == (0, [])


def _round_create(client, project, label):
    reply = client.post(
        reverse("projects:round_create", kwargs={"pk": project.pk}), {"label": label}, **EN
    )
    return int(reply["Location"].rstrip("/").split("/")[-1])


def test_create_a_round_with_a_suggested_label(client, world):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    detail = client.get(reverse("projects:detail", kwargs={"pk": project.pk}), **EN)
    assert (
        '<datalist id="round-labels"><option value="Oppstart"></option>'
        '<option value="Underveis"></option><option value="Avslutning"></option></datalist>'
    ) in detail.content.decode()
    round = Round.objects.get(pk=_round_create(client, project, "Underveis"))
    assert (round.label, round.state, round.project) == ("Underveis", "utkast", project)


def test_a_round_needs_a_label(client, world):
    project = world["project_a"]
    client.force_login(world["owner_a"])
    reply = client.post(
        reverse("projects:round_create", kwargs={"pk": project.pk}), {"label": " "}, **EN
    )
    assert reply.status_code == 200
    assert "This field is required." in reply.content.decode()
    assert project.rounds.count() == 1


def test_the_round_page(client, world):
    project, round = world["project_a"], world["round_a"]
    client.force_login(world["co_a"])
    page = client.get(
        reverse("projects:round", kwargs={"pk": project.pk, "round_pk": round.pk}), **EN
    ).content.decode()
    join_url = f"http://testserver/delta/{round.join_code}/"
    assert f'<span class="samson-join-code">{round.join_code}</span>' in page
    assert f'<a class="ds-link" href="{join_url}">{join_url}</a>' in page
    assert f'<svg role="img" aria-label="QR code for {join_url}"' in page
    # The counts as the results show them (samson/projects/tests/test_round_counts.py).
    assert re.findall(r'<th scope="row">([^<]*)</th><td>(?:<span[^>]*>)?([^<]*)<', page) == [
        ("Kommunen", "no answers"),
        ("Innbyggere og brukere", "no answers"),
        ("All participants", "no answers"),
    ]
    assert "How the round is answered: <strong>open code</strong>." in page
    assert "Possible duplicates: <strong>0</strong>" in page
    for name in ("results:round", "results:workshop", "results:freetext"):
        assert reverse(name, kwargs={"project_pk": project.pk, "round_pk": round.pk}) in page
    assert reverse("results:compare", kwargs={"project_pk": project.pk}) in page


@pytest.mark.parametrize(
    ("start", "to", "state", "message"),
    [
        ("utkast", "apen", "apen", "The round is open. Participants can answer now."),
        ("apen", "lukket", "lukket", "The round is closed. No more answers are taken."),
        ("apen", "apen", "apen", "Only a draft round can be opened. This round is open."),
        ("utkast", "lukket", "utkast", "Only an open round can be closed. This round is draft."),
        ("lukket", "apen", "lukket", "Only a draft round can be opened. This round is closed."),
        ("lukket", "utkast", "lukket", "A round can only be opened or closed."),
        ("utkast", "", "utkast", "A round can only be opened or closed."),
    ],
)
def test_open_and_close_a_round(client, world, start, to, state, message):
    project, round = world["project_a"], world["round_a"]
    Round.objects.filter(pk=round.pk).update(state=start)
    client.force_login(world["owner_a"])
    reply = client.post(
        reverse("projects:round_state", kwargs={"pk": project.pk, "round_pk": round.pk}),
        {"to": to, "confirmed": "1"},
        follow=True,
        **EN,
    )
    round.refresh_from_db()
    assert round.state == state
    assert message in reply.content.decode()


def test_closing_asks_first_and_can_be_cancelled(client, world):
    project, round = world["project_a"], world["round_a"]
    Round.objects.filter(pk=round.pk).update(state="apen")
    client.force_login(world["owner_a"])
    confirm_url = reverse("projects:round_close", kwargs={"pk": project.pk, "round_pk": round.pk})
    round_url = reverse("projects:round", kwargs={"pk": project.pk, "round_pk": round.pk})
    # The round page links to the question (a link: it works without JavaScript).
    assert (
        f'href="{confirm_url}">Close the round</a>' in client.get(round_url, **EN).content.decode()
    )
    # A close without the confirmation is taken to the question and changes nothing.
    state_url = reverse("projects:round_state", kwargs={"pk": project.pk, "round_pk": round.pk})
    reply = client.post(state_url, {"to": "lukket"}, **EN)
    assert reply["Location"] == confirm_url
    page = client.get(confirm_url, **EN).content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Close the round?</h1>' in page
    assert "You can reopen the round as long as none of its results has been shown" in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    assert f'<a class="ds-link" href="{round_url}">No, keep it open</a>' in page
    round.refresh_from_db()
    assert round.state == "apen"
    reply = client.post(state_url, {"to": "lukket", "confirmed": "1"}, follow=True, **EN)
    round.refresh_from_db()
    assert round.state == "lukket"
    assert "The round is closed. No more answers are taken." in reply.content.decode()
    # Asking again about a closed round says why not, on the round page.
    reply = client.get(confirm_url, follow=True, **EN)
    assert "Only an open round can be closed. This round is closed." in reply.content.decode()


def test_the_close_question_is_for_managers_only(client, world):
    project, round = world["project_a"], world["round_a"]
    Round.objects.filter(pk=round.pk).update(state="apen")
    url = reverse("projects:round_close", kwargs={"pk": project.pk, "round_pk": round.pk})
    client.force_login(world["owner_b"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.parametrize(
    ("released", "state", "message"),
    [
        (None, "apen", "The round is open again. Participants can answer."),
        (
            "revealed",
            "lukket",
            "This round cannot be reopened: its results have already been shown (in the "
            "workshop view, a published follow-up or released free text).",
        ),
        (
            "follow_up",
            "lukket",
            "This round cannot be reopened: its results have already been shown (in the "
            "workshop view, a published follow-up or released free text).",
        ),
    ],
)
def test_reopen_a_closed_round(client, world, released, state, message):
    from samson.audit.models import AuditEntry
    from samson.projects import services

    project, round = world["project_a"], world["round_a"]
    round = services.round_close(round=services.round_open(round=round))
    if released == "revealed":
        services.round_reveal(round=round, step=1)
    elif released == "follow_up":
        services.round_follow_up_publish(round=round, text="Vi tok med forslagene.")
    client.force_login(world["owner_a"])
    round_url = reverse("projects:round", kwargs={"pk": project.pk, "round_pk": round.pk})
    page = client.get(round_url, **EN).content.decode()
    assert ("Reopen the round" in page) is (released is None)
    assert ("it can no longer be reopened" in page) is (released is not None)
    reply = client.post(
        reverse("projects:round_state", kwargs={"pk": project.pk, "round_pk": round.pk}),
        {"to": "apen", "reopen": "1"},
        follow=True,
        **EN,
    )
    round.refresh_from_db()
    assert round.state == state
    assert message in reply.content.decode()
    entries = list(
        AuditEntry.objects.filter(action="round.transition", object_id=str(round.pk))
        .order_by("pk")
        .values_list("details", flat=True)
    )
    expected: list[dict[str, object]] = [{"to": "apen"}, {"to": "lukket"}]
    if released is None:
        expected.append({"to": "apen", "reopened": True})
        assert round.closed_at is None
    assert entries == expected


def test_reopen_is_refused_once_free_text_is_released(client, world):
    from samson.projects import services
    from samson.responses.models import Answer

    project, round = world["project_a"], world["round_a"]
    round = services.round_open(round=round)
    response = Response.objects.create(
        instrument_version=round.instrument_version,
        round=round,
        party=project.parties.first(),
        token_hash="0" * 64,
        purpose=Response.Purpose.ROUND,
        language="nb",
    )
    answer = Answer.objects.create(response=response, item_id="fritekst", text="Bra")
    round = services.round_close(round=round)
    assert services.round_results_released(round) is False
    Answer.objects.filter(pk=answer.pk).update(released_at=round.closed_at)
    assert services.round_results_released(round) is True
    with pytest.raises(services.RoundStateError):
        services.round_reopen(round=round)


def test_publish_the_follow_up(client, world):
    project, round = world["project_a"], world["round_a"]
    client.force_login(world["owner_a"])
    url = reverse("projects:round_follow_up", kwargs={"pk": project.pk, "round_pk": round.pk})
    reply = client.post(url, {"text": "Vi flyttet åpningstidene."}, follow=True, **EN)
    round.refresh_from_db()
    assert round.follow_up == "Vi flyttet åpningstidene."
    assert round.follow_up_published_at is not None
    assert "The follow-up is published." in reply.content.decode()
    reply = client.post(url, {"text": ""}, follow=True, **EN)
    round.refresh_from_db()
    assert (round.follow_up, round.follow_up_published_at) == ("", None)
    assert "The follow-up is withdrawn." in reply.content.decode()
