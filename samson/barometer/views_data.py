"""Deleting an edition's data: an imported file with its units, one imported unit, or the whole
edition. Each has a confirmation page: GET shows what goes and how much, POST deletes (one
transaction, in the audit log). Another organisation's objects answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samson.accounts.http import AuthenticatedHttpRequest

from . import lookups, services
from .models import DataImport, Respondent

RESPONDENTS_PER_PAGE = 100


def _import_or_404(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> DataImport:
    edition = lookups.edition_managed(request, pk)
    return get_object_or_404(
        DataImport.objects.select_related("edition"), pk=import_pk, edition=edition
    )


@login_required
@require_safe
def import_respondents(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    """The units an import brought that are still in the edition, each with a link to delete it."""
    data_import = _import_or_404(request, pk, import_pk)
    units = data_import.respondents.order_by("pk").only("pk", "external_id", "source")
    page = Paginator(units, RESPONDENTS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "barometer/import_respondents.html",
        {"edition": data_import.edition, "data_import": data_import, "page": page},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_delete(request: AuthenticatedHttpRequest, pk: int, import_pk: int) -> HttpResponse:
    data_import = _import_or_404(request, pk, import_pk)
    edition = data_import.edition
    if request.method == "POST":
        count = services.data_import_delete(data_import=data_import, user=request.user)
        messages.success(
            request,
            _("The file %(name)s was deleted with its %(count)s units.")
            % {"name": data_import.filename, "count": count},
        )
        return redirect("barometer:edition", pk=edition.pk)
    return render(
        request,
        "barometer/import_delete.html",
        {
            "edition": edition,
            "data_import": data_import,
            "count": data_import.respondents.count(),
            "synthetic": data_import.respondents.filter(source=Respondent.Source.SYNTHETIC).count(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def respondent_delete(
    request: AuthenticatedHttpRequest, pk: int, respondent_pk: int
) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    # Only a unit that came from a file: an answer given by link would reopen the link.
    respondent = get_object_or_404(
        Respondent.objects.select_related("data_import"),
        pk=respondent_pk,
        edition=edition,
        data_import__isnull=False,
    )
    data_import = respondent.data_import
    assert data_import is not None
    if request.method == "POST":
        services.respondent_delete(respondent=respondent, user=request.user)
        messages.success(request, _("The unit was deleted."))
        return redirect("barometer:import_respondents", pk=edition.pk, import_pk=data_import.pk)
    return render(
        request,
        "barometer/respondent_delete.html",
        {"edition": edition, "respondent": respondent, "data_import": data_import},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edition_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    if request.method == "POST":
        services.edition_delete(edition=edition, user=request.user)
        messages.success(
            request,
            _("The edition %(title)s was deleted.") % {"title": str(edition)},
        )
        return redirect("barometer:list")
    return render(
        request,
        "barometer/edition_delete.html",
        {"edition": edition, "counts": services.edition_delete_counts(edition)},
    )
