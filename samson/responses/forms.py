"""The form for one page of an instrument, built from the instrument data."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samson.instrument_spec import Instrument, Item, Page

TEXT_MAX_LENGTH = 2000


class PageForm(forms.Form):
    """One field per item on the page: radio buttons for scale and choice items, text areas
    for free text. Field names are the item ids; no answer is required unless the item says so."""

    def __init__(self, *args: Any, instrument: Instrument, page: Page, lang: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.page = page
        self.lang = lang
        for item in page.items:
            self.fields[item.id] = self._field(instrument, item)

    def _field(self, instrument: Instrument, item: Item) -> forms.Field:
        label = item.text.get(self.lang)
        help_text = item.help.get(self.lang) if item.help else ""
        if item.type == "text":
            return forms.CharField(
                label=label,
                help_text=help_text,
                required=item.required,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        scale = instrument.scale_for(item)
        assert scale is not None  # the loader guarantees a scale for scale and choice items
        choices = [
            (option.code, option.label.get(self.lang))
            for option in (*scale.options, scale.dont_know)
        ]
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            required=item.required,
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose one of the options.")},
        )

    def answers(self) -> dict[str, int | str | None]:
        return {name: self.cleaned_data.get(name) for name in self.fields}
