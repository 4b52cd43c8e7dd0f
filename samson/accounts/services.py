"""Writes of organisations, memberships and invitations."""

import csv
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Organisation, User
from .selectors import invitation_token_hash

if TYPE_CHECKING:
    from samson.projects.models import Project

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_LIST_VERSION = "2024"


@dataclass(frozen=True)
class OrganisationImport:
    created: int
    updated: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def organisations_import(
    *,
    municipalities: Path = DATA_DIR / "kommuner-2024.csv",
    counties: Path = DATA_DIR / "fylker-2024.csv",
) -> OrganisationImport:
    """Create or update one organisation per municipality of the 2024 code list.

    Idempotent: a second import changes nothing. A KOSTRA group already set is kept when the
    file has none.
    """
    landsdel = {row["fylkesnummer"]: row["landsdel"] for row in _rows(counties)}
    created = updated = 0
    for row in _rows(municipalities):
        fields = {
            "name": row["navn"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "county_number": row["fylkesnummer"],
            "landsdel": landsdel[row["fylkesnummer"]],
            "centrality": int(row["sentralitet"]) if row["sentralitet"] else None,
            "population": int(row["folketall"]) if row["folketall"] else None,
        }
        if row["kostragruppe"]:
            fields["kostra_group"] = row["kostragruppe"]
        organisation, was_created = Organisation.objects.get_or_create(
            municipality_number=row["kommunenummer"],
            code_list_version=CODE_LIST_VERSION,
            defaults=fields,
        )
        if was_created:
            created += 1
            continue
        changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
        if changed:
            for name in changed:
                setattr(organisation, name, fields[name])
            organisation.save(update_fields=changed)
            updated += 1
    return OrganisationImport(created=created, updated=updated)


INVITATION_DAYS = 14


class InvitationError(Exception):
    """The invitation cannot be used: it is expired, already used, or the account exists."""


@transaction.atomic
def invitation_create(
    *,
    email: str,
    organisation: Organisation,
    invited_by: User | None,
    role: str = Membership.Role.FACILITATOR,
    project: "Project | None" = None,
    site_url: str,
) -> tuple[Invitation, str]:
    """Store an invitation valid for 14 days and e-mail its link once the transaction commits.

    Returns the invitation and its token; only the token's hash is stored. `site_url` is the
    scheme and host the link starts with, such as "https://samson.example.no".
    """
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        organisation=organisation,
        project=project,
        role=role,
        token_hash=invitation_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = site_url.rstrip("/") + reverse("accounts:invitation", kwargs={"token": token})
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
    subject = _("Invitation to SAMSON")
    body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation, token


def _usable(invitation: Invitation) -> Invitation:
    """The invitation locked for update, or InvitationError if it is used or expired."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if locked.expires_at <= timezone.now():
        raise InvitationError(_("This invitation has expired."))
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Give `user` the invited membership (and co-facilitation of the project, if named).

    A membership the user already has is kept, raised to facilitator if that is the invited
    role. Raises InvitationError for a used or expired invitation and changes nothing.
    """
    locked = _usable(invitation)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role}
    )
    if not created and locked.role == Membership.Role.FACILITATOR != membership.role:
        membership.role = Membership.Role.FACILITATOR
        membership.save(update_fields=["role"])
    if locked.project is not None:
        # Through the related manager, so accounts need not import projects.
        locked.project.facilitators.get_or_create(user=user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_sign_up(*, invitation: Invitation, password: str) -> User:
    """Create the invited person's account (username = e-mail) and accept the invitation.

    Raises InvitationError if the invitation is used or expired, or an account already has
    that e-mail address (its owner logs in and accepts instead).
    """
    _usable(invitation)
    if User.objects.filter(username__iexact=invitation.email).exists():
        raise InvitationError(
            _("An account with this e-mail address exists already. Log in to accept.")
        )
    user = User.objects.create_user(
        username=invitation.email, email=invitation.email, password=password
    )
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def demo_member_ensure(
    *, username: str, password: str, organisation: Organisation, role: str
) -> User:
    """The demo user `username` (made with `password` if new) with `role` in `organisation`."""
    user, created = User.objects.get_or_create(username=username, defaults={"email": username})
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user
