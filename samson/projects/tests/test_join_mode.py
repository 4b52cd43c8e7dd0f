"""How participants join a new round: chosen on the project page, invitation-only by default
wherever a minimum group size above 1 applies, and what the join code then does."""

import re

import pytest
from django.urls import reverse

from samson.audit.models import AuditEntry
from samson.fieldwork.models import Fieldwork
from samson.projects import services
from samson.projects.models import Round
from samson.responses.models import Response

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
INVITATION_ONLY = (
    "This round is answered only through personal invitations sent by e-mail, so the join "
    "code cannot start an answer."
)


def _create(client, project, **data):
    return client.post(
        reverse("projects:round_create", kwargs={"pk": project.pk}),
        {"label": "Underveis", **data},
        **EN,
    )


def _new_round(client, project, **data) -> Round:
    reply = _create(client, project, **data)
    assert reply.status_code == 302
    return Round.objects.get(pk=int(reply["Location"].rstrip("/").split("/")[-1]))


def _start(client, round):
    party = round.project.parties.first()
    return client.post(
        f"/delta/{round.join_code}/", {"party": party.pk, "start_key": "k" * 22}, **EN
    )


def test_the_form_offers_three_ways_with_invitation_only_chosen(client, world):
    client.force_login(world["owner_a"])
    page = client.get(
        reverse("projects:detail", kwargs={"pk": world["project_a"].pk}), **EN
    ).content.decode()
    fieldset = re.search(r'<fieldset class="[^"]*samson-join-modes.*?</fieldset>', page, re.S)
    assert fieldset, page
    html = fieldset.group(0)
    assert '<legend class="ds-label">How participants join</legend>' in html
    assert "a few extra answers can lift a small party over the minimum group size" in html
    radios = re.findall(
        r'<input class="ds-input" type="radio" name="join_mode" value="(\w+)"', html
    )
    assert radios == ["invitert", "begge", "kode"]
    checked = re.findall(r'value="(\w+)" id="[^"]+" checked>', html)
    assert checked == ["invitert"]
    labels = re.findall(r'<label class="ds-label" for="id_join_mode_\d">([^<]+)</label>', html)
    assert labels == [
        "Personal invitations only",
        "Join code and personal invitations",
        "Open join code",
    ]


def test_without_a_minimum_above_1_both_is_chosen(client, world, monkeypatch):
    # The floor is 3 today, so only this forces the rule's other branch.
    monkeypatch.setattr("samson.fieldwork.services.minimum_group_size", lambda project: 1)
    client.force_login(world["owner_a"])
    page = client.get(
        reverse("projects:detail", kwargs={"pk": world["project_a"].pk}), **EN
    ).content.decode()
    assert re.findall(r'value="(\w+)" id="id_join_mode_\d" checked>', page) == ["begge"]
    assert Fieldwork.objects.get(round=_new_round(client, world["project_a"])).mode == "begge"


def test_the_default_is_invitation_only_and_the_code_starts_nothing(client, world):
    client.force_login(world["owner_a"])
    round = _new_round(client, world["project_a"])  # no mode sent: the default
    assert Fieldwork.objects.get(round=round).mode == Fieldwork.Mode.INVITED
    entry = AuditEntry.objects.get(action="fieldwork.settings", object_id=str(round.pk))
    assert entry.details == {"mode": "invitert"}
    page = client.get(
        reverse("projects:round", kwargs={"pk": round.project_id, "round_pk": round.pk}), **EN
    ).content.decode()
    assert "How participants joined: <strong>personal invitations only</strong>" in page
    assert (
        "This round is answered only through personal invitations: the join code, the link "
        "and the QR code above start no answer."
    ) in page
    invitations = reverse("fieldwork:round", kwargs={"pk": round.project_id, "round_pk": round.pk})
    assert (
        "To change how participants join, choose another way on the invitations page: "
        f'<a class="ds-link" href="{invitations}#settings-heading">'
    ) in page

    services.round_transition(round=round, to=Round.State.OPEN)
    client.logout()
    # Through the join form at /delta/: the code is found, and its page says why not.
    joined = client.post("/delta/", {"code": round.join_code}, **EN, follow=True)
    assert INVITATION_ONLY in joined.content.decode()
    assert 'name="party"' not in joined.content.decode()
    started = _start(client, round)
    assert started.status_code == 403
    assert INVITATION_ONLY in started.content.decode()
    assert not Response.objects.filter(round=round).exists()


