"""Joining a round without an account: code, party, then the ordinary answering pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from samson.background.selectors import asks_questions
from samson.fieldwork.selectors import join_code_allowed
from samson.projects.models import Round
from samson.responses import fragments
from samson.responses.models import Response
from samson.responses.selectors import response_by_token

from . import limits, presenters, selectors
from .cookies import browser_response_remember, browser_response_token
from .forms import JoinForm, PartyForm
from .services import RoundNotOpen, Start, participant_response_start
from .starts import start_count


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/too_many.html", status=429)


def _round_or_404(request: HttpRequest, code: str) -> Round:
    round = selectors.round_by_code(code)
    if round is None:
        raise Http404  # the attempt stays counted against the client
    limits.join_succeeded(request)
    return round


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if limits.join_blocked(request):
        return _too_many(request)
    if request.method != "POST" and fragments.kept_page_allowed(request):
        # The empty form is the same for everyone in a language: joined from a kept copy.
        return HttpResponse(
            fragments.kept_page(
                request,
                key=(JOIN, get_language()),
                template=JOIN,
                context=lambda: {"form": JoinForm()},
                slots={},
            )
        )
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not limits.join_attempt(request):
            return _too_many(request)
        round = selectors.round_by_code(form.cleaned_data["code"])
        if round is not None:
            limits.join_succeeded(request)
            return redirect("participation:project", code=round.join_code)
        form.add_error("code", _("We found no round with that code. Check the code and try again."))
    return render(request, JOIN, {"form": form})


JOIN = "participation/join.html"


# Never from the browser's cache: going back to the party page (the next person on a shared
# tablet) shows a new start key instead of sending the last one again.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def project(request: HttpRequest, code: str) -> HttpResponse:
    if not limits.join_attempt(request):  # counted before the code is looked up
        return _too_many(request)
    round = _round_or_404(request, code)
    if not join_code_allowed(round):
        # Answered through personal links only (samson.fieldwork): the code starts nothing.
        return render(
            request,
            "fieldwork/invitation_only.html",
            {"round": round, "project": round.project},
            status=403 if request.method == "POST" else 200,
        )
    parties = round.project.parties.all()
    form = PartyForm(request.POST if request.method == "POST" else None, parties=parties)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            start = participant_response_start(
                round=round,
                party=form.cleaned_data["party"],
                language=get_language(),
                start_key=form.cleaned_data["start_key"],
                browser_token=browser_response_token(request, round),
            )
        except RoundNotOpen:
            error = _("Answering is not open in this round.")
        else:
            if start.created:
                start_count(request, round_id=round.pk)
            reply = _continue(request, round, start, chosen_party_id=form.cleaned_data["party"].pk)
            browser_response_remember(reply, round, start.token)
            return reply
    return render(
        request,
        "participation/project.html",
        {
            "round": round,
            "project": round.project,
            # This browser has sent its answers: the page says what happens next instead of
            # offering the start form again (a second start would only be refused).
            "answered": _answered_here(request, round),
            "form": form,
            "error": error,
            "follow_ups": selectors.published_follow_ups(round.project),
            "released": selectors.released_free_text(round.project),
        },
    )


def _answered_here(request: HttpRequest, round: Round) -> bool:
    token = browser_response_token(request, round)
    if not token:
        return False
    response = response_by_token(token, purposes=(Response.Purpose.ROUND,))
    return bool(response is not None and response.round_id == round.pk and response.completed_at)


def _continue(
    request: HttpRequest, round: Round, start: Start, *, chosen_party_id: int
) -> HttpResponse:
    """Where a start leads: a new response to its first page; this browser's earlier one back
    where it was left, or, when it is finished, to a thanks page. An earlier one for another
    party is not entered: on a shared device that is the next person, who must neither see the
    first one's answers nor answer in their name (docs/anonymity.md §5)."""
    response, token, created = start.response, start.token, start.created
    if not created and response.party_id != chosen_party_id:
        return render(
            request,
            "participation/started_elsewhere.html",
            {"round": round, "project": round.project},
        )
    if response.completed_at is not None:
        # Without the private link: on a shared device the next person must not get the link
        # to the first person's answers (whoever answered saw it when they finished).
        return render(
            request,
            "participation/thanks.html",
            {"round": round, "project": round.project, "resume_url": "", "again": True},
        )
    begun = response.opened_at is not None or response.resume_page > 1
    if not created and begun:
        return redirect("responses:page", token=token, number=response.resume_page)
    if asks_questions(round.project):
        return redirect("background_answer:questions", token=token)
    return redirect("responses:page", token=token, number=1)


@require_safe
def thanks(request: HttpRequest, code: str, token: str) -> HttpResponse:
    # Every participant's last request: for an anonymous visitor without messages the page is
    # joined from a kept copy (samson.responses.fragments.kept_page), read in one query.
    thanked = selectors.thanks_read(token, purposes=(Response.Purpose.ROUND,))
    if thanked is None or thanked.join_code != code:
        raise Http404
    resume_url = request.build_absolute_uri(reverse("responses:resume", kwargs={"token": token}))
    if not fragments.kept_page_allowed(request):
        return _thanks_full(request, thanked.join_code, resume_url)
    return HttpResponse(
        fragments.kept_page(
            request,
            key=(THANKS, get_language(), thanked.join_code, thanked.project_title),
            template=THANKS,
            context=lambda: {
                "round": presenters.ThanksRound(join_code=thanked.join_code),
                "project": presenters.ThanksProject(title=thanked.project_title),
                "resume_url": fragments.slot("resume"),
            },
            slots={"resume": escape(resume_url)},
        )
    )


THANKS = "participation/thanks.html"


def _thanks_full(request: HttpRequest, code: str, resume_url: str) -> HttpResponse:
    round = Round.objects.select_related("project").get(join_code=code)
    return render(
        request,
        THANKS,
        {"round": round, "project": round.project, "resume_url": resume_url},
    )
