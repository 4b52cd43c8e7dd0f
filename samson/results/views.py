"""Results of a project's rounds for its facilitators: per party, compared, in a workshop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.core.dbrouter import closings_replayed, replica_reads_if
from samson.core.numbers import parse_id
from samson.core.qr import qr_svg
from samson.participation.selectors import round_answering
from samson.projects import rules
from samson.projects.lookups import project_managed, project_round, project_viewable
from samson.projects.models import Project, Round

from . import presenters, selectors, services
from .forms import CompareForm


@login_required
@require_safe
def round_results(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    # A closed round's results from the replica once it has replayed the closing; an open
    # round's, watched as they come in, from the primary (docs/scaling.md).
    closed = round.state == Round.State.CLOSED
    with replica_reads_if(closed and closings_replayed([round])):
        return _round_results_page(request, project, round)


def _round_results_page(request: HttpRequest, project: Project, round: Round) -> HttpResponse:
    return render(
        request,
        "results/round.html",
        {
            "project": project,
            "round": round,
            "results": presenters.round_results(round, get_language()),
            "has_other_rounds": project.rounds.exclude(pk=round.pk).exists(),
            "answering": round_answering(round),
        },
    )


@login_required
@require_safe
def compare(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_viewable(request, project_pk)
    asked = "a" in request.GET or "b" in request.GET
    form = CompareForm(request.GET if asked else None, project=project)
    comparison = None
    if asked and form.is_valid():
        comparison = presenters.comparison(
            project, form.cleaned_data["a"], form.cleaned_data["b"], get_language()
        )
    return render(
        request,
        "results/compare.html",
        {
            "project": project,
            "form": form,
            "comparison": comparison,
            "round_a": form.cleaned_data.get("a") if comparison else None,
            "round_b": form.cleaned_data.get("b") if comparison else None,
        },
    )


def _workshop_context(
    project: Project, round: Round, *, with_results: bool = True
) -> dict[str, object]:
    lang = get_language()
    return {
        "project": project,
        "round": round,
        "counts": presenters.live_counts(round),
        "status_url": reverse(
            "results:workshop_status", kwargs={"project_pk": project.pk, "round_pk": round.pk}
        ),
        # The status fragment is polled every few seconds: it never scores the round.
        "results": presenters.round_results(round, lang)
        if with_results and round.revealed
        else None,
    }


@login_required
@require_safe
def workshop(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    join_url = request.build_absolute_uri(
        reverse("participation:project", kwargs={"code": round.join_code})
    )
    context = _workshop_context(project, round)
    context.update(
        {
            "join_url": join_url,
            "qr": qr_svg(join_url, title=round.join_code),
            "steps": presenters.workshop_steps(round.revealed),
            "step_label": presenters.STEPS[Round.Reveal(round.revealed)],
            "can_manage": rules.can_manage_project(request.user, project),
        }
    )
    return render(request, "results/workshop.html", context)


@login_required
@require_safe
def workshop_status(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    """The live counts as an HTML fragment, for the workshop page to poll."""
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    response = render(
        request,
        "results/includes/live_counts.html",
        _workshop_context(project, round, with_results=False),
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def reveal(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    project = project_managed(request, project_pk)
    round = project_round(project, round_pk)
    direction = request.POST.get("direction")
    if direction in ("next", "back"):
        services.round_reveal_step(round=round, forward=direction == "next")
    else:
        messages.error(request, _("Choose Show next or Back. Nothing was changed."))
    url = reverse("results:workshop", kwargs={"project_pk": project.pk, "round_pk": round.pk})
    return redirect(f"{url}#results-step")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def freetext(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    answers = selectors.round_free_text(round)
    if request.method == "POST":
        project = project_managed(request, project_pk)
        action = request.POST.get("action")
        answer_pk = parse_id(request.POST.get("answer"))
        answer = answers.filter(pk=answer_pk).first() if answer_pk is not None else None
        if answer is not None and action in ("release", "withdraw"):
            services.free_text_release(answer=answer, release=action == "release")
        else:
            messages.error(
                request,
                _("That answer or action was not found in this round. Nothing was changed."),
            )
        url = reverse("results:freetext", kwargs={"project_pk": project.pk, "round_pk": round.pk})
        return redirect(f"{url}#answer-{answer.pk}" if answer is not None else url)
    questions = presenters.free_text_questions(
        answers, selectors.round_instrument(round), get_language()
    )
    return render(
        request,
        "results/freetext.html",
        {"project": project, "round": round, "questions": questions},
    )
