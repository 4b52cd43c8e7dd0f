"""Who may see and change a barometer edition: analysts of its organisation and administrators.

Anyone else gets 404, so edition ids cannot be probed. Innovasjonstesten and the invitation
links need no account (a published edition, or the link's token, is the key).
"""

from samson.accounts.models import Membership
from samson.accounts.rules import AnyUser, is_admin

from .models import Edition


def is_analyst_in(user: AnyUser, organisation_id: int) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user_id=user.pk, organisation_id=organisation_id, role=Membership.Role.ANALYST
        ).exists()
    )


def can_create_edition(user: AnyUser, organisation_id: int) -> bool:
    return is_admin(user) or is_analyst_in(user, organisation_id)


def can_use_barometer(user: AnyUser) -> bool:
    """See the list of editions (and create one in some organisation)."""
    return is_admin(user) or bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user_id=user.pk, role=Membership.Role.ANALYST).exists()
    )


def can_manage_edition(user: AnyUser, edition: Edition) -> bool:
    """Read estimates, import, invite, export and change an edition."""
    return is_admin(user) or is_analyst_in(user, edition.organisation_id)
