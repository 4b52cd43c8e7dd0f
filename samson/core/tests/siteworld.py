"""A small site with one of everything a URL can name, for tests that visit every page.

A facilitator's project (the demo project: a closed round with answers, background
questions and a follow-up, an open round, plus one free-text answer), the public example
result and a solo assessment under way, a participant who joined the open round, an
analyst's published barometer edition with synthetic data, a second edition to compare with,
a pending import and an invitation link, an account invitation, a password-reset link and an
API key. Everything is made through services, as the site makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.services import invitation_create
from samson.api.services import token_create
from samson.barometer import services as barometer_services
from samson.barometer.models import Edition, PendingImport
from samson.fieldwork import services as fieldwork_services
from samson.fieldwork.contacts import ContactRow
from samson.fieldwork.links import link_token
from samson.instruments.selectors import instrument_version_get
from samson.participation.demo import DEMO_TITLE, DEMO_USERNAME, demo_project_load
from samson.projects.models import Project, Round
from samson.responses import services as response_services
from samson.responses.demo import demo_load
from samson.responses.models import Answer
from samson.responses.selectors import DEMO_TOKEN

from .htmlforms import page_forms

ROLES = ("anonymous", "participant", "facilitator", "analyst", "admin")
PASSWORD = "samson-fuzz-1"
FORGETFUL = "glemsk@fuzz.example.no"
SMALL_CSV = (
    b"enhet,landsdel,B1_PRODUKT,B1_TJENESTE,B1_PROSESS,B1_KOMMUNIKASJON,sektor,storrelse\n"
    b"11,1,1,0,0,0,1,1\n21,1,0,0,0,0,2,1\n"
)


@dataclass
class SiteWorld:
    users: dict[str, User | None]
    organisation: Organisation
    project: Project
    closed_round: Round
    open_round: Round
    edition: Edition
    other_edition: Edition
    pending: PendingImport
    solo_token: str
    invitation_token: str
    account_invitation_token: str
    reset_uid: str
    reset_token: str
    api_key_pk: int
    participant_token: str = ""
    fieldwork_link_token: str = ""
    clients: dict[str, Client] = field(default_factory=dict)


def site_world() -> SiteWorld:
    """Build the site; the `instruments` fixture must have stored the shipped instruments."""
    demo_project_load()
    demo_load()
    project = Project.objects.get(title=DEMO_TITLE)
    facilitator = User.objects.get(username=DEMO_USERNAME)
    closed, open_ = project.rounds.order_by("pk")
    answered = closed.responses.order_by("pk").first()
    assert answered is not None
    Answer.objects.create(response=answered, item_id="FRI-BRA", text="Mer tid til ungdommene.")

    solo_version = instrument_version_get(key="samson-kort")
    _response, solo_token = response_services.response_start(
        instrument_version=solo_version, language="nb"
    )

    ks = Organisation.objects.create(name="KS (fuzz)")
    analyst = User.objects.create_user("analytiker@fuzz.example.no", password=PASSWORD)
    Membership.objects.create(user=analyst, organisation=ks, role=Membership.Role.ANALYST)
    edition = barometer_services.edition_create(
        organisation=ks, user=analyst, year=2025, title="Fuzz 2025", sectors=[1, 2, 3, 4, 5]
    )
    barometer_services.synthetic_load(edition=edition, n=300)
    barometer_services.edition_settings(edition=edition, published=True, open=True)
    other = barometer_services.edition_create(
        organisation=ks, user=analyst, year=2024, title="Fuzz 2024", sectors=[1, 2, 3, 4, 5]
    )
    barometer_services.synthetic_load(edition=other, n=300, seed=7)
    pending = barometer_services.import_upload(
        edition=edition, filename="data.csv", content=SMALL_CSV
    )
    (invitation_token,) = barometer_services.invitations_create(
        edition=edition, background={"sektor": 1, "landsdel": 1}, count=1
    )
    imported = barometer_services.import_upload(
        edition=edition, filename="imported.csv", content=SMALL_CSV
    )
    barometer_services.import_commit(
        pending=imported, mapping={"sektor": "sektor"}, user=analyst, key="ingen"
    )

    organisation = project.organisation
    _invitation, account_token = invitation_create(
        email="ny@fuzz.example.no",
        organisation=organisation,
        invited_by=facilitator,
        site_url="http://testserver",
    )
    # Its own user: the fuzzer may set a new password, which would end a role's session.
    forgetful = User.objects.create_user(FORGETFUL, password=PASSWORD)
    key, _secret = token_create(user=facilitator, name="fuzz")
    admin = User.objects.create_superuser("admin@fuzz.example.no", password=PASSWORD)

    world = SiteWorld(
        users={
            "anonymous": None,
            "participant": None,
            "facilitator": facilitator,
            "analyst": analyst,
            "admin": admin,
        },
        organisation=organisation,
        project=project,
        closed_round=closed,
        open_round=open_,
        edition=edition,
        other_edition=other,
        pending=pending,
        solo_token=solo_token,
        invitation_token=invitation_token,
        account_invitation_token=account_token,
        reset_uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        reset_token=default_token_generator.make_token(forgetful),
        api_key_pk=key.pk,
    )
    for role, user in world.users.items():
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        world.clients[role] = client
    world.participant_token = _join(world.clients["participant"], open_.join_code)
    # An invitee of the open round (which keeps its join code beside the invitations).
    fieldwork = fieldwork_services.fieldwork_for_round(round=open_)
    fieldwork_services.contacts_add(
        fieldwork=fieldwork,
        rows=[ContactRow("invitert@fuzz.example.no", "", project.parties.all()[0], "nb")],
    )
    world.fieldwork_link_token = link_token(fieldwork.invitees.get().link_salt)
    return world


def _join(client: Client, code: str) -> str:
    """Join the round as a participant does, through its page; the response's token."""
    page = f"/delta/{code}/"
    reply = client.get(page)
    assert reply.status_code == 200, reply.status_code
    (form,) = [f for f in page_forms(reply.content.decode(), page) if f.action == page]
    data = {name: (item.options or [item.value])[0] for name, item in form.fields.items()}
    reply = client.post(form.action, data)
    assert reply.status_code == 302, reply.status_code
    # /vurdering/<token>/side/1/ or /vurdering/<token>/bakgrunn/
    return str(reply["Location"]).split("/")[2]


def example_token() -> str:
    return DEMO_TOKEN
