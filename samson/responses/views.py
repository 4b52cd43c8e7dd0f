"""The answering flow: start, one page at a time, resume by private link, result."""

from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.accounts.http import AuthenticatedHttpRequest
from samson.instrument_spec import Instrument, Page
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.projects.forms import ProjectForm
from samson.projects.models import Round
from samson.projects.selectors import organisations_for_facilitator

from . import fragments, navigation, presenters, selectors, services
from .forms import PageForm, page_answers
from .models import Response

Purpose = Response.Purpose
# /vurdering/<token>/ and its pages: a solo assessment or a participant's answer in a round,
# and the published example, which only ever sees its result.
ANSWERING = (Purpose.SOLO, Purpose.ROUND, Purpose.EXAMPLE)


def _response_or_404(token: str, purposes: tuple[Response.Purpose, ...]) -> Response:
    """The response of a token made for one of these purposes; any other token gets 404."""
    response = selectors.response_by_token(token, purposes=purposes)
    if response is None:
        raise Http404
    return response


def _example_result(token: str) -> HttpResponseRedirect:
    # The example is read, never written: every page that would change it leads to its result.
    return redirect("responses:result", token=token)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    version = instrument_version_get(key=settings.SAMSON_SOLO_INSTRUMENT)
    _response, token = services.response_start(instrument_version=version, language=get_language())
    return redirect("responses:page", token=token, number=1)


@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    response = _response_or_404(token, ANSWERING)
    if response.purpose == Purpose.EXAMPLE:
        return _example_result(token)
    if response.completed_at is not None:
        return _finished(response, token)
    return redirect("responses:page", token=token, number=response.resume_page)


@require_http_methods(["GET", "HEAD", "POST"])
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One page of the instrument: shown (GET) or saved (POST).

    The common case takes a short way (one read; on a submit, one write; the page joined from
    kept fragments, samson.responses.fragments): a page shown to an anonymous visitor without
    messages, and a submit whose every value is one the page's form accepts. Anything else (an
    error to show, open questions after Enter, a closed round, a signed-in visitor) goes the
    whole way through PageForm and the template engine, which the short way agrees with.
    Which page comes next is samson.responses.navigation's to say; a submit to an instrument
    whose pages have conditions reads the stored answers too, to find it."""
    posted = request.method == "POST"
    read = selectors.answering_read(token, purposes=ANSWERING, answers=not posted)
    if read is None:
        raise Http404
    response = read.response
    if response.purpose == Purpose.EXAMPLE:
        return _example_result(token)
    instrument = instrument_spec(response.instrument_version)
    page_count = len(instrument.pages)
    if not 1 <= number <= page_count:
        raise Http404
    given: Mapping[str, int | str] = read.answers
    if posted and navigation.conditional(instrument):
        # Only an instrument whose pages have conditions needs the answers to find the way
        # (the short read of a submit leaves them out).
        given = selectors.response_answers(response)
    elsewhere = navigation.skipped_to(navigation.shown_numbers(instrument, given), number)
    if elsewhere is not None:
        return redirect("responses:page", token=token, number=elsewhere)
    lang = get_language()
    current = instrument.pages[number - 1]
    closed = response.round is not None and response.round.state != Round.State.OPEN
    if posted:
        action = request.POST.get("action", navigation.NEXT)
        answers = None if closed else page_answers(instrument, current, request.POST, lang)
        if (
            answers is not None
            and action == navigation.ENTER
            and not _open_questions(current, answers)
        ):
            action = navigation.NEXT
        if answers is not None and action != navigation.ENTER:
            return _saved(response, instrument, token, number, given, answers, action)
        return _page_full(request, response, instrument, token, number, lang, closed, given)
    if not fragments.kept_page_allowed(request):
        return _page_full(request, response, instrument, token, number, lang, closed, given)
    services.response_opened(response=response)
    content_hash = response.instrument_version.content_hash
    return HttpResponse(
        fragments.page_html(
            request,
            instrument=instrument,
            content_hash=content_hash,
            number=number,
            lang=lang,
            in_round=response.round is not None,
            closed=closed,
            resume_url=_resume_url(request, token),
            questions=fragments.page_questions_html(
                instrument, current, read.answers, content_hash=content_hash, lang=lang
            ),
        )
    )


def _resume_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("responses:resume", kwargs={"token": token}))


def _open_questions(page: Page, answers: Mapping[str, int | str | None]) -> list[str]:
    """The items of the page with radio buttons and no answer (free text is not asked about)."""
    return [item.id for item in page.items if item.type != "text" and answers[item.id] is None]


def _saved(
    response: Response,
    instrument: Instrument,
    token: str,
    number: int,
    given: Mapping[str, int | str],
    answers: Mapping[str, int | str | None],
    action: str,
) -> HttpResponse:
    """Save the page's answers and go where the pressed button leads (responses.navigation)."""
    current = instrument.pages[number - 1]
    shown = navigation.shown_after_save(instrument, given, current, answers)
    target = navigation.target(shown, number, action)
    services.response_page_save(
        response=response,
        instrument=instrument,
        page_number=number,
        answers=answers,
        resume_page=navigation.resume_page(number, target),
    )
    if target is not None:
        return redirect("responses:page", token=token, number=target)
    services.response_complete(response=response, token=token)
    return _finished(response, token)


