from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import texts
from .models import Fieldwork
from .services import ReminderTarget

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def _future(value: datetime | None) -> datetime | None:
    if value is not None and value <= timezone.now():
        raise forms.ValidationError(_("Choose a time in the future."))
    return value


def _when_field(label: Any, help_text: Any, *, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ClockFields(forms.Form):
    """The planned closing and the limits of reminders, on a round's and an edition's page.
    A limit left empty keeps its value (so a form without them changes nothing)."""

    closes_at = _when_field(
        _("Planned closing (optional)"),
        _(
            "Date and time, for example 2027-03-31 16:00. Then answering closes by itself and "
            "no more e-mail is sent."
        ),
        required=False,
    )
    max_reminders = forms.IntegerField(
        label=_("Reminders at most to each invitee"), min_value=0, max_value=10, required=False
    )
    reminder_interval_hours = forms.IntegerField(
        label=_("Hours at least between two e-mails to the same invitee"),
        min_value=0,
        max_value=720,
        required=False,
    )

    def clean_closes_at(self) -> datetime | None:
        value: datetime | None = self.cleaned_data["closes_at"]
        before = self.initial.get("closes_at")
        if before is not None and timezone.is_naive(before):
            before = timezone.make_aware(before)
        if value is not None and before == value:
            return value  # unchanged, even if it has passed meanwhile
        return _future(value)


class SettingsForm(ClockFields):
    mode = forms.ChoiceField(label=_("How participants join"), choices=Fieldwork.Mode.choices)
    deadline = forms.DateField(
        label=_("Deadline (optional)"),
        required=False,
        help_text=_("As a date, for example 2027-03-31. The e-mail texts show it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = ["mode", "deadline", "closes_at", "max_reminders", "reminder_interval_hours"]


class ContactsForm(forms.Form):
    file = forms.FileField(
        label=_("Contact list (CSV or Excel)"),
        help_text=_(
            "One person per row, with the columns “e-post” and “part” (the party's name), and "
            "if you like “navn” and “språk” (nb, nn or en). Either the whole list is added, or "
            "nothing is, and you get every problem listed by row and column."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = int(settings.SAMSON_UPLOAD_MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(megabytes)s MB.")
                % {"megabytes": limit // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("The contact list must be a CSV or Excel (.xlsx) file."))
        return upload


class TextForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Placeholders: {link} (the personal link), {deadline}, {organisation} and "
            "{opt_out_link} (the link that stops further e-mail). {link} and {opt_out_link} "
            "must be there."
        ),
    )

    def clean_subject(self) -> str:
        subject: str = self.cleaned_data["subject"]
        for problem in texts.text_problems(subject):
            self.add_error("subject", problem)
        return subject

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        for problem in texts.text_problems(body, required=texts.REQUIRED_IN_BODY):
            self.add_error("body", problem)
        return body


class ReminderForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Send a reminder to"),
        choices=[
            (ReminderTarget.ALL, _("everyone who has not finished")),
            (ReminderTarget.NOT_STARTED, _("those who have not started")),
            (ReminderTarget.STARTED, _("those who started but have not finished")),
        ],
        widget=forms.RadioSelect,
    )


class EditionContactsForm(forms.Form):
    file = forms.FileField(
        label=_("Contact list of units (CSV or Excel)"),
        help_text=_(
            "One unit per row, with the column “e-post”, if you like “navn” and “språk” (nb, "
            "nn or en), and the unit's background as codes of the codebook: “sektor”, "
            "“enhetstype”, “landsdel”, “storrelse”, “sentralitet” and “kommunenr”. When the "
            "edition has a population frame, every variable of the frame must be there. "
            "Either the whole list is added, or nothing is, and you get every problem listed by "
            "row and column."
        ),
    )
    central = forms.BooleanField(
        label=_("The addresses are municipalities' central mailboxes"),
        required=False,
        help_text=_(
            "For units whose leader's address you do not have: each row names its unit in a "
            "column “enhet”, the same address may stand on several rows, and each unit gets its "
            "own message with its own link, asking the post room to forward it."
        ),
    )

    clean_file = ContactsForm.clean_file


class EditionSettingsForm(ClockFields):
    field_order = ["deadline", "closes_at", "max_reminders", "reminder_interval_hours"]
    deadline = forms.DateField(
        label=_("Deadline (optional)"),
        required=False,
        help_text=_("As a date, for example 2027-03-31. The e-mail texts show it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


TARGETS = [
    (ReminderTarget.ALL, _("everyone who has not finished")),
    (ReminderTarget.NOT_STARTED, _("those who have not started")),
    (ReminderTarget.STARTED, _("those who started but have not finished")),
]


class ScheduleForm(forms.Form):
    at = _when_field(_("When"), _("Date and time, for example 2027-03-24 09:00."), required=True)
    target = forms.ChoiceField(label=_("Send a reminder to"), choices=TARGETS)

    def clean_at(self) -> datetime | None:
        return _future(self.cleaned_data["at"])
