from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samson.accounts.models import Membership, Organisation

from .models import Party


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Short description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organisation: "forms.ModelChoiceField[Organisation]" = forms.ModelChoiceField(
        label=_("Owning organisation"), queryset=None
    )
    party_presets = forms.MultipleChoiceField(
        label=_("Parties"),
        choices=Party.Preset.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    party_names = forms.CharField(
        label=_("Other parties, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        floor = settings.SAMSON_MIN_GROUP_SIZE
        # The site's minimum is the floor: a project may raise it, never lower it.
        self.fields["min_group_size"] = forms.IntegerField(
            label=_("Minimum group size"),
            help_text=_("No result is shown for a party with fewer answers than this."),
            initial=floor,
            min_value=floor,
            error_messages={
                "min_value": _("The minimum group size cannot be lower than %(limit_value)s.")
            },
        )
        self.order_fields(["title", "description", "organisation", "min_group_size"])

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        names = [line.strip() for line in data.get("party_names", "").splitlines()]
        data["party_names"] = [name for name in names if name]
        if not data.get("party_presets") and not data["party_names"]:
            raise forms.ValidationError(_("Name at least one party."))
        return data


class RoundForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the round"),
        max_length=100,
        help_text=_("For example Oppstart, Underveis or Avslutning."),
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("What we did with your input"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def organisations_for(user: Any) -> Any:
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.FACILITATOR
    ).distinct()
