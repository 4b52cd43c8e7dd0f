from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from samson.core.login_throttle import LoginForm

from .models import Membership, Organisation


class EmailLoginForm(LoginForm):
    """The log-in form asks for the e-mail address: every account's user name is its address
    (SignUpForm below), so "user name" would only leave people guessing."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is wrong. The password is case-sensitive."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.label = _("E-mail address")
        field.widget.attrs.update({"autocomplete": "username", "inputmode": "email"})


class InvitationForm(forms.Form):
    """An administrator invites someone into an organisation."""

    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.FACILITATOR
    )


class SignUpForm(forms.Form):
    """The invited person chooses a password; the e-mail address becomes the user name."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
