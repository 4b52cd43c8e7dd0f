import re

import pytest
from django.test import override_settings
from django.utils import translation

from samson.accounts.tests.factories import OrganisationFactory
from samson.instruments.models import InstrumentVersion
from samson.projects import services
from samson.projects.codes import ALPHABET, join_code_normalise
from samson.projects.models import Party, ProjectFacilitator, Round

from .factories import facilitator, project_with_parties


@pytest.fixture
def owner_and_org(instruments):
    organisation = OrganisationFactory.create()
    return facilitator(organisation), organisation


def test_project_gets_preset_and_free_parties_and_its_owner(owner_and_org):
    owner, organisation = owner_and_org
    project = services.project_create(
        owner=owner,
        organisation=organisation,
        title="Ungdomshuset",
        party_presets=["kommunen", "frivillige"],
        party_names=["Ungdomsrådet", " ", "ungdomsrådet", "Biblioteket"],
    )
    assert [(p.name, p.preset) for p in project.parties.all()] == [
        ("Kommunen", "kommunen"),
        ("Frivillig sektor", "frivillige"),
        ("Ungdomsrådet", ""),
        ("Biblioteket", ""),
    ]
    assert ProjectFacilitator.objects.get(project=project).user == owner
    assert ProjectFacilitator.objects.get(project=project).role == "eier"
    assert project.min_group_size == 5


@override_settings(SAMSON_MIN_GROUP_SIZE=6)
def test_min_group_size_is_never_below_the_site_setting(owner_and_org):
    owner, organisation = owner_and_org
    low = project_with_parties(owner, organisation, min_group_size=3)
    high = project_with_parties(owner, organisation, min_group_size=9)
    assert (low.min_group_size, high.min_group_size) == (6, 9)


def test_round_pins_the_newest_version_and_gets_a_join_code(owner_and_org):
    owner, organisation = owner_and_org
    project = project_with_parties(owner, organisation)
    round = services.round_create(project=project, label="Oppstart")
    assert round.instrument_version == InstrumentVersion.objects.get(key="samson", version=2)
    assert round.state == Round.State.DRAFT
    assert re.fullmatch(f"[{ALPHABET}]{{10}}", round.join_code)
    assert join_code_normalise(f" {round.join_code[:4].lower()}-{round.join_code[4:]} ") == (
        round.join_code
    )


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("utkast", "apen", True),
        ("utkast", "lukket", False),
        ("apen", "lukket", True),
        ("apen", "utkast", False),
        ("lukket", "apen", False),
        ("lukket", "utkast", False),
        ("apen", "apen", False),
        ("utkast", "tull", False),
    ],
)
def test_round_state_machine(owner_and_org, start, to, allowed):
    owner, organisation = owner_and_org
    round = services.round_create(
        project=project_with_parties(owner, organisation), label="Underveis"
    )
    Round.objects.filter(pk=round.pk).update(state=start)
    round.refresh_from_db()
    if allowed:
        assert services.round_transition(round=round, to=to).state == to
    else:
        with pytest.raises(services.RoundStateError):
            services.round_transition(round=round, to=to)
        round.refresh_from_db()
        assert round.state == start


def test_opening_and_closing_stamp_the_times(owner_and_org):
    owner, organisation = owner_and_org
    round = services.round_create(
        project=project_with_parties(owner, organisation), label="Avslutning"
    )
    opened = services.round_transition(round=round, to="apen")
    assert opened.opened_at is not None and opened.closed_at is None
    closed = services.round_transition(round=opened, to="lukket")
    assert closed.closed_at is not None and closed.opened_at is not None
    assert closed.closed_at >= closed.opened_at


def test_follow_up_is_published_and_withdrawn(owner_and_org):
    owner, organisation = owner_and_org
    round = services.round_create(
        project=project_with_parties(owner, organisation), label="Oppstart"
    )
    services.round_follow_up_publish(round=round, text="  Vi flyttet åpningstidene.  ")
    round.refresh_from_db()
    assert round.follow_up == "Vi flyttet åpningstidene."
    assert round.follow_up_published_at is not None
    services.round_follow_up_publish(round=round, text="")
    round.refresh_from_db()
    assert round.follow_up_published_at is None
    assert Party.objects.filter(project=round.project).count() == 2


