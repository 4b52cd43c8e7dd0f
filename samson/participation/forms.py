import secrets
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from samson.projects.codes import join_code_normalise
from samson.projects.models import Party


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The code is on the screen or the invitation, for example ABCD2345XY."),
    )

    def clean_code(self) -> str:
        return join_code_normalise(self.cleaned_data["code"])


class PartyForm(forms.Form):
    party: "forms.ModelChoiceField[Party]" = forms.ModelChoiceField(
        label=_("Which party do you belong to?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the party you belong to.")},
    )

    # A new one-time key with every form shown: sending the form twice starts one response
    # (samson.participation.services.participant_response_start). Optional, so a form shown
    # before it existed still works; a damaged one is replaced in the form shown again.
    start_key = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_-]{16,64}$",
                _("The form was changed on the way. Choose your party again."),
            )
        ],
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parties
        if not self.is_bound:
            self.initial["start_key"] = secrets.token_urlsafe(16)

    def clean(self) -> dict[str, Any] | None:
        if "start_key" in self.errors:
            self.data = {**self.data, "start_key": secrets.token_urlsafe(16)}
        return super().clean()
