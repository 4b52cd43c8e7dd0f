"""The form for one page of an instrument, built from the instrument data."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samson.core.memo import ProcessMemo
from samson.instrument_spec import Instrument, Item, Page

TEXT_MAX_LENGTH = 2000
# The fields of a page in one language, kept per process: building them cost as much as the rest
# of a page's form handling. The entry holds the instrument, so while it is kept no other object
# can have that id().
PAGE_FIELDS: ProcessMemo[tuple[int, str, str], tuple[Instrument, dict[str, forms.Field]]] = (
    ProcessMemo(limit=2_000)
)


class PageForm(forms.Form):
    """One field per item on the page: radio buttons for scale and choice items, text areas
    for free text. Field names are the item ids; no answer is required unless the item says so.

    The field objects are shared by every form of the same page and language: neither Django's
    validation and rendering nor this form changes a field after it is built."""

    def __init__(self, *args: Any, instrument: Instrument, page: Page, lang: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.page = page
        self.lang = lang
        self.fields.update(page_fields(instrument, page, lang))

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        limit = self.page.limit
        if limit is not None and limit.exceeded(self.page, self.cleaned_data):
            scale = self.instrument.scale_for(self.page.items[0])
            # The loader allows a limit only on choice items whose scale has the code.
            label = scale.label(limit.code) if scale is not None else None
            assert label is not None
            raise forms.ValidationError(
                _("Choose “%(option)s” for at most %(count)d of the questions on this page."),
                code="limit",
                params={"option": label.get(self.lang), "count": limit.at_most},
            )
        return cleaned

    def answers(self) -> dict[str, int | str | None]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


# Each radio item's codes by the text a browser sends ("3" -> 3), per page, kept per process.
PAGE_CODES: ProcessMemo[tuple[int, str], tuple[Instrument, dict[str, dict[str, int]]]] = (
    ProcessMemo(limit=2_000)
)


def page_answers(
    instrument: Instrument, page: Page, data: Mapping[str, Any], lang: str
) -> dict[str, int | str | None] | None:
    """What PageForm(data).answers() gives when the form accepts `data` without a word; None
    when it might not (a value that is not an option, a required item left blank, text too long
    or with a NUL character, a page's limit exceeded), and the form must judge and say why.

    Answering pages are submitted many thousand times per round (bench/answers), and a form's
    validation cost more than the rest of a submit; this reads the same values the same way
    (the last value sent for a name, text stripped, "" for no text, None for no choice), checks
    them against the same options, and leaves every case with a message to PageForm."""
    _instrument, codes = PAGE_CODES.get(
        (id(instrument), page.id), lambda: _page_codes(instrument, page, lang)
    )
    answers: dict[str, int | str | None] = {}
    for item in page.items:
        raw = data.get(item.id)
        if item.type == "text":
            text = "" if raw in (None, "") else str(raw).strip()
            if "\x00" in text or len(text) > TEXT_MAX_LENGTH or (item.required and not text):
                return None
            answers[item.id] = text
        elif raw in (None, ""):
            if item.required:
                return None
            answers[item.id] = None
        else:
            code = codes[item.id].get(raw)
            if code is None:
                return None
            answers[item.id] = code
    if page.limit is not None and page.limit.exceeded(page, answers):
        return None
    return answers


def _page_codes(
    instrument: Instrument, page: Page, lang: str
) -> tuple[Instrument, dict[str, dict[str, int]]]:
    # From the form's own fields, so both accept exactly the same options.
    codes = {}
    for name, field in page_fields(instrument, page, lang).items():
        if isinstance(field, forms.TypedChoiceField):
            choices = cast("list[tuple[int, str]]", field.choices)
            codes[name] = {str(code): code for code, _label in choices}
    return instrument, codes


def page_fields(instrument: Instrument, page: Page, lang: str) -> dict[str, forms.Field]:
    """The fields of one page in one language, built once per process."""
    _instrument, fields = PAGE_FIELDS.get(
        (id(instrument), page.id, lang),
        lambda: (instrument, {item.id: _field(instrument, item, lang) for item in page.items}),
    )
    return fields


def _field(instrument: Instrument, item: Item, lang: str) -> forms.Field:
    label = item.text.get(lang)
    help_text = item.help.get(lang) if item.help else ""
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
        (option.code, option.label.get(lang)) for option in (*scale.options, scale.dont_know)
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
