"""Reports (HTML and PDF) and data exports of a project's rounds, of a solo assessment and of a
barometer edition.

Every view here is `never_cache` (Cache-Control: no-store, private, …): a report or a file of
answers must not stay in a shared proxy's cache or in the browser's cache of a shared PC.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from samson.barometer.lookups import edition_managed
from samson.barometer.models import Edition
from samson.barometer.presenters import breakdown_names
from samson.core.dbrouter import (
    closings_replayed,
    replica_reads_after_closing,
    replica_reads_if,
)
from samson.projects.lookups import project_round, project_viewable
from samson.projects.models import Project, Round
from samson.projects.selectors import minimum_group_size
from samson.responses.models import Response
from samson.responses.selectors import response_by_token
from samson.results.forms import CompareForm

from . import builders, datasets, selectors, services
from .data import Dataset
from .edition_dataset import edition_dataset
from .forms import ExportForm
from .models import EditionPdf
from .renderers import tabular
from .renderers.pdf import render_pdf

FORMATS: dict[str, tuple[Callable[[Dataset], bytes], str, str]] = {
    "csv": (lambda d: tabular.table_csv(d.responses), "text/csv; charset=utf-8", ".csv"),
    "kodebok": (tabular.codebook_csv, "text/csv; charset=utf-8", "-kodebok.csv"),
    "fritekst": (tabular.free_text_csv, "text/csv; charset=utf-8", "-fritekst.csv"),
    "xlsx": (
        tabular.xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "sav": (tabular.sav, "application/x-spss-sav", ".sav"),
    "datapakke": (tabular.datapackage_zip, "application/zip", "-datapakke.zip"),
}


def _report(
    request: HttpRequest, template: str, context: dict[str, Any], pdf_name: str | None
) -> HttpResponse:
    """The report as an HTML page, or as a PDF download when `pdf_name` is given."""
    report = context["report"]
    context["date_text"] = formats.date_format(report.meta.created, "DATE_FORMAT")
    if pdf_name is None:
        return render(request, template, {**context, "layout": "base.html", "pdf": False})
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_name}"'
    return response


def _round_report(request: HttpRequest, project_pk: int, round_pk: int, pdf: bool) -> HttpResponse:
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    report = builders.round_report(round, get_language())
    return _report(
        request,
        "reports/round.html",
        {"report": report, "results": report.results, "project": project, "round": round},
        f"samson-rapport-{project.pk}-{round.pk}.pdf" if pdf else None,
    )


@login_required
@require_safe
@never_cache
def round_report(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    return _round_report(request, project_pk, round_pk, pdf=False)


@login_required
@require_safe
@never_cache
def round_report_pdf(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    return _round_report(request, project_pk, round_pk, pdf=True)


def _comparison_report(request: HttpRequest, project_pk: int, pdf: bool) -> HttpResponse:
    project = project_viewable(request, project_pk)
    form = CompareForm(request.GET, project=project)
    if not form.is_valid():
        raise Http404
    round_a, round_b = form.cleaned_data["a"], form.cleaned_data["b"]
    report = builders.comparison_report(project, round_a, round_b, get_language())
    return _report(
        request,
        "reports/comparison.html",
        {
            "report": report,
            "project": project,
            "query": request.GET.urlencode(),
        },
        f"samson-sammenligning-{project.pk}-{round_a.pk}-{round_b.pk}.pdf" if pdf else None,
    )


@login_required
@require_safe
@never_cache
def comparison_report(request: HttpRequest, project_pk: int) -> HttpResponse:
    return _comparison_report(request, project_pk, pdf=False)


@login_required
@require_safe
@never_cache
def comparison_report_pdf(request: HttpRequest, project_pk: int) -> HttpResponse:
    return _comparison_report(request, project_pk, pdf=True)


def _solo_report(request: HttpRequest, token: str, pdf: bool) -> HttpResponse:
    """The private link's token is the only key to a solo assessment, as on its result page."""
    response = response_by_token(token, purposes=(Response.Purpose.SOLO, Response.Purpose.EXAMPLE))
    if response is None or response.round is not None or response.completed_at is None:
        raise Http404
    report = builders.solo_report(response, get_language())
    return _report(
        request,
        "reports/solo.html",
        {"report": report, "result": report.result, "token": token},
        "samson-profil.pdf" if pdf else None,
    )


@require_safe
@never_cache
def solo_report(request: HttpRequest, token: str) -> HttpResponse:
    return _solo_report(request, token, pdf=False)


@require_safe
@never_cache
def solo_report_pdf(request: HttpRequest, token: str) -> HttpResponse:
    return _solo_report(request, token, pdf=True)


