from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from samson.core.numbers import parse_int

from .models import AgeBand, Area, Gender

DECLINED = "none"
# More than Norway's whole population, so no real count is refused, and far below the
# 2,147,483,647 that the database column holds.
MAX_POPULATION = 10_000_000


class BackgroundSettingsForm(forms.Form):
    """The facilitator chooses the questions and names the parts of the municipality."""

    ask_age = forms.BooleanField(label=_("Age"), required=False)
    ask_gender = forms.BooleanField(label=_("Gender"), required=False)
    ask_area = forms.BooleanField(label=_("Part of the municipality"), required=False)
    areas = forms.CharField(
        label=_("Parts of the municipality"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_(
            "One part per line, in the order participants should see them. To compare with "
            "the population, add a semicolon and the number of inhabitants aged 15 or over, "
            "for example: Sentrum; 4200. The comparison needs a number for every part."
        ),
    )

    def clean_areas(self) -> list[tuple[str, int | None]]:
        areas: list[tuple[str, int | None]] = []
        for line in self.cleaned_data["areas"].splitlines():
            line = line.strip()
            if not line:
                continue
            name, semicolon, number = line.partition(";")
            name, digits = name.strip(), number.replace(" ", "").strip()
            population = parse_int(digits, minimum=0, maximum=MAX_POPULATION)
            if semicolon and population is None and re.fullmatch(r"[0-9]+", digits, re.ASCII):
                raise forms.ValidationError(
                    _("A part of the municipality has at most %(maximum)s inhabitants."),
                    params={"maximum": MAX_POPULATION},
                )
            if semicolon and population is None:
                raise forms.ValidationError(
                    _("Write the number of inhabitants after the semicolon, or leave it out.")
                )
            if len(name) > 100:
                raise forms.ValidationError(_("A name can be at most 100 characters."))
            if any(name == known for known, _population in areas):
                raise forms.ValidationError(
                    _("%(name)s is in the list twice."), params={"name": name}
                )
            areas.append((name, population))
        return areas

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned and cleaned.get("ask_area") and cleaned.get("areas") == []:
            self.add_error("areas", _("Name at least one part of the municipality to ask about."))
        # Parts named without the box ticked would be saved but never asked: say so instead.
        if cleaned and not cleaned.get("ask_area") and cleaned.get("areas"):
            self.add_error(
                "ask_area",
                _(
                    "You named parts of the municipality, but the question about them is not "
                    "ticked. Tick it to ask about the parts, or empty the list."
                ),
            )
        return cleaned


def _voluntary(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]]
) -> forms.ChoiceField:
    """A question answered with one of `choices`, with "don't want to answer", or not at all."""
    return forms.ChoiceField(
        label=label,
        choices=[*choices, (DECLINED, _("Don't want to answer"))],
        required=False,
        widget=forms.RadioSelect,
    )


class BackgroundForm(forms.Form):
    """The participant's voluntary questions; every one can be left out."""

    def __init__(
        self,
        *args: Any,
        ask_age: bool,
        ask_gender: bool,
        areas: list[Area] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if ask_age:
            self.fields["age_band"] = _voluntary(_("How old are you?"), AgeBand.choices)
        if ask_gender:
            self.fields["gender"] = _voluntary(_("What is your gender?"), Gender.choices)
        if areas:
            self.fields["area"] = _voluntary(
                _("Which part of the municipality do you live in?"),
                [(str(area.pk), area.name) for area in areas],
            )
        self._areas = {str(area.pk): area for area in areas or []}

    def answers(self) -> tuple[str, str, Area | None]:
        """(age band, gender, area); "" and None where not answered."""
        data = self.cleaned_data
        age = data.get("age_band") or ""
        gender = data.get("gender") or ""
        return (
            "" if age == DECLINED else age,
            "" if gender == DECLINED else gender,
            self._areas.get(data.get("area") or ""),
        )
