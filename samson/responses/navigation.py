"""The answering flow's way through a questionnaire, one rule per function.

Every way of answering goes through these rules: a solo assessment and a participant's answer
in a round (`responses.views.page`) and a barometer invitation link
(`barometer.views.answer_page`). They say which pages the answers show, where a request for a
page the answers skip goes, where a pressed button leads once a page is saved, and when that
ends the questionnaire. They take an instrument, answers and page numbers and return page
numbers: no request, no database, no rendering. Pages are numbered from 1, as in the URLs.
"""

import bisect
from collections.abc import Mapping, Sequence
from typing import Final

from samson.instrument_spec import Instrument, Page

# The values of the answering pages' submit buttons (name="action").
NEXT: Final = "next"
BACK: Final = "back"
# The last shown page's button: it goes on as NEXT does, and there is nothing after it.
FINISH: Final = "finish"
# The page's first, hidden button, which Enter in a field submits through: with questions still
# open the page is saved and shown again; otherwise the view passes NEXT instead.
ENTER: Final = "enter"


def conditional(instrument: Instrument) -> bool:
    """Whether a page of the instrument has a condition (`show_if`). Without one every page is
    shown whatever the answers, so nobody needs to read them to find the way."""
    for page in instrument.pages:  # noqa: SIM110 - on every answering request; any() costs 3x
        if page.show_if is not None:
            return True
    return False


def shown_numbers(instrument: Instrument, answers: Mapping[str, object]) -> tuple[int, ...]:
    """The numbers of the pages shown for these answers, in order; every page's when the
    instrument has no conditions (the answers are then not looked at)."""
    if not conditional(instrument):
        return tuple(range(1, len(instrument.pages) + 1))
    shown = {id(page) for page in instrument.shown_pages(answers)}
    return tuple(number for number, page in enumerate(instrument.pages, 1) if id(page) in shown)


def answers_after_save(
    given: Mapping[str, object], page: Page, answers: Mapping[str, object]
) -> dict[str, object]:
    """The answers as they stand once `answers` are saved on `page` over `given`: the page's
    earlier answers are replaced, and a blank value (None or "") leaves its item unanswered,
    as `responses.services.response_page_save` stores them. Lets the target of a button be
    found without reading the answers back."""
    on_page = {item.id for item in page.items}
    after = {item_id: value for item_id, value in given.items() if item_id not in on_page}
    after.update({k: v for k, v in answers.items() if k in on_page and v not in (None, "")})
    return after


def shown_after_save(
    instrument: Instrument,
    given: Mapping[str, object],
    page: Page,
    answers: Mapping[str, object],
) -> tuple[int, ...]:
    """The numbers of the pages shown once `answers` are saved on `page` over `given` (the
    answers as `answers_after_save` leaves them), which is where a button leads from."""
    if not conditional(instrument):
        return shown_numbers(instrument, {})
    return shown_numbers(instrument, answers_after_save(given, page, answers))


def skipped_to(shown: Sequence[int], number: int) -> int | None:
    """Where a request for page `number` goes: None when the page is shown; for a page the
    answers skip, the next shown page, or the last shown one when none comes after it."""
    if number in shown:
        return None
    after = bisect.bisect_right(shown, number)
    return shown[after] if after < len(shown) else shown[-1]


def target(shown: Sequence[int], number: int, action: str) -> int | None:
    """The page a button pressed on page `number` leads to once the page is saved, given the
    pages shown after the save (in order); None when the press ends the questionnaire.

    ENTER stays on the page. BACK goes to the shown page before it, and stays on the first
    shown page (it never moves forward, and never ends anything). Anything else (NEXT, FINISH,
    a value no page sends) goes to the next shown page, and ends the questionnaire after the
    last one."""
    if action == ENTER:
        return number
    if action == BACK:
        before = bisect.bisect_left(shown, number)
        return shown[before - 1] if before > 0 else number
    after = bisect.bisect_right(shown, number)
    return shown[after] if after < len(shown) else None


def ends(shown: Sequence[int], number: int, action: str) -> bool:
    """Whether the button pressed on page `number` ends the questionnaire."""
    return target(shown, number, action) is None


def resume_page(number: int, target: int | None) -> int:
    """The page a private link resumes at after page `number` is saved: the button's target,
    or the saved page itself when the questionnaire ended there."""
    return number if target is None else target


def step(shown: Sequence[int], number: int) -> int:
    """The position of shown page `number` among the shown pages (1 for the first)."""
    return shown.index(number) + 1


def is_last(shown: Sequence[int], number: int) -> bool:
    """Whether page `number` is the last shown page (its button sends the answers)."""
    return number == shown[-1]
