"""The barometer pages: editions, population frames, imports, invitations, estimates, exports,
and the invitation answering flow (Innovasjonstesten and its queue: views_queue). Thin: forms,
services, selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.accounts.http import AuthenticatedHttpRequest
from samson.core.dbrouter import replica_reads_after_closing
from samson.core.numbers import parse_id
from samson.instruments.selectors import instrument_spec
from samson.projects.selectors import minimum_group_size
from samson.responses import navigation
from samson.responses import services as response_services
from samson.responses.forms import PageForm
from samson.responses.fragments import questions_html
from samson.responses.presenters import page_view
from samson.surveystats import DataError

from . import exports, forms, lookups, presenters, rules, selectors, services
from .models import DataImport, Edition, Invitation, PendingImport


def _submitted(
    request: HttpRequest,
) -> tuple[QueryDict, MultiValueDict[str, UploadedFile[Any]]] | tuple[None, None]:
    """A POST's fields and files for a form with an upload, or (None, None): an unbound form."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


# ----------------------------------------------------------------------------- editions


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not rules.can_use_barometer(request.user):
        raise Http404
    organisations = selectors.organisations_for_analyst(request.user)
    form = forms.EditionForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        edition = services.edition_create(
            organisation=data["organisation"],
            user=request.user,
            year=data["year"],
            title=data["title"],
            population=data["population"],
            sectors=data["sectors"],
            instrument_key=data["survey"],
        )
        return redirect("barometer:edition", pk=edition.pk)
    return render(
        request,
        "barometer/edition_list.html",
        {"editions": selectors.editions_for(request.user), "form": form},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    form = forms.SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"published": edition.published, "open": edition.open},
    )
    if request.method == "POST" and form.is_valid():
        services.edition_settings(
            edition=edition,
            published=form.cleaned_data["published"],
            open=form.cleaned_data["open"],
        )
        return redirect("barometer:edition", pk=edition.pk)
    invitations = edition.invitations.all()
    return render(
        request,
        "barometer/edition_detail.html",
        {
            "edition": edition,
            "form": form,
            "n": edition.respondents.count(),
            "cells": edition.population_cells.count(),
            "imports": edition.imports.order_by("-created_at"),
            "invited": invitations.count(),
            "answered": invitations.filter(respondent__isnull=False).count(),
            "waiting": selectors.test_submissions_waiting(edition).count(),
            "sector_names": [
                presenters.group_label(
                    "sektor", s, selectors.edition_instrument(edition), get_language()
                )
                for s in edition.sectors
            ],
            "other_editions": selectors.editions_for(request.user).exclude(pk=edition.pk),
            "leader": selectors.is_leader_edition(edition),
        },
    )


