from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samson.accounts.models import Organisation

from .models import Party

# Offered as suggestions for a round's name; any other name is fine.
ROUND_LABELS = ("Oppstart", "Underveis", "Avslutning")
PARTY_NAME_MAX = 100  # Party.name's max_length


class PartiesMixin(forms.Form):
    """Preset parties as checkboxes, other parties as lines of free text; at least one."""

    party_presets = forms.MultipleChoiceField(
        label=_("Parties"),
        choices=Party.Preset.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    party_names = forms.CharField(
        label=_("Other parties, one per line"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_party_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data.get("party_names", "").splitlines()]
        names = [name for name in names if name]
        too_long = [name for name in names if len(name) > PARTY_NAME_MAX]
        if too_long:
            raise forms.ValidationError(
                _("A party's name can be at most 100 characters: %(name)s"),
                params={"name": too_long[0]},
            )
        return names

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if (
            not data.get("party_presets")
            and not data.get("party_names")
            and "party_names" not in self.errors
        ):
            raise forms.ValidationError(_("Name at least one party."))
        return data


def min_group_floor() -> int:
    """The site's minimum group size, and never below 3."""
    return max(int(settings.SAMSON_MIN_GROUP_SIZE), 3)


class ProjectForm(PartiesMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisation: "forms.ModelChoiceField[Organisation]" = forms.ModelChoiceField(
        label=_("Owning organisation"), queryset=None
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        floor = min_group_floor()
        # The site's minimum is the floor: a project may raise it, never lower it.
        self.fields["min_group_size"] = forms.IntegerField(
            label=_("Minimum group size"),
            help_text=_("No result is shown for a party with fewer answers than this."),
            initial=floor,
            min_value=floor,
            max_value=1000,
            error_messages={
                "min_value": _("The minimum group size cannot be lower than %(limit_value)s.")
            },
        )
        self.order_fields(["title", "description", "organisation", "min_group_size"])


class ProjectCreateForm(ProjectForm):
    """A new project, measured with one of the imported instruments of kind samson."""

    def __init__(self, *args: Any, instruments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument_key"] = forms.ChoiceField(
            label=_("Questionnaire"),
            choices=instruments,
            initial="samson" if any(key == "samson" for key, _title in instruments) else None,
        )
        self.order_fields(
            ["title", "description", "organisation", "instrument_key", "min_group_size"]
        )


class PartiesForm(PartiesMixin):
    """The project's parties, edited after creation."""


class FacilitatorInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "We send a link that works once, for 14 days. The person becomes a co-facilitator "
            "of this project and a member of its organisation."
        ),
    )


class RoundForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the round"),
        max_length=100,
        help_text=_("For example Oppstart, Underveis or Avslutning."),
        widget=forms.TextInput(attrs={"list": "round-labels", "autocomplete": "off"}),
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("What we did with your input"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
