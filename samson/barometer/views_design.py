"""The design an edition's survey was run with: primary sampling units, strata, the interval
method and the weighting's cell collapsing (docs/barometer.md, "Design")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from samson.accounts.http import AuthenticatedHttpRequest

from . import forms, lookups, presenters, selectors, services


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def design(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    edition = lookups.edition_managed(request, pk)
    variables = presenters.design_variable_names()
    current = {
        "design_cluster": edition.design_cluster,
        "design_strata": edition.design_strata,
        "interval_method": edition.interval_method,
        "collapse_below": edition.collapse_below,
        "weighting_method": edition.weighting_method,
        "design_fpc": edition.design_fpc,
    }
    form = forms.DesignForm(
        request.POST if request.method == "POST" else None,
        initial=current,
        variables=variables,
    )
    if request.method == "POST" and form.is_valid():
        services.edition_design_save(
            edition=edition,
            user=request.user,
            **form.cleaned_data,
        )
        return redirect("barometer:estimates", pk=edition.pk)
    data = selectors.EditionData(edition)
    return render(
        request,
        "barometer/design.html",
        {"edition": edition, "form": form, "design": presenters.design_sentences(data.weighting)},
        status=422 if form.errors else 200,
    )
