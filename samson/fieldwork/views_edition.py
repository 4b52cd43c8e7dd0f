"""The analyst's fieldwork page of a barometer edition: its contact list of units, the e-mail
texts, sending and reminding, and the response rate per stratum of the frame."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.barometer.lookups import edition_managed
from samson.barometer.models import Edition
from samson.surveystats.errors import DataError

from . import contacts, presenters, selectors, services, texts
from .forms import EditionContactsForm, EditionSettingsForm
from .models import Fieldwork, MessageText
from .views import (
    _csv_safe,
    invitations_apply,
    page_context,
    reminders_apply,
    schedule_apply,
    settings_apply,
    settings_initial,
    text_page,
)


def _rate(fieldwork: Fieldwork) -> selectors.EditionRate:
    return selectors.edition_rate(
        fieldwork,
        lang=get_language(),
        too_few=_("fewer than %(minimum)s"),
        hidden=_("Hidden"),
        percent=_("%(rate)s %%"),
    )


def _page(
    request: HttpRequest,
    edition: Edition,
    fieldwork: Fieldwork | None,
    *,
    contacts_form: EditionContactsForm | None = None,
    problems: list[contacts.Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    rate = _rate(fieldwork) if fieldwork else None
    names = selectors.strata_names()
    return render(
        request,
        "fieldwork/edition.html",
        {
            "edition": edition,
            "fieldwork": fieldwork,
            "settings_form": EditionSettingsForm(
                initial=settings_initial(fieldwork, edition.closes_at)
            ),
            "contacts_form": contacts_form or EditionContactsForm(),
            "problems": problems or [],
            "invitees": fieldwork.invitees.all() if fieldwork else [],
            "rate": rate,
            "strata": presenters.stratum_tables(rate, names),
            "low": rate.low_strata(names) if rate else [],
            "threshold_percent": round(100 * rate.threshold) if rate else 0,
            **page_context(fieldwork),
        },
        status=status,
    )


@login_required
@require_safe
def edition_fieldwork(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    return _page(request, edition, selectors.edition_fieldwork_of(edition))


@login_required
@require_POST
def settings_save(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    fieldwork = services.fieldwork_for_edition(edition=edition)
    form = EditionSettingsForm(request.POST, initial=settings_initial(fieldwork, edition.closes_at))
    if settings_apply(request, fieldwork, form, edition.closes_at):
        services.fieldwork_settings_save(
            fieldwork=fieldwork, mode=Fieldwork.Mode.INVITED, deadline=form.cleaned_data["deadline"]
        )
        messages.success(request, _("The fieldwork settings are saved."))
    return redirect("fieldwork_edition:edition", pk=edition.pk)


@login_required
@require_POST
def reminder_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    schedule_apply(request, services.fieldwork_for_edition(edition=edition))
    return redirect("fieldwork_edition:edition", pk=edition.pk)


@login_required
@require_POST
def contacts_import(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    fieldwork = services.fieldwork_for_edition(edition=edition)
    form = EditionContactsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, edition, fieldwork, contacts_form=form, status=400)
    upload = form.cleaned_data["file"]
    central = bool(form.cleaned_data["central"])
    try:
        table = contacts.read_contact_file(upload.name, upload.read())
        if central:
            existing = {
                f"{email}|{unit.lower()}"
                for email, unit in fieldwork.invitees.filter(central=True).values_list(
                    "email", "unit"
                )
            }
        else:
            existing = set(fieldwork.invitees.filter(central=False).values_list("email", flat=True))
        rows = contacts.unit_rows(table, edition, existing=existing, central=central)
    except DataError:
        form.add_error("file", _("The file could not be read as a CSV or Excel table."))
        return _page(request, edition, fieldwork, contacts_form=form, status=400)
    except contacts.ContactListInvalid as invalid:
        form.add_error(
            "file",
            _("Nothing was added: the list has %(count)s problems, listed below.")
            % {"count": len(invalid.problems)},
        )
        return _page(
            request, edition, fieldwork, contacts_form=form, problems=invalid.problems, status=400
        )
    added = services.units_add(fieldwork=fieldwork, rows=rows, central=central)
    messages.success(request, _("%(count)s contacts were added.") % {"count": added})
    return redirect("fieldwork_edition:edition", pk=edition.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message_text(request: HttpRequest, pk: int, kind: str, language: str) -> HttpResponse:
    edition = edition_managed(request, pk)
    if kind not in MessageText.Kind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    fieldwork = selectors.edition_fieldwork_of(edition)
    current = (
        texts.current_text(fieldwork, kind, language)
        if fieldwork
        else texts.default_text(kind, language, edition=True)
    )
    example = settings.SAMSON_SITE_URL.rstrip("/") + "/invitasjon/EKSEMPEL/"
    with translation.override(language):
        values = {
            "link": example,
            "opt_out_link": example + "avmeld/",
            "organisation": edition.organisation.name,
            "deadline": services.deadline_text(fieldwork.deadline if fieldwork else None),
        }
    return text_page(
        request,
        "fieldwork/edition_text.html",
        {"edition": edition},
        fieldwork=fieldwork,
        make_fieldwork=lambda: services.fieldwork_for_edition(edition=edition),
        current=current,
        values=values,
        kind=kind,
        language=language,
        back=redirect("fieldwork_edition:edition", pk=edition.pk),
    )


@login_required
@require_POST
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    fieldwork = services.fieldwork_for_edition(edition=edition)
    invitations_apply(
        request,
        fieldwork,
        is_open=edition.open,
        closed=_("Open the edition for answers before you send invitations."),
    )
    return redirect("fieldwork_edition:edition", pk=edition.pk)


@login_required
@require_POST
def reminders_send(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    fieldwork = services.fieldwork_for_edition(edition=edition)
    reminders_apply(
        request,
        fieldwork,
        is_open=edition.open,
        closed=_("Reminders are sent only while the edition is open."),
    )
    return redirect("fieldwork_edition:edition", pk=edition.pk)


@login_required
@require_safe
@never_cache
def response_rate_csv(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_managed(request, pk)
    fieldwork = selectors.edition_fieldwork_of(edition)
    if fieldwork is None:
        raise Http404
    rate = _rate(fieldwork)
    names = selectors.strata_names()
    reply = HttpResponse(content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="svarprosent-utgave-{edition.pk}.csv"'
    writer = csv.writer(reply)
    writer.writerow(
        [
            _("Variable"),
            _("Code"),
            _("Group"),
            _("Invited"),
            _("Delivered"),
            _("Started"),
            _("Finished"),
            _("Response rate"),
        ]
    )
    for variable, rows in rate.strata.items():
        for row in rows:
            writer.writerow(
                [
                    names[variable],
                    f"{row.code:04d}" if variable == "kommunenr" else row.code,
                    _csv_safe(row.label),
                    row.invited,
                    row.delivered,
                    row.started_text,
                    row.finished_text,
                    row.rate_text,
                ]
            )
    writer.writerow(
        [
            _("All units"),
            "",
            "",
            rate.invited,
            rate.delivered,
            rate.started_text,
            rate.finished_text,
            rate.rate_text,
        ]
    )
    return reply
