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


COUNTY_IS_MUNICIPALITY = frozenset({"03"})
"""Counties of the code list whose county authority is the municipality itself: Oslo (county
03) has no county authority of its own; the municipality of Oslo (0301) carries the county's
tasks, so it is one organisation, of kind "kommune"."""


@dataclass(frozen=True)
class OrganisationImport:
    created: int
    updated: int
    counties_created: int = 0
    counties_updated: int = 0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _create_or_update(lookup: dict[str, str], fields: dict[str, object]) -> str:
    """Create the organisation `lookup` finds, or give it `fields`: "created", "updated" or ""."""
    organisation, was_created = Organisation.objects.get_or_create(**lookup, defaults=fields)
    if was_created:
        return "created"
    changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
    if not changed:
        return ""
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.save(update_fields=changed)
    return "updated"


@transaction.atomic
def organisations_import(
    *,
    municipalities: Path = DATA_DIR / "kommuner-2024.csv",
    counties: Path = DATA_DIR / "fylker-2024.csv",
) -> OrganisationImport:
    """Create or update one organisation per municipality of the 2024 code list, and one per
    county authority (kind "fylkeskommune", with the county's SSB number, the region and the
    population of its municipalities).

    Oslo is a county and a municipality at once and one organisation, the municipality
    (`COUNTY_IS_MUNICIPALITY`), so the 15 counties of 2024 give 14 county authorities.
    Idempotent: a second import changes nothing. A KOSTRA group already set is kept when the
    file has none.
    """
    county_rows = _rows(counties)
    municipality_rows = _rows(municipalities)
    landsdel = {row["fylkesnummer"]: row["landsdel"] for row in county_rows}
    done = {"created": 0, "updated": 0, "": 0}
    for row in municipality_rows:
        fields: dict[str, object] = {
            "name": row["navn"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "county_number": row["fylkesnummer"],
            "landsdel": landsdel[row["fylkesnummer"]],
            "centrality": int(row["sentralitet"]) if row["sentralitet"] else None,
            "population": int(row["folketall"]) if row["folketall"] else None,
        }
        if row["kostragruppe"]:
            fields["kostra_group"] = row["kostragruppe"]
        lookup = {"municipality_number": row["kommunenummer"]}
        done[_create_or_update({**lookup, "code_list_version": CODE_LIST_VERSION}, fields)] += 1
    county_done = {"created": 0, "updated": 0, "": 0}
    for row in county_rows:
        number = row["fylkesnummer"]
        if number in COUNTY_IS_MUNICIPALITY:
            continue
        people = [r["folketall"] for r in municipality_rows if r["fylkesnummer"] == number]
        fields = {
            "name": row["navn"],
            "landsdel": row["landsdel"],
            "population": sum(int(p) for p in people) if all(people) else None,
        }
        lookup = {
            "kind": Organisation.Kind.COUNTY,
            "municipality_number": "",
            "county_number": number,
            "code_list_version": CODE_LIST_VERSION,
        }
        county_done[_create_or_update(lookup, fields)] += 1
    return OrganisationImport(
        created=done["created"],
        updated=done["updated"],
        counties_created=county_done["created"],
        counties_updated=county_done["updated"],
    )


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
