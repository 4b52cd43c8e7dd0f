"""The facilitator's fieldwork page of a round, and an invitee's personal link."""

import csv
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samson.background.selectors import asks_questions
from samson.core.numbers import parse_id
from samson.projects.lookups import project_round, project_viewable
from samson.projects.models import Project, Round
from samson.responses.models import Response
from samson.responses.tokens import token_hash
from samson.surveystats.errors import DataError

from . import contacts, links, presenters, rules, selectors, services, texts
from .forms import ContactsForm, ReminderForm, ScheduleForm, SettingsForm, TextForm
from .models import Fieldwork, Invitee, MessageText, ScheduledReminder


def _round(request: HttpRequest, pk: int, round_pk: int) -> tuple[Project, Round]:
    project = project_viewable(request, pk)
    if not rules.can_manage_contacts(request.user, project):
        raise PermissionDenied
    return project, project_round(project, round_pk)


def _fieldwork(request: HttpRequest, pk: int, round_pk: int) -> tuple[Project, Round, Fieldwork]:
    """For the pages that save something: the round's fieldwork, made if it has none yet."""
    project, round = _round(request, pk, round_pk)
    return project, round, services.fieldwork_for_round(round=round)


def settings_initial(fieldwork: Fieldwork | None, closes_at: datetime | None) -> dict[str, Any]:
    """The settings form's values: the fieldwork's (or the defaults) and the planned closing
    in the site's time zone."""
    return {
        "mode": fieldwork.mode if fieldwork else Fieldwork.Mode.OPEN,
        "deadline": fieldwork.deadline if fieldwork else None,
        "closes_at": timezone.localtime(closes_at).replace(second=0, microsecond=0, tzinfo=None)
        if closes_at
        else None,
        "max_reminders": fieldwork.max_reminders if fieldwork else 3,
        "reminder_interval_hours": fieldwork.reminder_interval_hours if fieldwork else 48,
    }


