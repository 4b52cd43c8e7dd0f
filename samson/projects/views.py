"""The facilitator's pages: projects, parties, rounds and their results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.participation.qr import qr_svg

from . import rules, selectors, services
from .forms import FollowUpForm, ProjectForm, RoundForm, organisations_for
from .models import Project, Round


def _project(request: HttpRequest, pk: int) -> Project:
    """The project, or 404 for anyone who may not see it (ids are not probed)."""
    project = get_object_or_404(Project.objects.select_related("organisation"), pk=pk)
    if not rules.can_view_project(request.user, project):  # type: ignore[arg-type]
        raise Http404
    return project


def _round(project: Project, round_pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("instrument_version"), pk=round_pk, project=project
    )


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    projects = selectors.projects_for_user(request.user)  # type: ignore[arg-type]
    can_create = organisations_for(request.user).exists()
    return render(request, "projects/list.html", {"projects": projects, "can_create": can_create})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for(request.user)
    form = ProjectForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not rules.can_create_project(request.user, data["organisation"].pk):  # type: ignore[arg-type]
            raise Http404
        project = services.project_create(
            owner=request.user,  # type: ignore[arg-type]
            organisation=data["organisation"],
            title=data["title"],
            description=data["description"],
            min_group_size=data["min_group_size"],
            party_presets=data["party_presets"],
            party_names=data["party_names"],
        )
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/create.html", {"form": form})


@login_required
@require_safe
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "parties": project.parties.all(),
            "rounds": project.rounds.all(),
            "round_form": RoundForm(),
        },
    )


@login_required
@require_POST
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "projects/detail.html",
            {
                "project": project,
                "parties": project.parties.all(),
                "rounds": project.rounds.all(),
                "round_form": form,
            },
        )
    round = services.round_create(project=project, label=form.cleaned_data["label"])
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_safe
def round_detail(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = _project(request, pk)
    round = _round(project, round_pk)
    join_url = request.build_absolute_uri(
        reverse("participation:project", kwargs={"code": round.join_code})
    )
    return render(
        request,
        "projects/round.html",
        {
            "project": project,
            "round": round,
            "join_url": join_url,
            "qr": qr_svg(join_url, title=round.join_code),
            "counts": selectors.party_counts(round),
            "follow_up_form": FollowUpForm(initial={"text": round.follow_up}),
        },
    )


@login_required
@require_POST
def round_state(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = _project(request, pk)
    round = _round(project, round_pk)
    try:
        services.round_transition(round=round, to=request.POST.get("to", ""))
    except services.RoundStateError as error:
        messages.error(request, str(error))
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_POST
def round_follow_up(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = _project(request, pk)
    round = _round(project, round_pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.round_follow_up_publish(round=round, text=form.cleaned_data["text"])
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)
