"""Innovasjonstesten: the public page that compares one unit with a published edition, and the
queue where an analyst of the edition accepts or discards the answers units chose to send.

Sent answers never enter an edition directly: they wait as submissions (docs/barometer.md,
"Innovasjonstesten"), rate-limited per client and per edition (samson.barometer.limits).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samson.core.numbers import parse_id
from samson.innovation import INDICATORS, codelists
from samson.projects.selectors import minimum_group_size

from . import estimates, forms, limits, lookups, presenters, selectors, services
from .models import Edition, InnovationTestSubmission

# ----------------------------------------------------------------------------- the public page


@require_http_methods(["GET", "HEAD", "POST"])
def innovation_test(request: HttpRequest) -> HttpResponse:
    """Compare one unit with a published edition; nothing is stored unless the person asks,
    and then only in the edition's queue, within the rate limits (429 beyond them)."""
    editions = selectors.published_editions()
    chosen = parse_id(request.GET.get("utgave") or request.POST.get("utgave"))
    edition = editions.filter(pk=chosen).first() if chosen is not None else editions.first()
    if edition is None:
        return render(request, "barometer/innovation_test.html", {"edition": None})
    instrument = selectors.edition_instrument(edition)
    lang = get_language()
    frame_variables = selectors.edition_frame_variables(edition)
    # Answers the form cannot complete for this frame could never be accepted: not offered.
    can_add = edition.open and all(v in forms.TEST_FRAME_QUESTIONS for v in frame_variables)
    form = forms.InnovationTestForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        lang=lang,
        can_add=can_add,
        required=frame_variables,
    )
    result: list[presenters.InnovationTestRow] = []
    added = limited = False
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        result = _test_result(edition, answers, lang)
        if form.cleaned_data.get("add") and can_add:
            if limits.submission_take(request, edition_id=edition.pk):
                services.test_submission_add(edition=edition, values=answers)
                added = True
            else:
                limited = True
    return render(
        request,
        "barometer/innovation_test.html",
        {
            "edition": edition,
            "editions": editions,
            "form": form,
            "result": result,
            "added": added,
            "limited": limited,
        },
        status=429 if limited else 200,
    )


def _test_result(
    edition: Edition, answers: dict[str, int], lang: str
) -> list[presenters.InnovationTestRow]:
    instrument = selectors.edition_instrument(edition)
    own = estimates.with_indicators(estimates.columns([answers]))
    data = selectors.EditionData(edition)
    names = list(forms.TEST_INDICATORS)
    by_sector = data.estimate(names, "sektor", minimum_group_size())
    by_size = data.estimate(names, "storrelse", minimum_group_size())
    overall = {n: cells[0] for n, cells in by_sector.items()}
    indicators = {i.name: i for i in INDICATORS}

    def pick(cells: list[estimates.Cell], code: int) -> presenters.EstimateRow | None:
        for cell in cells[1:]:
            if cell.group == code:
                return presenters.cell_view(cell, "")
        return None

    out = []
    for name in names:
        value = own[name][0]
        out.append(
            presenters.InnovationTestRow(
                label=presenters.indicator_label(indicators[name], instrument, lang),
                own=None if value != value else (_("Yes") if value == 1 else _("No")),
                sector=pick(by_sector[name], answers["sektor"]),
                size=pick(by_size[name], answers["storrelse"]),
                all=presenters.cell_view(overall[name], ""),
            )
        )
    return out


# ----------------------------------------------------------------------------- the analyst's queue


def _variable_label(name: str, lang: str) -> str:
    """A frame variable's name as a person reads it ("Unit type", not enhetstype)."""
    known = presenters.breakdown_names().get(name)
    if known is not None:
        return known
    label = codelists.FRAME_VARIABLES.get(name)
    return name if label is None else label.get(lang)


def _incomplete_message(error: services.SubmissionIncomplete, lang: str) -> str:
    if error.missing:
        names = ", ".join(_variable_label(name, lang) for name in error.missing)
        return _(
            "These answers cannot be accepted: they have no value for %(variables)s, which "
            "the population frame weights by."
        ) % {"variables": names}
    return _(
        "These answers cannot be accepted: the population frame counts no units with their "
        "combination of background values."
    )


def _act(request: HttpRequest, edition: Edition) -> None:
    """Carry out the queue's POST (accept, discard or discard all) and say what happened."""
    action = request.POST.get("action", "")
    if action == "discard_all":
        count = services.test_submissions_discard_all(edition=edition)
        messages.success(
            request,
            ngettext(
                "%(count)s submission was discarded.",
                "%(count)s submissions were discarded.",
                count,
            )
            % {"count": count},
        )
        return
    if action not in ("accept", "discard"):
        raise Http404
    submission_pk = parse_id(request.POST.get("submission"))
    if submission_pk is None:
        raise Http404
    get_object_or_404(InnovationTestSubmission, pk=submission_pk, edition=edition)
    try:
        if action == "accept":
            services.test_submission_accept(edition=edition, submission_pk=submission_pk)
            messages.success(request, _("The answers were added to the edition."))
        else:
            services.test_submission_discard(edition=edition, submission_pk=submission_pk)
            messages.success(request, _("The answers were discarded."))
    except services.SubmissionNotPending:
        messages.error(request, _("These answers were already accepted or discarded."))
    except services.SubmissionIncomplete as error:
        messages.error(request, _incomplete_message(error, get_language()))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def test_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's waiting Innovasjonstesten answers, each with accept and discard."""
    edition = lookups.edition_managed(request, pk)
    if request.method == "POST":
        _act(request, edition)
        return redirect("barometer:test_queue", pk=edition.pk)
    lang = get_language()
    instrument = selectors.edition_instrument(edition)
    frame = selectors.edition_frame(edition)
    rows = []
    for submission in selectors.test_submissions_waiting(edition):
        values = submission.values
        check = selectors.submission_check(values, frame)
        rows.append(
            {
                "pk": submission.pk,
                "submitted_on": submission.submitted_on,
                "background": [
                    (
                        _variable_label(name, lang),
                        "–"
                        if values.get(name) is None
                        else presenters.group_label(name, values[name], instrument, lang),
                    )
                    for name in forms.TEST_FRAME_QUESTIONS
                ],
                "can_accept": check.ok,
                "problem": ""
                if check.ok
                else _incomplete_message(services.SubmissionIncomplete(check), lang),
            }
        )
    return render(
        request,
        "barometer/test_queue.html",
        {
            "edition": edition,
            "rows": rows,
            "background_names": [
                _variable_label(name, lang) for name in forms.TEST_FRAME_QUESTIONS
            ],
        },
    )
