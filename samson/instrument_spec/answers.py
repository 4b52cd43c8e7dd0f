"""Check one respondent's answers ({item_id: value}) against an instrument."""

from __future__ import annotations

from collections.abc import Mapping

from samson.instrument_spec.model import Instrument, Item

Answer = int | str
MAX_TEXT_LENGTH = 5000  # free text beyond this is almost surely pasted by mistake


class AnswerError(ValueError):
    """The answers do not fit the instrument; `messages` has one English sentence per problem."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


def _json_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return names.get(type(value), type(value).__name__)


def _answer_problem(instrument: Instrument, item: Item, value: object) -> str | None:
    if item.type == "text":
        if not isinstance(value, str):
            return f"item '{item.id}': expected a string, got {_json_type(value)}"
        if len(value) > MAX_TEXT_LENGTH:
            return f"item '{item.id}': text is longer than {MAX_TEXT_LENGTH} characters"
        return None
    # bool is a subclass of int in Python, but true/false is never a valid code.
    if isinstance(value, bool) or not isinstance(value, int):
        return f"item '{item.id}': expected an integer code, got {_json_type(value)}"
    codes = instrument.codes(item)
    if value not in codes:
        allowed = ", ".join(str(code) for code in codes)
        return f"item '{item.id}': {value} is not one of the codes {allowed}"
    return None


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    """The answers in instrument item order, or AnswerError listing every problem.

    Items left out are simply unanswered (answers are saved one by one); use
    `missing_required` to check completeness. A page's limit ("choose up to three") is checked
    on the answers given.
    """
    messages: list[str] = []
    for item_id in sorted(answers, key=str):
        if not isinstance(item_id, str) or not instrument.has_item(item_id):
            messages.append(f"unknown item '{item_id}'")
            continue
        problem = _answer_problem(instrument, instrument.item(item_id), answers[item_id])
        if problem is not None:
            messages.append(problem)
    for page in instrument.pages:
        if page.limit is not None and (chosen := page.limit.exceeded(page, answers)):
            messages.append(
                f"page '{page.id}': {chosen} items answered {page.limit.code}, "
                f"at most {page.limit.at_most} may be"
            )
    if messages:
        raise AnswerError(messages)
    valid: dict[str, Answer] = {}
    for item in instrument.items:
        if item.id in answers:
            value = answers[item.id]
            assert isinstance(value, int | str)  # checked above; narrows the type for mypy
            valid[item.id] = value
    return valid


def missing_required(instrument: Instrument, answers: Mapping[str, object]) -> list[str]:
    """Ids of required items without an answer, in item order.

    Only items on pages shown for these answers count (`Instrument.shown_items`): a required
    item on a page whose `show_if` does not hold is not missing.
    """
    return [
        item.id
        for item in instrument.shown_items(answers)
        if item.required and item.id not in answers
    ]


def dont_know_code(instrument: Instrument, item_id: str) -> int | None:
    """The "don't know / not relevant" code of an item; None for free-text items."""
    scale = instrument.scale_for(item_id)
    return None if scale is None else scale.dont_know.code


def is_dont_know(instrument: Instrument, item_id: str, value: Answer) -> bool:
    """True when `value` is the item's "don't know / not relevant" code."""
    code = dont_know_code(instrument, item_id)
    return code is not None and not isinstance(value, bool) and value == code
