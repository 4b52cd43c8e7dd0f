"""The facilitator's choice of background questions, the participant's voluntary answers,
and the comparison of a round's respondents with the population."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samson.accounts.http import AuthenticatedHttpRequest
from samson.projects import rules
from samson.projects.lookups import project_managed, project_viewable
from samson.projects.models import Round
from samson.projects.selectors import minimum_group_size
from samson.representativeness import OVER, UNDER
from samson.responses.models import Response
from samson.responses.selectors import response_by_token
from samson.responses.services import response_opened

from . import presenters, selectors, services
from .forms import DECLINED, BackgroundForm, BackgroundSettingsForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_managed(request, pk)
    current = selectors.background_settings(project)
    if request.method == "POST":
        form = BackgroundSettingsForm(request.POST)
        if form.is_valid():
            services.background_settings_save(
                project=project,
                ask_age=form.cleaned_data["ask_age"],
                ask_gender=form.cleaned_data["ask_gender"],
                ask_area=form.cleaned_data["ask_area"],
                areas=form.cleaned_data["areas"],
            )
            return redirect("projects:detail", pk=project.pk)
    else:
        lines = [
            area.name if area.population is None else f"{area.name}; {area.population}"
            for area in selectors.active_areas(project)
        ]
        form = BackgroundSettingsForm(
            initial={
                "ask_age": current.ask_age if current else False,
                "ask_gender": current.ask_gender if current else False,
                "ask_area": current.ask_area if current else False,
                "areas": "\n".join(lines),
            }
        )
    return render(request, "background/settings.html", {"project": project, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def questions(request: HttpRequest, token: str) -> HttpResponse:
    response = response_by_token(token, purposes=(Response.Purpose.ROUND,))
    if response is None or response.round is None:
        raise Http404
    project = response.round.project
    settings = selectors.background_settings(project)
    if settings is None or not settings.asks_any:
        return redirect("responses:page", token=token, number=1)
    areas = selectors.active_areas(project) if settings.ask_area else None
    closed = response.round.state != Round.State.OPEN
    if request.method == "POST":
        form = BackgroundForm(
            request.POST, ask_age=settings.ask_age, ask_gender=settings.ask_gender, areas=areas
        )
        if closed:
            form.add_error(None, _("Answering in this round has ended, so nothing was saved."))
        elif request.POST.get("action") == "skip":
            return redirect("responses:page", token=token, number=1)
        elif form.is_valid():
            age_band, gender, area = form.answers()
            try:
                services.background_answer_save(
                    response=response, age_band=age_band, gender=gender, area=area
                )
            except services.RoundNotOpen:
                form.add_error(None, _("Answering in this round has ended, so nothing was saved."))
            else:
                return redirect("responses:page", token=token, number=1)
    else:
        response_opened(response=response)
        saved = getattr(response, "background", None)
        initial = {}
        if saved is not None:
            initial = {
                "age_band": saved.age_band or DECLINED,
                "gender": saved.gender or DECLINED,
                "area": str(saved.area_id) if saved.area_id else DECLINED,
            }
        form = BackgroundForm(
            initial=initial, ask_age=settings.ask_age, ask_gender=settings.ask_gender, areas=areas
        )
    return render(
        request,
        "background/questions.html",
        {"form": form, "project": project, "round": response.round, "closed": closed},
    )


@login_required
@require_safe
def round_representation(request: AuthenticatedHttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, pk)
    round = get_object_or_404(Round.objects.select_related("project"), pk=round_pk, project=project)
    data = selectors.round_representation(round)
    return render(
        request,
        "background/round.html",
        {
            "project": project,
            "round": round,
            "finished": data.finished,
            "variables": presenters.variables_view(data),
            "municipality": project.organisation.name,
            "minimum": minimum_group_size(project),
            "can_manage": rules.can_manage_project(request.user, project),
            "under": presenters.percent_ratio(UNDER),
            "over": presenters.percent_ratio(OVER),
        },
    )