@login_required
@require_safe
@never_cache
def barometer_report(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    report = builders.barometer_report(edition, get_language(), request.GET.get("etter") or None)
    query = f"?etter={report.by}" if report.by else ""
    return _report(
        request,
        "reports/barometer.html",
        {"report": report, "edition": edition, "query": query},
        None,
    )


def _pdf_page_url(edition: Edition, by: str) -> str:
    url = reverse("barometer_reports:report_pdf", kwargs={"pk": edition.pk})
    return f"{url}?{urlencode({'etter': by})}" if by else url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def barometer_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's report as a PDF, made in the background: a POST asks for it, the page
    says how far it has come and offers the file when it is ready. A PDF made from data that
    have changed since is deleted here, and never offered."""
    edition = edition_managed(request, pk)
    language = get_language()
    by = selectors.pdf_breakdown(request.GET.get("etter") or request.POST.get("etter"))
    if request.method == "POST":
        services.edition_pdf_request(edition=edition, language=language, by=by)
        return redirect(_pdf_page_url(edition, by))
    version = selectors.edition_data_version(edition)
    services.edition_pdfs_prune(edition=edition, version=version)
    pdf = selectors.edition_pdf_current(edition, language, by)
    names = breakdown_names()
    query = f"?etter={by}" if by else ""
    return render(
        request,
        "reports/barometer_pdf.html",
        {
            "edition": edition,
            "pdf": pdf,
            "State": EditionPdf.State,
            "by": by,
            "by_label": names.get(by, ""),
            "page_url": _pdf_page_url(edition, by),
            "file_url": reverse("barometer_reports:report_pdf_file", kwargs={"pk": edition.pk})
            + query,
            "report_url": reverse("barometer_reports:report", kwargs={"pk": edition.pk}) + query,
        },
    )


@login_required
@require_safe
@never_cache
def barometer_report_pdf_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF itself, once it is ready and still made from the edition's current data;
    otherwise the page that says how far it has come."""
    edition = edition_managed(request, pk)
    by = selectors.pdf_breakdown(request.GET.get("etter"))
    found = selectors.edition_pdf_current(edition, get_language(), by)
    if found is None or found.state != EditionPdf.State.READY:
        return redirect(_pdf_page_url(edition, by))
    content = EditionPdf.objects.values_list("content", flat=True).get(pk=found.pk)
    if content is None:  # a ready PDF always has its file; this is for the type checker
        raise Http404
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="samson-barometer-{edition.pk}.pdf"'
    return response


@login_required
@require_safe
@never_cache
def barometer_report_pdf_old(request: HttpRequest, pk: int) -> HttpResponse:
    """The address the PDF had when it was made while one waited: its page now."""
    edition = edition_managed(request, pk)
    return redirect(_pdf_page_url(edition, selectors.pdf_breakdown(request.GET.get("etter"))))


@login_required
@require_safe
@never_cache
@replica_reads_after_closing("barometer.Edition")
def barometer_datapackage(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition's data package (zip): the same people as the edition's other exports."""
    edition = edition_managed(request, pk)
    content = tabular.edition_package_zip(edition_dataset(edition, get_language()))
    response = HttpResponse(content, content_type="application/zip")
    name = f"barometer-{edition.pk}-datapakke.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export_page(request: HttpRequest, project: Project, round: Round | None) -> HttpResponse:
    if round is None:
        base = reverse("reports:project_export", kwargs={"project_pk": project.pk})
    else:
        base = reverse(
            "reports:round_export", kwargs={"project_pk": project.pk, "round_pk": round.pk}
        )
    return render(
        request,
        "reports/export.html",
        {
            "project": project,
            "round": round,
            "form": ExportForm(),
            "minimum": minimum_group_size(project),
            "formats": [(key, f"{base}{key}/") for key in FORMATS],
        },
    )


def _export_file(
    request: HttpRequest, project: Project, rounds: list[Round], fmt: str, whole: bool
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    form = ExportForm(request.GET)
    free_text = bool(form.is_valid() and form.cleaned_data["free_text"])
    render_file, content_type, suffix = FORMATS[fmt]
    # The answers from the replica unless it has yet to replay a round's closing
    # (docs/scaling.md); the project and its rounds were read, and permitted, on the primary.
    with replica_reads_if(closings_replayed(rounds)):
        data = datasets.dataset(
            project, rounds, get_language(), free_text=free_text, whole_project=whole
        )
        content = render_file(data)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{data.name}{suffix}"'
    return response


@login_required
@require_safe
@never_cache
def round_export(request: HttpRequest, project_pk: int, round_pk: int) -> HttpResponse:
    project = project_viewable(request, project_pk)
    return _export_page(request, project, project_round(project, round_pk))


@login_required
@require_safe
@never_cache
def round_export_file(
    request: HttpRequest, project_pk: int, round_pk: int, fmt: str
) -> HttpResponse:
    project = project_viewable(request, project_pk)
    round = project_round(project, round_pk)
    return _export_file(request, project, [round], fmt, whole=False)


@login_required
@require_safe
@never_cache
def project_export(request: HttpRequest, project_pk: int) -> HttpResponse:
    return _export_page(request, project_viewable(request, project_pk), None)


@login_required
@require_safe
@never_cache
def project_export_file(request: HttpRequest, project_pk: int, fmt: str) -> HttpResponse:
    project = project_viewable(request, project_pk)
    rounds = list(project.rounds.select_related("instrument_version"))
    return _export_file(request, project, rounds, fmt, whole=True)