@login_required
@require_POST
def synthetic_load(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    # The synthetic dataset is of the unit survey only.
    if not edition.respondents.exists() and not selectors.is_leader_edition(edition):
        services.synthetic_load(edition=edition)
    return redirect("barometer:edition", pk=edition.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def frame(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    form = forms.FrameForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cells = services.frame_parse(form.cleaned_data["text"])
        except services.FrameError as error:
            form.add_error("text", presenters_frame_error(str(error)))
        else:
            services.frame_replace(edition=edition, cells=cells)
            return redirect("barometer:frame", pk=edition.pk)
    return _frame_page(request, edition, form, forms.OrganisationFrameForm())


@login_required
@require_POST
def frame_from_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """The chief-executive survey's frame counted from the organisation list."""
    edition = lookups.edition_managed(request, pk)
    if not selectors.is_leader_edition(edition):
        raise Http404
    list_form = forms.OrganisationFrameForm(request.POST)
    if list_form.is_valid():
        try:
            services.frame_from_organisations(
                edition=edition, by_region=list_form.cleaned_data["by_region"]
            )
        except services.FrameError as error:
            list_form.add_error(None, presenters_frame_error(str(error)))
        else:
            return redirect("barometer:frame", pk=edition.pk)
    return _frame_page(request, edition, forms.FrameForm(), list_form)


def _frame_page(
    request: HttpRequest,
    edition: Edition,
    form: forms.FrameForm,
    list_form: forms.OrganisationFrameForm,
) -> HttpResponse:
    cells = selectors.edition_frame(edition)
    variables = selectors.edition_frame_variables(edition)
    return render(
        request,
        "barometer/frame.html",
        {
            "edition": edition,
            "form": form,
            "list_form": list_form,
            "leader": selectors.is_leader_edition(edition),
            "variables": variables,
            "rows": [[values.get(v) for v in variables] + [count] for values, count in cells],
            # A frame of margins counts every unit once per variable: the first one's total.
            "total": sum(count for values, count in cells if variables[0] in values)
            if variables
            else 0,
        },
    )


def presenters_frame_error(code: str) -> str:
    kind, _sep, rest = code.partition(":")
    parts = rest.split(":")
    if kind == "frame_empty":
        return _("Give a header line and at least one cell.")
    if kind == "frame_no_count":
        return _("The header needs a column named count.")
    if kind == "frame_unknown":
        return _("Unknown frame variable: %(name)s.") % {"name": parts[0]}
    if kind == "frame_fields":
        return _("Line %(line)s has the wrong number of fields.") % {"line": parts[0]}
    if kind == "frame_duplicate":
        return _("Line %(line)s repeats a cell.") % {"line": parts[0]}
    if kind == "frame_list_empty":
        return _("The organisation list has no municipalities or county authorities.")
    if kind == "frame_list_region":
        return _("%(name)s has no known region on the organisation list.") % {"name": rest}
    if kind == "frame_list_survey":
        return _("Only an edition of the chief-executive survey is counted from the list.")
    return _("Line %(line)s, column %(column)s: not a valid value.") % {
        "line": parts[0],
        "column": parts[1] if len(parts) > 1 else "",
    }


# ----------------------------------------------------------------------------- import


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    form = forms.UploadForm(*_submitted(request))
    status = 200
    if request.method == "POST":
        status = 400  # a file of the wrong type or size, or none
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                pending = services.import_upload(
                    edition=edition, filename=upload.name, content=upload.read()
                )
            except DataError as error:
                form.add_error("file", forms.upload_error_message(error))
                status = 422  # a file we accept, whose content cannot be read
            else:
                return redirect("barometer:import_map", pk=edition.pk, pending_pk=pending.pk)
    return render(
        request, "barometer/import_upload.html", {"edition": edition, "form": form}, status=status
    )


def _problem_message(kind: str, detail: str) -> str:
    return {
        "unknown_variable": _("not a codebook variable"),
        "no_column": _("the file has no such column"),
        "not_number": _("not a number"),
        "not_positive": _("must be a positive number"),
        "not_whole": _("must be a whole number"),
        "not_code": _("not a valid code (valid codes: %(codes)s)") % {"codes": detail},
        "too_many": _("too many chosen: at most %(count)s of these may be 1") % {"count": detail},
        "no_id": _("the id column is empty in this row"),
        "id_too_long": _("the id is longer than %(count)s characters") % {"count": detail},
    }[kind]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_map(request: AuthenticatedHttpRequest, pk: int, pending_pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    pending = get_object_or_404(PendingImport, pk=pending_pk, edition=edition)
    instrument = selectors.edition_instrument(edition)
    columns = list(pending.columns)
    initial = services.suggested_mapping(columns, instrument)
    form = forms.MappingForm(
        request.POST if request.method == "POST" else None,
        columns=columns,
        instrument=instrument,
        initial=initial,
    )
    report: list[dict[str, str]] = []
    total = 0
    unreadable = False
    duplicates: services.ImportDuplicates | None = None
    repeated: DataImport | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.import_commit(
                pending=pending,
                mapping=form.mapping(),
                user=request.user,
                **form.duplicates(),
            )
        except DataError as error:
            # Read when uploaded, but stored before the reading limits of this version.
            form.add_error(None, forms.upload_error_message(error))
            unreadable = True
        except services.ImportRejected as rejected:
            total = rejected.report.total_problems
            report = [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "message": _problem_message(p.kind, p.detail),
                }
                for p in rejected.report.problems
            ]
        except services.ImportDuplicates as found:
            duplicates = found
        except services.ImportRepeated as again:
            repeated = again.earlier
        except PendingImport.DoesNotExist:
            raise Http404 from None  # imported by a submit a moment before
        else:
            return redirect("barometer:edition", pk=edition.pk)
    unmapped = [c for c in columns if c not in initial.values()]
    return render(
        request,
        "barometer/import_map.html",
        {
            "edition": edition,
            "pending": pending,
            "form": form,
            "report": report,
            "total": total,
            "duplicates": duplicates,
            "duplicate_rows": [
                {
                    "row": d.row,
                    "id": d.id,
                    "message": _duplicate_message(d.kind, d.other),
                }
                for d in (duplicates.found if duplicates else [])
            ],
            "repeated": repeated,
            "unmapped": unmapped,
        },
        status=422 if total or unreadable or duplicates or repeated else 200,
    )


def _duplicate_message(kind: str, other: str) -> str:
    if kind == "in_file":
        return _("repeats an earlier row of the file (%(row)s)") % {"row": other}
    return _("already in the edition (unit %(unit)s)") % {"unit": other}


# ----------------------------------------------------------------------------- invitations


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    form = forms.InvitationForm(
        request.POST if request.method == "POST" else None,
        leader=selectors.is_leader_edition(edition),
    )
    links: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        count = data.pop("count")
        tokens = services.invitations_create(edition=edition, background=data, count=count)
        links = [
            request.build_absolute_uri(reverse("barometer:answer", kwargs={"token": t}))
            for t in tokens
        ]
    instrument = selectors.edition_instrument(edition)
    lang = get_language()
    rows = [
        {
            "background": ", ".join(
                presenters.group_label(k, v, instrument, lang) for k, v in inv.background.items()
            ),
            "answered": inv.respondent_id is not None,
            "started": inv.response.answers.exists(),
        }
        for inv in edition.invitations.select_related("response").order_by("pk")
    ]
    return render(
        request,
        "barometer/invitations.html",
        {"edition": edition, "form": form, "links": links, "rows": rows},
    )


# ----------------------------------------------------------------------------- estimates


def _theme(request: HttpRequest, survey: str) -> str:
    themes = list(presenters.theme_names(survey))
    theme = request.GET.get("tema", themes[0])
    return theme if theme in themes else themes[0]


@login_required
@require_safe
def estimates_page(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    data = selectors.EditionData(edition)
    breakdowns = data.breakdowns()
    by = request.GET.get("etter") or None
    if by not in breakdowns:
        by = None
    survey = selectors.edition_survey(edition)
    theme = _theme(request, survey)
    instrument = selectors.edition_instrument(edition)
    lang = get_language()
    indicators = presenters.theme_indicators(theme, survey)
    results = data.estimate([i.name for i in indicators], by, minimum_group_size())
    names = presenters.breakdown_names()
    groups = (
        [
            (code, presenters.group_label(by, code, instrument, lang))
            for code in data.comparable_groups(by, minimum_group_size())
        ]
        if by
        else []
    )
    contrast_form = forms.ContrastForm(request.GET, groups=groups)
    pair = contrast_form.pair() if by else None
    contrasts = data.contrasts(results, by, *pair) if by and pair else {}
    group_names = dict(groups)
    blocks = [
        presenters.indicator_block(
            indicator,
            results[indicator.name],
            by=by,
            test=data.groups_differ(indicator.name, by, results[indicator.name]) if by else None,
            contrast=contrasts.get(indicator.name),
            instrument=instrument,
            lang=lang,
        )
        for indicator in indicators
    ]
    return render(
        request,
        "barometer/estimates.html",
        {
            "edition": edition,
            "n": data.n,
            "weighting": data.weighting,
            "weighting_problem": presenters.weighting_problem(data.weighting),
            "design": presenters.design_sentences(data.weighting),
            "blocks": blocks,
            "themes": presenters.theme_names(survey),
            "theme": theme,
            "breakdowns": [(b, names[b]) for b in breakdowns],
            "by": by,
            "first_column": names[by] if by else _("Group"),
            "min_group_size": minimum_group_size(),
            "groups": groups,
            "contrast_form": contrast_form if by else None,
            "pair": [group_names[code] for code in pair] if pair else None,
        },
    )


@login_required
@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    survey = selectors.edition_survey(edition)
    # Only editions of the same survey have the same indicators.
    others = (
        selectors.editions_for(request.user)
        .exclude(pk=edition.pk)
        .filter(instrument_version__key=survey)
    )
    other_pk = parse_id(request.GET.get("med"))
    other = others.filter(pk=other_pk).first() if other_pk is not None else None
    theme = _theme(request, survey)
    instrument = selectors.edition_instrument(edition)
    lang = get_language()
    rows: list[presenters.ChangeRow] = []
    names_by = presenters.breakdown_names()
    by = request.GET.get("etter") or None
    breakdowns: list[str] = []
    warnings: list[str] = []
    if other is not None:
        indicators = presenters.theme_indicators(theme, survey)
        names = [i.name for i in indicators]
        older, newer = selectors.EditionData(other), selectors.EditionData(edition)
        breakdowns = [b for b in newer.breakdowns() if b in older.breakdowns()]
        if by not in breakdowns:
            by = None
        warnings = presenters.comparison_warnings(older.weighting, newer.weighting)
        first = older.estimate(names, by, minimum_group_size())
        second = newer.estimate(names, by, minimum_group_size())
        for indicator in indicators:
            rows += presenters.change_rows(
                indicator,
                first[indicator.name],
                second[indicator.name],
                by=by,
                instrument=instrument,
                lang=lang,
            )
    else:
        by = None
    return render(
        request,
        "barometer/compare.html",
        {
            "edition": edition,
            "other": other,
            "others": others,
            "rows": rows,
            "themes": presenters.theme_names(survey),
            "theme": theme,
            "breakdowns": [(b, names_by[b]) for b in breakdowns],
            "by": by,
            "by_name": names_by[by] if by else "",
            "warnings": warnings,
            "min_group_size": minimum_group_size(),
        },
    )


# ----------------------------------------------------------------------------- exports


@login_required
@require_safe
@never_cache  # a file of answers must stay in no shared or browser cache
@replica_reads_after_closing("barometer.Edition")  # docs/scaling.md, "The read replica"
def export(request: HttpRequest, pk: int, what: str, fmt: str) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    try:
        content, content_type = exports.render(edition, what, fmt, lang=get_language())
    except KeyError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="barometer-{edition.pk}-{what}.{fmt}"'
    return response


# ----------------------------------------------------------------------------- answering by link


def _invitation_or_404(token: str) -> Invitation:
    invitation = selectors.invitation_by_token(token)
    # Only a token made for a barometer invitation (issue 13): the response's purpose must say
    # so too, as the solo and round pages ask of theirs.
    if invitation is None or invitation.response.purpose != invitation.response.Purpose.BAROMETER:
        raise Http404
    return invitation


@require_safe
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_404(token)
    if invitation.respondent_id is not None:
        return redirect("barometer:answer_done", token=token)
    return redirect("barometer:answer_page", token=token, number=invitation.response.resume_page)


@require_http_methods(["GET", "HEAD", "POST"])
def answer_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One page of the barometer; pages whose conditions are not met are skipped."""
    invitation = _invitation_or_404(token)
    if invitation.respondent_id is not None:
        return redirect("barometer:answer_done", token=token)
    response = invitation.response
    instrument = instrument_spec(response.instrument_version)
    if not 1 <= number <= len(instrument.pages):
        raise Http404
    given = services.invitation_answers(response)
    shown = navigation.shown_numbers(instrument, given)
    elsewhere = navigation.skipped_to(shown, number)
    if elsewhere is not None:  # a page the earlier answers skip
        return redirect("barometer:answer_page", token=token, number=elsewhere)
    current = instrument.pages[number - 1]
    lang = get_language()
    closed = not invitation.edition.open
    if request.method == "POST":
        form = PageForm(request.POST, instrument=instrument, page=current, lang=lang)
        if closed:
            form.add_error(None, _("This edition is closed for answers, so nothing was saved."))
        elif form.is_valid():
            answers = form.answers()
            # The way on is found from the answers as this save leaves them (an answer changed
            # here may show or skip later pages), so the page is written once.
            target = navigation.target(
                navigation.shown_after_save(instrument, given, current, answers),
                number,
                request.POST.get("action", navigation.NEXT),
            )
            response_services.response_page_save(
                response=response,
                instrument=instrument,
                page_number=number,
                answers=answers,
                resume_page=navigation.resume_page(number, target),
            )
            if target is None:
                services.invitation_complete(invitation=invitation, token=token)
                return redirect("barometer:answer_done", token=token)
            return redirect("barometer:answer_page", token=token, number=target)
    else:
        form = PageForm(initial=given, instrument=instrument, page=current, lang=lang)
    return render(
        request,
        "barometer/answer_page.html",
        {
            "form": form,
            "questions": questions_html(
                form, content_hash=response.instrument_version.content_hash, lang=lang
            ),
            "closed": closed,
            "page": page_view(current, lang),
            "step": navigation.step(shown, number),
            "steps": len(shown),
            "last": navigation.is_last(shown, number),
            "instrument_title": instrument.title.get(lang),
            "resume_url": request.build_absolute_uri(
                reverse("barometer:answer", kwargs={"token": token})
            ),
        },
    )


@require_safe
def answer_done(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_404(token)
    if invitation.respondent_id is None:
        return redirect("barometer:answer", token=token)
    return render(request, "barometer/answer_done.html", {"edition": invitation.edition})