def settings_apply(
    request: HttpRequest, fieldwork: Fieldwork, form: Any, closes_at: datetime | None
) -> bool:
    """Save the planned closing and the reminder limits of a valid settings form (the limits
    only when given); returns whether the form was valid."""
    if not form.is_valid():
        messages.error(
            request,
            _("The settings were not saved: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return False
    data = form.cleaned_data
    if data["closes_at"] != closes_at:
        services.planned_closing_save(fieldwork=fieldwork, closes_at=data["closes_at"])
    limits = (data["max_reminders"], data["reminder_interval_hours"])
    if limits != (None, None):
        services.reminder_limits_save(
            fieldwork=fieldwork,
            max_reminders=fieldwork.max_reminders if limits[0] is None else limits[0],
            interval_hours=fieldwork.reminder_interval_hours if limits[1] is None else limits[1],
        )
    return True


def schedule_apply(request: HttpRequest, fieldwork: Fieldwork) -> None:
    form = ScheduleForm(request.POST)
    if request.POST.get("cancel"):
        chosen = parse_id(request.POST["cancel"])
        reminder = (
            ScheduledReminder.objects.filter(fieldwork=fieldwork, pk=chosen).first()
            if chosen is not None
            else None
        )
        if reminder is None:
            raise Http404
        services.reminder_unschedule(reminder=reminder)
        messages.success(request, _("The scheduled reminder is cancelled."))
    elif form.is_valid():
        services.reminder_schedule(
            fieldwork=fieldwork, at=form.cleaned_data["at"], target=form.cleaned_data["target"]
        )
        messages.success(request, _("The reminder is scheduled."))
    else:
        messages.error(
            request,
            _("The reminder was not scheduled: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )


def invitations_apply(
    request: HttpRequest, fieldwork: Fieldwork, *, is_open: bool, closed: str
) -> None:
    """Queue the invitations of everyone on the list not yet invited, while the round or
    edition is open (`is_open`); else say `closed`."""
    if not is_open:
        messages.error(request, closed)
        return
    count = services.invitations_queue(fieldwork=fieldwork)
    messages.success(request, _("%(count)s invitations are queued for sending.") % {"count": count})


def reminders_apply(
    request: HttpRequest, fieldwork: Fieldwork, *, is_open: bool, closed: str
) -> None:
    """Queue a reminder to the invitees the posted ReminderForm chooses, while the round or
    edition is open (`is_open`); else say `closed`."""
    form = ReminderForm(request.POST)
    if not is_open:
        messages.error(request, closed)
    elif not form.is_valid():
        messages.error(request, _("Choose who should get the reminder."))
    else:
        count = services.reminders_queue(fieldwork=fieldwork, target=form.cleaned_data["target"])
        messages.success(
            request, _("%(count)s reminders are queued for sending.") % {"count": count}
        )


def page_context(fieldwork: Fieldwork | None) -> dict[str, Any]:
    """What the fieldwork pages of a round and of an edition both show."""
    return {
        "schedule_form": ScheduleForm(initial={"target": services.ReminderTarget.ALL}),
        "scheduled": fieldwork.scheduled_reminders.all() if fieldwork else [],
        "reminder_form": ReminderForm(initial={"target": services.ReminderTarget.ALL}),
        "opted_out": selectors.opted_out_count(fieldwork) if fieldwork else 0,
        "outbox": selectors.outbox_counts(fieldwork) if fieldwork else None,
        "fieldwork_limits": presenters.reminder_limits(fieldwork),
        "texts": presenters.text_links(),
    }


def _rate(fieldwork: Fieldwork) -> selectors.ResponseRate:
    return selectors.response_rate(fieldwork, _("fewer than %(minimum)s"), _("%(rate)s %%"))


def _page(
    request: HttpRequest,
    project: Project,
    round: Round,
    fieldwork: Fieldwork | None,
    *,
    contacts_form: ContactsForm | None = None,
    problems: list[contacts.Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "fieldwork/round.html",
        {
            "project": project,
            "round": round,
            "fieldwork": fieldwork,
            # A round without fieldwork is answered by its join code, as before.
            "mode": fieldwork.mode if fieldwork else Fieldwork.Mode.OPEN,
            "settings_form": SettingsForm(initial=settings_initial(fieldwork, round.closes_at)),
            "contacts_form": contacts_form or ContactsForm(),
            "problems": problems or [],
            "invitees": fieldwork.invitees.select_related("party") if fieldwork else [],
            "rate": _rate(fieldwork) if fieldwork else None,
            **page_context(fieldwork),
        },
        status=status,
    )


@login_required
@require_safe
def round_fieldwork(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round = _round(request, pk, round_pk)
    return _page(request, project, round, selectors.fieldwork_of(round))


@login_required
@require_POST
def settings_save(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round, fieldwork = _fieldwork(request, pk, round_pk)
    form = SettingsForm(request.POST, initial=settings_initial(fieldwork, round.closes_at))
    if settings_apply(request, fieldwork, form, round.closes_at):
        services.fieldwork_settings_save(
            fieldwork=fieldwork,
            mode=form.cleaned_data["mode"],
            deadline=form.cleaned_data["deadline"],
        )
        messages.success(request, _("The fieldwork settings are saved."))
    return redirect("fieldwork:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_POST
def reminder_schedule(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round, fieldwork = _fieldwork(request, pk, round_pk)
    schedule_apply(request, fieldwork)
    return redirect("fieldwork:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_POST
def contacts_import(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round, fieldwork = _fieldwork(request, pk, round_pk)
    form = ContactsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, project, round, fieldwork, contacts_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        table = contacts.read_contact_file(upload.name, upload.read())
        existing = set(fieldwork.invitees.values_list("email", flat=True))
        rows = contacts.contact_rows(table, list(project.parties.all()), existing=existing)
    except DataError:
        form.add_error("file", _("The file could not be read as a CSV or Excel table."))
        return _page(request, project, round, fieldwork, contacts_form=form, status=400)
    except contacts.ContactListInvalid as invalid:
        form.add_error(
            "file",
            _("Nothing was added: the list has %(count)s problems, listed below.")
            % {"count": len(invalid.problems)},
        )
        return _page(
            request,
            project,
            round,
            fieldwork,
            contacts_form=form,
            problems=invalid.problems,
            status=400,
        )
    added = services.contacts_add(fieldwork=fieldwork, rows=rows)
    messages.success(request, _("%(count)s contacts were added.") % {"count": added})
    return redirect("fieldwork:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message_text(
    request: HttpRequest, pk: int, round_pk: int, kind: str, language: str
) -> HttpResponse:
    project, round = _round(request, pk, round_pk)
    if kind not in MessageText.Kind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    fieldwork = selectors.fieldwork_of(round)  # made only when a text is saved
    current = texts.current_text(fieldwork, kind, language)
    values = _preview_values(round, fieldwork, language)
    return text_page(
        request,
        "fieldwork/text.html",
        {"project": project, "round": round},
        fieldwork=fieldwork,
        make_fieldwork=lambda: services.fieldwork_for_round(round=round),
        current=current,
        values=values,
        kind=kind,
        language=language,
        back=redirect("fieldwork:round", pk=project.pk, round_pk=round.pk),
    )


def text_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fieldwork: Fieldwork | None,
    make_fieldwork: Callable[[], Fieldwork],
    current: texts.Text,
    values: dict[str, str],
    kind: str,
    language: str,
    back: HttpResponse,
) -> HttpResponse:
    """The text editor of a round's or an edition's e-mail: a preview, or the text saved (the
    fieldwork made then, if it is not there yet) and `back`."""
    preview = None
    if request.method == "POST":
        form = TextForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "save":
                services.message_text_save(
                    fieldwork=fieldwork or make_fieldwork(),
                    kind=kind,
                    language=language,
                    subject=data["subject"],
                    body=data["body"],
                )
                messages.success(request, _("The text is saved."))
                return back
            preview = texts.render(texts.Text(data["subject"], data["body"]), values)
    else:
        form = TextForm(initial={"subject": current.subject, "body": current.body})
        preview = texts.render(current, values)
    # The text is in its own language, whatever the page's (WCAG 2.2, 3.1.2).
    form.fields["subject"].widget.attrs["lang"] = language
    form.fields["body"].widget.attrs["lang"] = language
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "preview": preview,
            "kind_label": MessageText.Kind(kind).label,
            "language": language,
        },
    )


def _preview_values(round: Round, fieldwork: Fieldwork | None, language: str) -> dict[str, str]:
    """The values of a preview: an example link, and the rest as the e-mail will have them."""
    example = settings.SAMSON_SITE_URL.rstrip("/") + "/invitasjon/EKSEMPEL/"
    with translation.override(language):
        return {
            "link": example,
            "opt_out_link": example + "avmeld/",
            "organisation": round.project.organisation.name,
            "deadline": services.deadline_text(fieldwork.deadline if fieldwork else None),
        }


@login_required
@require_POST
def invitations_send(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round, fieldwork = _fieldwork(request, pk, round_pk)
    invitations_apply(
        request,
        fieldwork,
        is_open=round.state == Round.State.OPEN,
        closed=_("Open the round before you send invitations."),
    )
    return redirect("fieldwork:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_POST
def reminders_send(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round, fieldwork = _fieldwork(request, pk, round_pk)
    reminders_apply(
        request,
        fieldwork,
        is_open=round.state == Round.State.OPEN,
        closed=_("Reminders are sent only while the round is open."),
    )
    return redirect("fieldwork:round", pk=project.pk, round_pk=round.pk)


@login_required
@require_safe
def response_rate_csv(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    project, round = _round(request, pk, round_pk)
    fieldwork = selectors.fieldwork_of(round)
    if fieldwork is None:
        raise Http404
    rate = _rate(fieldwork)
    reply = HttpResponse(content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="svarprosent-{round.pk}.csv"'
    writer = csv.writer(reply)
    writer.writerow([_("Party"), _("Invited"), _("Finished"), _("Response rate")])
    for row in rate.parties:
        writer.writerow([_csv_safe(row.name), row.invited, row.finished_text, row.rate_text])
    writer.writerow([_("All parties"), rate.invited, rate.finished_text, rate.rate_text])
    return reply


def _csv_safe(text: str) -> str:
    # A party's name is a facilitator's text: no spreadsheet formula from it.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The invitee's personal link: no account, only the token in the URL.


def _invitee_or_404(token: str) -> Invitee:
    invitee = selectors.invitee_by_link(token)
    if invitee is None:
        raise Http404
    return invitee


@require_http_methods(["GET", "HEAD", "POST"])
def link_start(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail. A GET only shows a button (mail scanners follow links); the
    POST starts or resumes this invitee's one response."""
    invitee = _invitee_or_404(token)
    if invitee.fieldwork.edition_id:
        return _unit_link(request, invitee, token)
    round = invitee.fieldwork.round
    assert round is not None
    if request.method == "POST":
        try:
            response, answer = services.invitee_start(
                invitee=invitee, link=token, language=get_language()
            )
        except services.LinkClosed:
            return render(request, "fieldwork/link.html", {"round": round, "closed": True})
        if response.completed_at is not None:
            return redirect("participation:thanks", code=round.join_code, token=answer)
        begun = response.opened_at is not None or response.resume_page > 1
        if not begun and asks_questions(round.project):
            return redirect("background_answer:questions", token=answer)
        return redirect("responses:page", token=answer, number=response.resume_page)
    if invitee.status == Invitee.Status.FINISHED:
        # A finished link answers no more: it leads to the thanks page of its answer.
        answer = links.answer_token(token)
        if Response.objects.filter(token_hash=token_hash(answer)).exists():
            return redirect("participation:thanks", code=round.join_code, token=answer)
    return render(
        request,
        "fieldwork/link.html",
        {"round": round, "closed": round.state != Round.State.OPEN, "token": token},
    )


def _unit_link(request: HttpRequest, invitee: Invitee, token: str) -> HttpResponse:
    """An edition's link: the POST starts or resumes the unit's one barometer answer, which
    the barometer's own answering pages take from there."""
    edition = invitee.fieldwork.edition
    assert edition is not None
    answer = links.answer_token(token)
    if request.method == "POST":
        try:
            services.invitee_start(invitee=invitee, link=token, language=get_language())
        except services.LinkClosed:
            return render(request, "fieldwork/link.html", {"edition": edition, "closed": True})
        return redirect("barometer:answer", token=answer)
    if invitee.status == Invitee.Status.FINISHED and (
        Response.objects.filter(token_hash=token_hash(answer)).exists()
    ):
        return redirect("barometer:answer_done", token=answer)
    return render(
        request,
        "fieldwork/link.html",
        {"edition": edition, "closed": not edition.open, "token": token},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def link_opt_out(request: HttpRequest, token: str) -> HttpResponse:
    invitee = _invitee_or_404(token)
    done = False
    if request.method == "POST":
        services.invitee_opt_out(invitee=invitee)
        done = True
    return render(
        request,
        "fieldwork/opt_out.html",
        {
            "round": invitee.fieldwork.round,
            "edition": invitee.fieldwork.edition,
            "token": token,
            "done": done,
        },
    )