@pytest.mark.parametrize("mode", ["kode", "begge"])
def test_a_round_with_a_code_is_answered_by_its_code(client, world, mode):
    client.force_login(world["owner_a"])
    round = _new_round(client, world["project_a"], join_mode=mode)
    assert Fieldwork.objects.get(round=round).mode == mode
    page = client.get(
        reverse("projects:round", kwargs={"pk": round.project_id, "round_pk": round.pk}), **EN
    ).content.decode()
    assert "samson-code-inactive" not in page
    services.round_transition(round=round, to=Round.State.OPEN)
    client.logout()
    started = _start(client, round)
    assert started.status_code == 302
    assert started["Location"].startswith("/vurdering/")
    assert Response.objects.filter(round=round).count() == 1


@pytest.mark.parametrize("mode", ["tull", "KODE", "kode ", "<script>"])
def test_an_unknown_mode_makes_no_round(client, world, mode):
    client.force_login(world["owner_a"])
    before = (Round.objects.count(), Fieldwork.objects.count())
    reply = _create(client, world["project_a"], join_mode=mode)
    assert reply.status_code == 200
    page = reply.content.decode()
    assert "Select a valid choice." in page
    assert "<script>" not in page.split("<main", 1)[1]
    assert (Round.objects.count(), Fieldwork.objects.count()) == before


def test_the_round_and_its_mode_are_made_together(client, world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    # The round's fieldwork is made inside the transaction that makes the round.
    monkeypatch.setattr("samson.fieldwork.receivers.fieldwork_for_round", broken)
    client.force_login(world["owner_a"])
    client.raise_request_exception = True
    before = (Round.objects.count(), Fieldwork.objects.count())
    with pytest.raises(RuntimeError):
        _create(client, world["project_a"], join_mode="kode")
    assert (Round.objects.count(), Fieldwork.objects.count()) == before


def test_another_organisations_facilitator_cannot_make_a_round(client, world):
    client.force_login(world["owner_b"])
    before = (Round.objects.count(), Fieldwork.objects.count())
    assert _create(client, world["project_a"], join_mode="kode").status_code == 404
    assert (Round.objects.count(), Fieldwork.objects.count()) == before


def test_a_round_without_fieldwork_still_answers_by_its_code(client, world):
    # Rounds made before the mode was chosen at creation have no fieldwork.
    Fieldwork.objects.filter(round=world["round_a"]).delete()
    round = services.round_transition(round=world["round_a"], to=Round.State.OPEN)
    assert _start(client, round).status_code == 302


@pytest.mark.parametrize(
    ("language", "legend", "why"),
    [
        ("nb", "Slik blir deltakerne med", "kan én person svare flere ganger"),
        ("nn", "Slik blir deltakarane med", "kan éin person svare fleire gonger"),
    ],
)
def test_the_choice_is_in_the_readers_language(client, world, language, legend, why):
    client.force_login(world["owner_a"])
    page = client.get(
        reverse("projects:detail", kwargs={"pk": world["project_a"].pk}),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert f'<legend class="ds-label">{legend}</legend>' in page
    assert why in page


def test_every_route_that_makes_a_round_gives_it_the_default_mode(client, world):
    # The service itself (what every route calls) ...
    made = services.round_create(project=world["project_a"], label="Underveis")
    assert Fieldwork.objects.get(round=made).mode == Fieldwork.Mode.INVITED
    # ... and a solo assessment turned into a project: its first round does not answer by code.
    from samson.instruments.selectors import instrument_version_get
    from samson.responses.services import response_start

    _solo, token = response_start(
        instrument_version=instrument_version_get(key="samson-kort"), language="nb"
    )
    client.force_login(world["owner_a"])
    client.post(
        reverse("responses:project_from_result", kwargs={"token": token}),
        {
            "title": "Fra vurdering",
            "organisation": world["project_a"].organisation_id,
            "min_group_size": 5,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    first = Round.objects.get(project__title="Fra vurdering")
    assert Fieldwork.objects.get(round=first).mode == Fieldwork.Mode.INVITED
    opened = services.round_transition(round=first, to=Round.State.OPEN)
    client.logout()
    before = Response.objects.filter(round=opened).count()
    started = _start(client, opened)
    assert started.status_code == 403
    assert INVITATION_ONLY in started.content.decode()
    assert Response.objects.filter(round=opened).count() == before == 1


def test_two_signals_never_make_two_fieldworks(world):
    from samson.projects.signals import round_created

    round = world["round_a"]
    round_created.send(sender=Round, round=round)
    round_created.send(sender=Round, round=round)
    assert Fieldwork.objects.filter(round=round).count() == 1
    assert Fieldwork.objects.get(round=round).mode == Fieldwork.Mode.OPEN