def _page_full(
    request: HttpRequest,
    response: Response,
    instrument: Instrument,
    token: str,
    number: int,
    lang: str,
    closed: bool,
    given: Mapping[str, int | str],
) -> HttpResponse:
    """The page through PageForm and the template engine: errors, open questions, a closed
    round, a signed-in visitor. `given` are the stored answers (on a submit, only those an
    instrument with conditions needs)."""
    page_count = len(instrument.pages)
    current = instrument.pages[number - 1]
    unanswered: list[BoundField] = []
    if request.method == "POST":
        form = PageForm(request.POST, instrument=instrument, page=current, lang=lang)
        if closed:
            form.add_error(None, _("Answering in this round has ended, so nothing was saved."))
        elif form.is_valid():
            action = request.POST.get("action", navigation.NEXT)
            # Enter pressed in a field submits through the page's first, hidden button
            # (ENTER): with questions still open the page is saved and shown again, saying
            # which are open; otherwise Enter goes on as the visible button would.
            unanswered = _unanswered(form) if action == navigation.ENTER else []
            if action == navigation.ENTER and not unanswered:
                action = navigation.NEXT
            if not unanswered:
                return _saved(response, instrument, token, number, given, form.answers(), action)
            services.response_page_save(
                response=response,
                instrument=instrument,
                page_number=number,
                answers=form.answers(),
                resume_page=number,
            )
    else:
        services.response_opened(response=response)
        form = PageForm(
            initial=given,
            instrument=instrument,
            page=current,
            lang=lang,
        )
    return render(
        request,
        "responses/page.html",
        {
            "form": form,
            "questions": fragments.questions_html(
                form, content_hash=response.instrument_version.content_hash, lang=lang
            ),
            "closed": closed,
            "unanswered": unanswered,
            # A participant in a round sees no result of their own: the last button says so.
            "in_round": response.round is not None,
            "page": presenters.page_view(current, lang),
            "number": number,
            "page_count": page_count,
            "instrument_title": instrument.title.get(lang),
            "resume_url": _resume_url(request, token),
            "token": token,
        },
    )


def _unanswered(form: PageForm) -> list[BoundField]:
    """The page's questions with no answer (free text left empty is not asked about)."""
    return [
        form[name]
        for name, field in form.fields.items()
        if getattr(field.widget, "input_type", None) == "radio"
        and form.cleaned_data.get(name) is None
    ]


def _finished(response: Response, token: str) -> HttpResponseRedirect:
    """Solo respondents see their profile; participants in a round get the thanks page."""
    if response.round is not None:
        return redirect("participation:thanks", code=response.round.join_code, token=token)
    return redirect("responses:result", token=token)


@require_safe
def result(request: HttpRequest, token: str) -> HttpResponse:
    response = _response_or_404(token, ANSWERING)
    if response.round is not None:
        return _finished(response, token)
    lang = get_language()
    return render(
        request,
        "responses/result.html",
        {
            "result": presenters.result_view(response, lang),
            "example": response.purpose == Purpose.EXAMPLE,
            "token": token,
            "resume_url": request.build_absolute_uri(
                reverse("responses:resume", kwargs={"token": token})
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_from_result(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """A facilitator turns their solo assessment into a project that keeps it."""
    # Only a solo assessment: the example, a round's answer or a barometer unit's get 404.
    response = _response_or_404(token, (Purpose.SOLO,))
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations_for_facilitator(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.response_project_create(
                response=response,
                owner=request.user,
                project_fields={
                    "organisation": data["organisation"],
                    "title": data["title"],
                    "description": data["description"],
                    "min_group_size": data["min_group_size"],
                    "party_presets": data["party_presets"],
                    "party_names": data["party_names"],
                },
            )
        except ValueError:
            # Another request made a project of it a moment ago (two tabs, a double click).
            raise Http404 from None
        return redirect("projects:detail", pk=project.pk)
    return render(request, "responses/project_from_result.html", {"form": form, "token": token})
