from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import texts
from .models import Fieldwork
from .services import ReminderTarget


class SettingsForm(forms.Form):
    mode = forms.ChoiceField(label=_("How participants join"), choices=Fieldwork.Mode.choices)
    deadline = forms.DateField(
        label=_("Deadline (optional)"),
        required=False,
        help_text=_("As a date, for example 2027-03-31. The e-mail texts show it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


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
