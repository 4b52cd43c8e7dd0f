"""The facilitator's pages: projects, parties, co-facilitators and rounds.

A project the user may not see answers 404, so ids cannot be probed; an action the user may not
take on a project they can see answers 403. Only POST changes anything.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.accounts.http import AuthenticatedHttpRequest
from samson.accounts.rules import is_admin
from samson.core.qr import qr_svg
from samson.fieldwork.services import round_create_with_mode, round_mode_default
from samson.participation.selectors import round_answering
from samson.participation.starts import possible_duplicates
from samson.results.presenters import live_counts

from . import rules, selectors, services
from .forms import (
    ROUND_LABELS,
    FacilitatorInviteForm,
    FollowUpForm,
    PartiesForm,
    ProjectCreateForm,
    RoundForm,
)
from .lookups import project_managed, project_round, project_viewable
from .models import Project, Round


@login_required
@require_safe
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = selectors.projects_for_user(request.user)
    can_create = selectors.organisations_for_facilitator(request.user).exists()
    return render(
        request,
        "projects/list.html",
        {"projects": projects, "can_create": can_create, "is_admin": is_admin(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_facilitator(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ProjectCreateForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        instruments=selectors.instrument_choices(get_language()),
        # The guided check (/kunnskap/medvirkning-eller-samskaping/) links here with these.
        initial={
            key: request.GET[key][:2000] for key in ("title", "description") if key in request.GET
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form offers only the user's organisations; the rule is the guarantee.
        if not rules.can_create_project(request.user, data["organisation"].pk):
            raise PermissionDenied
        project = services.project_create(
            owner=request.user,
            organisation=data["organisation"],
            title=data["title"],
            description=data["description"],
            instrument_key=data["instrument_key"],
            min_group_size=data["min_group_size"],
            party_presets=data["party_presets"],
            party_names=data["party_names"],
        )
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/create.html", {"form": form})


def _detail_context(
    request: AuthenticatedHttpRequest, project: Project, round_form: RoundForm
) -> dict[str, Any]:
    return {
        "project": project,
        "parties": project.parties.all(),
        "minimum": selectors.minimum_group_size(project),
        "facilitators": selectors.project_facilitators(project),
        "rounds": project.rounds.all(),
        "round_form": round_form,
        "round_labels": ROUND_LABELS,
        "can_manage": rules.can_manage_project(request.user, project),
        "can_invite": rules.can_invite_facilitators(request.user, project),
    }


@login_required
@require_safe
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_viewable(request, pk)
    form = RoundForm(initial={"join_mode": round_mode_default(project=project)})
    return render(request, "projects/detail.html", _detail_context(request, project, form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_parties(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_managed(request, pk)
    parties = list(project.parties.all())
    initial = {
        "party_presets": [party.preset for party in parties if party.preset],
        "party_names": "\n".join(party.name for party in parties if not party.preset),
    }
    form = PartiesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_parties_set(
                project=project,
                party_presets=form.cleaned_data["party_presets"],
                party_names=form.cleaned_data["party_names"],
            )
        except services.ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The parties are saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/parties.html", {"project": project, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def facilitator_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_viewable(request, pk)
    if not rules.can_invite_facilitators(request.user, project):
        raise PermissionDenied
    form = FacilitatorInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.facilitator_invite(
                project=project,
                email=email,
                invited_by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
        except services.ProjectError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("We have sent an invitation to %(email)s.") % {"email": email}
            )
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/invite.html", {"project": project, "form": form})


@login_required
@require_POST
def round_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_managed(request, pk)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return render(request, "projects/detail.html", _detail_context(request, project, form))
    round = round_create_with_mode(
        project=project,
        label=form.cleaned_data["label"],
        mode=form.cleaned_data["join_mode"] or None,
    )
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_safe
def round_detail(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, pk)
    round = project_round(project, round_pk)
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
            "qr": qr_svg(join_url, title=_("QR code for %(url)s") % {"url": join_url}),
            # Shown on the projector while the round runs: the results' suppression rule, so
            # no party below the minimum, nor one derivable by subtraction, has its number here.
            "counts": live_counts(round),
            "possible_duplicates": possible_duplicates(round.pk),
            "answering": round_answering(round),
            "follow_up_form": FollowUpForm(initial={"text": round.follow_up}),
            "can_reopen": round.state == Round.State.CLOSED
            and not services.round_results_released(round),
            "can_manage": rules.can_manage_project(request.user, project),
        },
    )


@login_required
@require_POST
def round_state(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """Open, close (`to` = apen or lukket) or reopen (`to` = apen with `reopen`) the round;
    any other move is refused with a message. Closing needs `confirmed`, which only the
    confirmation page sends: without it the request is taken there."""
    project = project_managed(request, pk)
    round = project_round(project, round_pk)
    to = request.POST.get("to", "")
    if to == Round.State.CLOSED and not request.POST.get("confirmed"):
        return redirect("projects:round_close", pk=project.pk, round_pk=round.pk)
    try:
        if to == Round.State.OPEN and request.POST.get("reopen"):
            services.round_reopen(round=round)
            messages.success(request, _("The round is open again. Participants can answer."))
        elif to == Round.State.OPEN:
            services.round_open(round=round)
            messages.success(request, _("The round is open. Participants can answer now."))
        elif to == Round.State.CLOSED:
            services.round_close(round=round)
            messages.success(request, _("The round is closed. No more answers are taken."))
        else:
            services.round_transition(round=round, to=to)
    except services.RoundStateError as error:
        messages.error(request, str(error))
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_safe
def round_close(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """Asks before a round is closed: what closing means and that it can be undone."""
    project = project_managed(request, pk)
    round = project_round(project, round_pk)
    if round.state != Round.State.OPEN:
        messages.error(
            request,
            _("Only an open round can be closed. This round is %(state)s.")
            % {"state": round.get_state_display()},
        )
        return redirect("projects:round", pk=project.pk, round_pk=round.pk)
    return render(
        request,
        "projects/round_close.html",
        {
            "project": project,
            "round": round,
            "counts": live_counts(round),
        },
    )


@login_required
@require_POST
def round_follow_up(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = project_managed(request, pk)
    round = project_round(project, round_pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.round_follow_up_publish(round=round, text=form.cleaned_data["text"])
        if round.follow_up:
            messages.success(request, _("The follow-up is published."))
        else:
            messages.success(request, _("The follow-up is withdrawn."))
    else:
        messages.error(request, _("The follow-up can be at most 10000 characters."))
    return redirect("projects:round", pk=project.pk, round_pk=round.pk)
