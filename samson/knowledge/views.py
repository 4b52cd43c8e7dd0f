from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from samson.accounts.http import AuthenticatedHttpRequest
from samson.accounts.models import Organisation
from samson.instrument_spec import normalise_language
from samson.knowledge import guided_texts, selectors
from samson.knowledge.forms import GuidedCheckForm
from samson.knowledge.guided import CO_CREATION, QUESTIONS, classify
from samson.knowledge.guided_texts import LEVEL_LINKS
from samson.knowledge.links import link_for
from samson.knowledge.registry import PAGES, page_get
from samson.projects import rules
from samson.projects import selectors as project_selectors
from samson.scoring.texts import TYPOLOGY_REASONS


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    lang = normalise_language(get_language())
    pages = [
        {"slug": page.slug, "title": page.title.get(lang), "summary": page.summary.get(lang)}
        for page in PAGES
    ]
    return render(request, "knowledge/index.html", {"pages": pages})


@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = page_get(slug)
    except KeyError:
        raise Http404 from None
    lang = normalise_language(get_language())
    return render(
        request,
        "knowledge/page.html",
        {
            "page": found,
            "title": found.title.get(lang),
            "summary": found.summary.get(lang),
            "sections": [{"anchor": s.anchor, "title": s.title.get(lang)} for s in found.sections],
            "body": f"knowledge/{lang}/{found.slug}.html",
        },
    )


def _check_context(form: GuidedCheckForm, lang: str) -> dict[str, Any] | None:
    if not form.is_valid():
        return None
    check = classify(form.answers())
    level_kind, level_id = LEVEL_LINKS[check.level]
    patterns = []
    for pattern in check.antipatterns:
        found = link_for("antipattern", pattern)
        assert found is not None
        patterns.append({"id": pattern, "title": found[1].title.get(lang)})
    quadrant_title = None
    if check.quadrant is not None:
        found = link_for("quadrant", check.quadrant)
        assert found is not None
        quadrant_title = found[1].title.get(lang)
    reason = TYPOLOGY_REASONS.get(check.quadrant_reason or "")
    cell = link_for("matrix", f"{check.design}-{check.production}")
    assert cell is not None
    level_text = guided_texts.LEVELS[check.level].get(lang)
    summary = "\n".join(
        f"{form.fields[name].label}: {dict(form.fields[name].choices)[value]}"  # type: ignore[attr-defined]
        for name, value in form.cleaned_data.items()
        if name in QUESTIONS
    )
    start = "?" + urlencode(
        {"title": form.cleaned_data["title"], "description": f"{level_text}\n\n{summary}"[:2000]}
    )
    return {
        "check": check,
        "level_text": level_text,
        "level_kind": level_kind,
        "level_id": level_id,
        "antipatterns": patterns,
        "quadrant_title": quadrant_title,
        "quadrant_reason": reason.get(lang) if reason else None,
        "cell_title": cell[1].title.get(lang),
        "cell_key": f"{check.design}-{check.production}",
        "duties": [guided_texts.DUTIES[duty].get(lang) for duty in check.duties],
        "co_creation": check.level in CO_CREATION,
        "verdict": guided_texts.VERDICTS[check.level].get(lang)
        if check.level in guided_texts.VERDICTS
        else None,
        "signs": [guided_texts.SIGNS[sign].get(lang) for sign in check.signs],
        "remedies": [guided_texts.REMEDIES[sign].get(lang) for sign in check.signs],
        "planning": form.cleaned_data["planning"] != "nei",
        "start_query": start,
    }


@require_safe
def check(request: HttpRequest) -> HttpResponse:
    lang = normalise_language(get_language())
    submitted = bool(request.GET)
    form = GuidedCheckForm(request.GET if submitted else None)
    outcome = _check_context(form, lang) if submitted else None
    return render(request, "knowledge/check.html", {"form": form, "outcome": outcome})


@login_required
@require_safe
def load_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = project_selectors.organisations_for_facilitator(request.user)
    return render(request, "knowledge/load_index.html", {"organisations": organisations})


@login_required
@require_safe
def load(request: AuthenticatedHttpRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    # Facilitators of the organisation and administrators; anyone else gets 404, as for projects.
    if not rules.can_create_project(request.user, organisation.pk):
        raise Http404
    summary = selectors.participation_load(organisation_id=organisation.pk, now=timezone.now())
    return render(request, "knowledge/load.html", {"organisation": organisation, "load": summary})
