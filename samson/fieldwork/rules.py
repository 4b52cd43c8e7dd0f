"""Who may see and use a round's contact list: its project's facilitators and administrators
only. Participants never see anything of the list."""

from samson.accounts.rules import AnyUser
from samson.projects import rules
from samson.projects.models import Project


def can_manage_contacts(user: AnyUser, project: Project) -> bool:
    return rules.can_manage_project(user, project)
