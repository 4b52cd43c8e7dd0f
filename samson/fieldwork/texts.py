"""The wording of invitations and reminders: defaults in every language, a facilitator's own
texts checked for their placeholders, and one message rendered for one invitee."""

import string
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from .models import Fieldwork, MessageText

Kind = MessageText.Kind
PLACEHOLDERS = ("link", "deadline", "organisation", "opt_out_link")
# A text without these would leave the invitee without a way in or a way out.
REQUIRED_IN_BODY = ("link", "opt_out_link")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def default_text(kind: str, language: str, *, edition: bool = False) -> Text:
    """The shipped wording of an invitation or reminder in one language, for a round or (with
    `edition`) for a barometer edition."""
    if edition:
        return _edition_text(kind, language)
    with translation.override(language):
        if kind == Kind.REMINDER:
            return Text(
                subject=gettext("Reminder: your answer for {organisation}"),
                body=gettext(
                    "Hello,\n\nWe have not yet received your answer to the assessment that "
                    "{organisation} asked you for. It takes about ten minutes, and your answers "
                    "are never linked to your name or e-mail address.\n\nYour personal link "
                    "(please do not forward it):\n{link}\n\nDeadline: {deadline}\n\nNo more "
                    "e-mail about this round: {opt_out_link}\n"
                ),
            )
        return Text(
            subject=gettext("Invitation: assess the co-creation with {organisation}"),
            body=gettext(
                "Hello,\n\n{organisation} invites you to assess how the co-creation in the "
                "project is going. It takes about ten minutes, and your answers are never "
                "linked to your name or e-mail address.\n\nYour personal link (please do not "
                "forward it):\n{link}\n\nDeadline: {deadline}\n\nNo more e-mail about this "
                "round: {opt_out_link}\n"
            ),
        )


def _edition_text(kind: str, language: str) -> Text:
    with translation.override(language):
        if kind == Kind.REMINDER:
            return Text(
                subject=gettext("Reminder: the innovation barometer from {organisation}"),
                body=gettext(
                    "Hello,\n\nWe have not yet received your unit's answer to the innovation "
                    "barometer for the municipal sector, which {organisation} asked you for. It "
                    "takes about fifteen minutes. The answers are used for statistics only and "
                    "never carry your name or e-mail address.\n\nYour unit's link:\n{link}\n\n"
                    "Deadline: {deadline}\n\nNo more e-mail about this survey: {opt_out_link}\n"
                ),
            )
        return Text(
            subject=gettext("Invitation: the innovation barometer from {organisation}"),
            body=gettext(
                "Hello,\n\n{organisation} invites your unit to answer the innovation barometer "
                "for the municipal sector: how your unit develops and tries out new ways of "
                "working. It takes about fifteen minutes. The answers are used for statistics "
                "only and never carry your name or e-mail address.\n\nYour unit's link:\n"
                "{link}\n\nDeadline: {deadline}\n\nNo more e-mail about this survey: "
                "{opt_out_link}\n"
            ),
        )


def text_problems(text: str, *, required: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with a facilitator's text, as sentences for the form (empty when fine).

    Only the named placeholders are allowed, without any attribute, index or format: a text
    is a facilitator's input and must not reach anything but the four values."""
    problems: list[str] = []
    found: set[str] = set()
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return [
            gettext(
                "A curly bracket is not closed. Write placeholders as {link}, and a bracket "
                "itself as {{ or }}."
            )
        ]
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            problems.append(
                gettext(
                    "Unknown placeholder {%(name)s}. You can use {link}, {deadline}, "
                    "{organisation} and {opt_out_link}."
                )
                % {"name": field}
            )
        found.add(field)
    for name in required:
        if name not in found:
            problems.append(gettext("The text must contain {%(name)s}.") % {"name": name})
    return problems


def current_text(fieldwork: Fieldwork | None, kind: str, language: str) -> Text:
    """The facilitator's own text when there is one, else the shipped one."""
    if fieldwork is None:
        return default_text(kind, language)
    own = fieldwork.texts.filter(kind=kind, language=language).first()
    if own is not None:
        return Text(subject=own.subject, body=own.body)
    return default_text(kind, language, edition=fieldwork.edition_id is not None)


def render(text: Text, values: dict[str, str]) -> Text:
    """The text with its placeholders filled in (texts are checked when saved)."""
    subject = text.subject.format_map(values)
    return Text(subject=" ".join(subject.split()), body=text.body.format_map(values))
