"""Who may do what with a project: named rules built from small predicates.

Participants have no account; they reach a project only through an open round's join code
(see samson.participation), never through these rules.
"""

from samson.accounts.models import Membership
from samson.accounts.rules import AnyUser, is_admin

from .models import Project, ProjectFacilitator


def is_facilitator_of(user: AnyUser, project: Project) -> bool:
    """The project's own facilitator or one of its co-facilitators."""
    return bool(
        user.is_authenticated
        and user.is_active
        and ProjectFacilitator.objects.filter(project=project, user_id=user.pk).exists()
    )


def is_owner_of(user: AnyUser, project: Project) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and ProjectFacilitator.objects.filter(
            project=project, user_id=user.pk, role=ProjectFacilitator.Role.OWNER
        ).exists()
    )


def is_facilitator_in_organisation(user: AnyUser, organisation_id: int) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user_id=user.pk,
            organisation_id=organisation_id,
            role=Membership.Role.FACILITATOR,
        ).exists()
    )


# The named rules every view, API endpoint and test uses.


def can_create_project(user: AnyUser, organisation_id: int) -> bool:
    return is_admin(user) or is_facilitator_in_organisation(user, organisation_id)


def can_view_project(user: AnyUser, project: Project) -> bool:
    """See the project, its rounds, results and free text (facilitators and admins)."""
    return is_admin(user) or is_facilitator_of(user, project)


def can_manage_project(user: AnyUser, project: Project) -> bool:
    """Edit the project and parties; open, close and reveal rounds; write the follow-up."""
    return is_admin(user) or is_facilitator_of(user, project)


def can_invite_facilitators(user: AnyUser, project: Project) -> bool:
    return is_admin(user) or is_owner_of(user, project)
