"""The fieldwork pages' data as frozen dataclasses (view models): the views build them, the
templates read them by attribute."""

from dataclasses import dataclass

from django.conf import settings

from .models import Fieldwork, MessageText
from .selectors import EditionRate, StratumRate


@dataclass(frozen=True)
class TextLink:
    """One e-mail text to see and change: its kind and its language, each with its label."""

    kind: str
    kind_label: str
    language: str
    language_name: str


@dataclass(frozen=True)
class ReminderLimits:
    """How many reminders a person gets at most, and how many hours apart at the least."""

    most: int
    hours: int


@dataclass(frozen=True)
class StratumTable:
    """The response rate per stratum of one variable of the frame, under the variable's name."""

    name: str
    rows: list[StratumRate]


def text_links() -> list[TextLink]:
    """Every kind of e-mail text in every language of the site, kind by kind."""
    return [
        TextLink(kind=kind, kind_label=str(label), language=code, language_name=str(name))
        for kind, label in MessageText.Kind.choices
        for code, name in settings.LANGUAGES
    ]


def reminder_limits(fieldwork: Fieldwork | None) -> ReminderLimits:
    """The fieldwork's reminder limits, or those a new fieldwork starts with when there is none
    yet."""
    if fieldwork is None:
        fields = Fieldwork._meta
        return ReminderLimits(
            most=fields.get_field("max_reminders").default,
            hours=fields.get_field("reminder_interval_hours").default,
        )
    return ReminderLimits(most=fieldwork.max_reminders, hours=fieldwork.reminder_interval_hours)


def stratum_tables(rate: EditionRate | None, names: dict[str, str]) -> list[StratumTable]:
    """One table per variable of the frame, named with `names` (selectors.strata_names)."""
    if rate is None:
        return []
    return [StratumTable(name=names[variable], rows=rows) for variable, rows in rate.strata.items()]
