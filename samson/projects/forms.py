from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samson.accounts.models import Organisation
from samson.fieldwork.models import Fieldwork

from .models import Party
from .selectors import minimum_group_size

# Offered as suggestions for a round's name; any other name is fine.
ROUND_LABELS = ("Oppstart", "Underveis", "Avslutning")
PARTY_NAME_MAX = 100  # Party.name's max_length


def check_party_count(presets: list[str], names: list[str]) -> None:
    """Raise a ValidationError unless the presets and free names make at least two parties.
    A chosen preset typed again as a free name, in any language, is the same party. The web
    form and the API both ask this."""
    chosen = dict(Party.Preset.choices)
    labels: set[str] = set()
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            labels |= {str(chosen[key]).casefold() for key in presets if key in chosen}
    free = {name.casefold() for name in names} - labels
    if not presets and not free:
        raise forms.ValidationError(_("Name at least one party."))
    if len(set(presets)) + len(free) < 2:
        raise forms.ValidationError(
            _(
                "Co-creation needs at least two parties, for example the municipality and "
                "its citizens. Add one more party."
            )
        )


class PartiesMixin(forms.Form):
    """Preset parties as checkboxes, other parties as lines of free text; at least two, since
    co-creation is work between parties (a project of one party has no one to compare)."""

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
        if "party_names" in self.errors:
            return data
        check_party_count(data.get("party_presets") or [], data.get("party_names") or [])
        return data


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
        floor = minimum_group_size()
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


# Invitation-only first: the choice a project with a minimum group size above 1 starts from.
JOIN_MODES = [
    (mode, Fieldwork.Mode(mode).label)
    for mode in (Fieldwork.Mode.INVITED, Fieldwork.Mode.BOTH, Fieldwork.Mode.OPEN)
]


class RoundForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the round"),
        max_length=100,
        help_text=_("For example Oppstart, Underveis or Avslutning."),
        widget=forms.TextInput(attrs={"list": "round-labels", "autocomplete": "off"}),
    )
    # Left out (an old bookmark, a script), the round gets the project's default mode.
    join_mode = forms.ChoiceField(
        label=_("How participants join"),
        choices=JOIN_MODES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "With personal invitations, each person gets a link by e-mail that answers once. "
            "With an open join code, one person can answer several times, and a few extra "
            "answers can lift a small party over the minimum group size so that its results "
            "are shown. You can change this later on the round's invitations page."
        ),
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("What we did with your input"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
