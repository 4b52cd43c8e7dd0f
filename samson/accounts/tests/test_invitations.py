"""Sign-up by invitation: the administrator's invite page, the e-mailed link, and its limits."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samson.accounts import services
from samson.accounts.models import Invitation, Membership, User
from samson.accounts.selectors import invitation_token_hash
from samson.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from samson.projects.models import ProjectFacilitator

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PASSWORD = "Et-godt-passord-42"


@pytest.fixture
def organisation(db):
    return OrganisationFactory.create(name="Bodø kommune")


def _invite(organisation, *, project=None, role=Membership.Role.FACILITATOR, email="ny@example.no"):
    return services.invitation_create(
        email=email,
        organisation=organisation,
        project=project,
        role=role,
        invited_by=None,
        site_url="http://testserver",
    )


def _url(token):
    return reverse("accounts:invitation", kwargs={"token": token})


def test_the_administrator_sends_an_invitation(
    client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(
            reverse("accounts:invite"),
            {"email": "Ny@Example.no", "organisation": organisation.pk, "role": "analytiker"},
            **EN,
        )
    assert reply["Location"] == reverse("accounts:invite")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == (
        "ny@example.no",
        organisation,
        "analytiker",
    )
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ny@example.no"]
    found = re.search(r"http://testserver/konto/invitasjon/([\w-]+)/", str(mail.body))
    assert found is not None
    token = found.group(1)
    # Only the hash is stored.
    assert invitation.token_hash == invitation_token_hash(token)
    assert token not in str(list(Invitation.objects.values()))
    assert "We have sent an invitation to Ny@Example.no." in (
        client.get(reply["Location"], **EN).content.decode()
    )


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("facilitator", 403)])
def test_only_administrators_use_the_invite_page(client, organisation, role, status):
    if role == "facilitator":
        client.force_login(MembershipFactory.create(organisation=organisation).user)
    for reply in (
        client.get(reverse("accounts:invite")),
        client.post(
            reverse("accounts:invite"),
            {"email": "x@example.no", "organisation": organisation.pk, "role": "prosessleder"},
        ),
    ):
        assert reply.status_code == status
    assert Invitation.objects.count() == 0


def test_the_admin_add_page_leads_to_the_invite_page(client, db):
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    reply = client.get("/admin/accounts/invitation/add/")
    assert reply["Location"] == reverse("accounts:invite")
    assert client.get("/admin/accounts/invitation/").status_code == 200
    assert client.get("/admin/accounts/membership/").status_code == 200


def test_sign_up_by_invitation(client, organisation):
    _invitation, token = _invite(organisation)
    page = client.get(_url(token), **EN).content.decode()
    assert "You are invited to join Bodø kommune as facilitator." in page
    reply = client.post(_url(token), {"password1": PASSWORD, "password2": PASSWORD}, **EN)
    assert reply["Location"] == reverse("projects:list")
    user = User.objects.get(username="ny@example.no")
    assert (user.email, user.check_password(PASSWORD)) == ("ny@example.no", True)
    assert Membership.objects.get(user=user).organisation == organisation
    # Logged in straight away.
    assert "Welcome! You are now a member of Bodø kommune." in (
        client.get(reply["Location"], **EN).content.decode()
    )


def test_sign_up_needs_a_good_password_twice(client, organisation):
    _invitation, token = _invite(organisation)
    reply = client.post(_url(token), {"password1": PASSWORD, "password2": "annet"}, **EN)
    assert "The two passwords are not the same." in reply.content.decode()
    reply = client.post(_url(token), {"password1": "123", "password2": "123"}, **EN)
    page = reply.content.decode()
    assert "This password is too short. It must contain at least 8 characters." in page
    assert "This password is entirely numeric." in page
    assert User.objects.count() == 0
    assert Invitation.objects.get().accepted_at is None


def test_a_project_invitation_makes_a_co_facilitator(client, world):
    project = world["project_a"]
    _invitation, token = _invite(project.organisation, project=project)
    reply = client.post(_url(token), {"password1": PASSWORD, "password2": PASSWORD}, **EN)
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    user = User.objects.get(username="ny@example.no")
    row = ProjectFacilitator.objects.get(project=project, user=user)
    assert row.role == ProjectFacilitator.Role.CO
    assert client.get(reply["Location"]).status_code == 200


def test_a_logged_in_user_simply_accepts(client, world):
    project, co = world["project_b"], world["co_a"]
    _invitation, token = _invite(project.organisation, project=project, email=co.email)
    client.force_login(co)
    page = client.get(_url(token), **EN).content.decode()
    assert "Accept the invitation</button>" in page
    assert "password1" not in page
    reply = client.post(_url(token), **EN)
    assert reply["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert ProjectFacilitator.objects.filter(project=project, user=co).exists()
    assert Membership.objects.get(user=co).role == Membership.Role.FACILITATOR


def test_an_analyst_invited_as_facilitator_becomes_one(organisation):
    membership = MembershipFactory.create(organisation=organisation, role=Membership.Role.ANALYST)
    invitation, _token = _invite(organisation, email=membership.user.email)
    services.invitation_accept(invitation=invitation, user=membership.user)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.FACILITATOR


def test_an_existing_account_logs_in_first(client, organisation):
    user = UserFactory.create(username="ny@example.no", email="ny@example.no")
    _invitation, token = _invite(organisation)
    page = client.get(_url(token), **EN).content.decode()
    assert "There is already an account for ny@example.no." in page
    assert f'href="/konto/logg-inn/?next=/konto/invitasjon/{token}/"' in page
    reply = client.post(_url(token), {"password1": PASSWORD, "password2": PASSWORD}, **EN)
    assert reply.status_code == 200
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)
    assert Membership.objects.count() == 0


def test_a_used_link_gives_a_clear_message(client, organisation):
    _invitation, token = _invite(organisation)
    client.post(_url(token), {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    for reply in (client.get(_url(token), **EN), client.post(_url(token), **EN)):
        assert reply.status_code == 410
        assert "This invitation has already been used." in reply.content.decode()
    assert Membership.objects.count() == 1


def test_an_expired_link_gives_a_clear_message(client, organisation):
    invitation, token = _invite(organisation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    reply = client.post(_url(token), {"password1": PASSWORD, "password2": PASSWORD}, **EN)
    assert reply.status_code == 410
    assert "This invitation has expired. Ask the person who invited you to send a new one." in (
        reply.content.decode()
    )
    assert User.objects.count() == 0


def test_an_unknown_link_is_not_found(client, db):
    reply = client.get(_url("tull"), **EN)
    assert reply.status_code == 404
    assert "We found no invitation for this link." in reply.content.decode()


@pytest.mark.parametrize("problem", ["used", "expired"])
def test_the_services_refuse_a_used_or_expired_invitation(organisation, problem):
    invitation, _token = _invite(organisation)
    user = UserFactory.create()
    if problem == "used":
        services.invitation_accept(invitation=invitation, user=UserFactory.create())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    with pytest.raises(services.InvitationError):
        services.invitation_accept(invitation=invitation, user=user)
    with pytest.raises(services.InvitationError):
        services.invitation_sign_up(invitation=invitation, password=PASSWORD)
    assert not Membership.objects.filter(user=user).exists()
