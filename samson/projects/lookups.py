"""The project and round a page is about, found with the permission rules applied: a project
the user may not see is 404, so ids cannot be probed; an action on a project they may only see
is 403. Every view of projects, rounds, their results and reports goes through these."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from . import rules
from .models import Project, Round


def project_viewable(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("organisation"), pk=pk)
    if not rules.can_view_project(request.user, project):
        raise Http404
    return project


def project_managed(request: HttpRequest, pk: int) -> Project:
    project = project_viewable(request, pk)
    if not rules.can_manage_project(request.user, project):
        raise PermissionDenied
    return project


def project_round(project: Project, round_pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("instrument_version", "project__organisation"),
        pk=round_pk,
        project=project,
    )