@pytest.mark.parametrize(
    ("start", "action", "allowed", "message"),
    [
        ("utkast", "round_open", True, None),
        (
            "apen",
            "round_open",
            False,
            "Bare en måling som er et utkast, kan åpnes. Denne målingen er åpen.",
        ),
        (
            "lukket",
            "round_open",
            False,
            "Bare en måling som er et utkast, kan åpnes. Denne målingen er lukket.",
        ),
        ("apen", "round_close", True, None),
        (
            "utkast",
            "round_close",
            False,
            "Bare en åpen måling kan lukkes. Denne målingen er utkast.",
        ),
        (
            "lukket",
            "round_close",
            False,
            "Bare en åpen måling kan lukkes. Denne målingen er lukket.",
        ),
    ],
)
def test_round_open_and_close(owner_and_org, start, action, allowed, message):
    owner, organisation = owner_and_org
    round = services.round_create(
        project=project_with_parties(owner, organisation), label="Oppstart"
    )
    Round.objects.filter(pk=round.pk).update(state=start)
    round.refresh_from_db()
    if allowed:
        changed = getattr(services, action)(round=round)
        assert changed.state == {"round_open": "apen", "round_close": "lukket"}[action]
    else:
        with pytest.raises(services.RoundStateError) as error:
            getattr(services, action)(round=round)
        assert str(error.value) == message
        round.refresh_from_db()
        assert round.state == start


def test_round_label_is_trimmed_and_the_newest_version_pinned(owner_and_org):
    owner, organisation = owner_and_org
    project = project_with_parties(owner, organisation)
    newer = InstrumentVersion.objects.get(key="samson", version=2)
    newer.pk = None
    newer.version = 3
    newer.save()
    round = services.round_create(project=project, label="  Underveis ")
    assert (round.label, round.instrument_version.version) == ("Underveis", 3)


def test_parties_are_added_reordered_and_removed(owner_and_org):
    owner, organisation = owner_and_org
    project = services.project_create(
        owner=owner,
        organisation=organisation,
        title="Parker",
        party_presets=["kommunen", "innbyggere"],
        party_names=["Idrettslaget"],
    )
    kommunen = project.parties.get(preset="kommunen")
    services.project_parties_set(
        project=project,
        party_presets=["kommunen", "naeringsliv"],
        party_names=["Biblioteket", "idrettslaget", "Næringsliv"],
    )
    assert [(p.name, p.preset, p.position) for p in project.parties.all()] == [
        ("Kommunen", "kommunen", 0),
        ("Næringsliv", "naeringsliv", 1),
        ("Biblioteket", "", 2),
        ("Idrettslaget", "", 3),
    ]
    assert project.parties.get(preset="kommunen").pk == kommunen.pk


def test_a_party_with_answers_cannot_be_removed(owner_and_org):
    from samson.responses.models import Response

    owner, organisation = owner_and_org
    project = project_with_parties(owner, organisation)
    round = services.round_create(project=project, label="Oppstart")
    citizens = project.parties.get(preset="innbyggere")
    Response.objects.create(
        instrument_version=round.instrument_version,
        round=round,
        party=citizens,
        token_hash="x" * 64,
        language="nb",
    )
    with pytest.raises(services.ProjectError) as error, translation.override("en"):
        services.project_parties_set(
            project=project, party_presets=["kommunen"], party_names=["Nye"]
        )
    assert str(error.value) == (
        "These parties already have answers and cannot be removed: Innbyggere og brukere."
    )
    assert [p.name for p in project.parties.all()] == ["Kommunen", "Innbyggere og brukere"]


def test_inviting_a_co_facilitator_sends_one_e_mail(
    owner_and_org, django_capture_on_commit_callbacks, mailoutbox
):
    owner, organisation = owner_and_org
    project = project_with_parties(owner, organisation, title="Torget")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.facilitator_invite(
            project=project, email=" Ny@Example.no ", invited_by=owner, site_url="https://s.no/"
        )
    assert (invitation.email, invitation.project, invitation.organisation) == (
        "ny@example.no",
        project,
        organisation,
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ny@example.no"]
    assert "Torget" in mailoutbox[0].body
    assert "https://s.no/konto/invitasjon/" in mailoutbox[0].body


def test_an_existing_facilitator_is_not_invited_again(owner_and_org, mailoutbox):
    owner, organisation = owner_and_org
    project = project_with_parties(owner, organisation)
    with pytest.raises(services.ProjectError) as error, translation.override("en"):
        services.facilitator_invite(
            project=project, email=owner.email.upper(), invited_by=owner, site_url="http://x"
        )
    assert str(error.value) == f"{owner.email} is already a facilitator of this project."
    assert mailoutbox == []
