"""Rendered questions and answering pages, kept per process.

Rendering a page's radio groups through Django's form and template machinery costs more than
everything else in an answering request together (bench/answers, docs/performance.md). A
question without errors is a pure function of the instrument version's content, the language,
the item and the chosen value, and versions never change, so each such fragment is rendered
once per process and reused. A question with an error message is rendered every time; a text
question without one is kept as the HTML around its escaped text.

The page around the questions (header, language menu, progress, buttons, private link, footer)
is kept the same way: `page_html` renders `responses/page.html` through the template engine once
per version, language, page and state, with markers where the request's own values go (the
CSRF token, the path, the private link, the questions), and then only joins strings. The
templates stay the one source of the markup, so what a browser gets is byte for byte what the
template would have rendered for that request (samson/responses/tests/test_short_way.py). The
participants' join and thanks pages are kept the same way (`kept_page`). Only an anonymous
visitor with no messages waiting gets a kept page; see docs/performance.md, bench/answers, for
what this leaves out of Django's machinery and why.
"""

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BoundField
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from samson.core.memo import ProcessMemo
from samson.instrument_spec import Instrument, Page

from . import presenters
from .forms import PageForm

TEMPLATE = "responses/includes/question.html"
PAGE_TEMPLATE = "responses/page.html"
# Bounds the memory per process: the shipped instruments in three languages with every value
# take about 5,000 fragments of 1-3 kB.
FRAGMENTS: ProcessMemo[tuple[str, str, str, str], SafeString] = ProcessMemo(limit=20_000)
# A text question as the HTML before and after its (escaped) text.
TEXTS: ProcessMemo[tuple[str, str, str], tuple[str, str]] = ProcessMemo(limit=2_000)
# A page as literal strings and the names of the slots between them: versions x languages x
# pages x (in a round or not) x (closed or not); a few hundred for the shipped instruments.
# Other pages kept the same way (kept_page) add a few per round.
PAGES: ProcessMemo[Hashable, tuple[str, ...]] = ProcessMemo(limit=2_000)

# Markers the template engine prints unchanged (letters and digits only, so escaping leaves
# them alone), each standing for one slot.
_MARK = "samsonslot{}x9q"
SLOTS = ("csrf", "path", "resume", "questions", "text")
_SLOT = re.compile("(" + "|".join(_MARK.format(name) for name in SLOTS) + ")")
_NAMES = {_MARK.format(name): name for name in SLOTS}


def question_html(field: BoundField) -> SafeString:
    """One question rendered with its current value and errors."""
    return SafeString(render_to_string(TEMPLATE, {"field": field}))


def questions_html(fields: Iterable[BoundField], *, content_hash: str, lang: str) -> Iterator[str]:
    """The HTML of each question, from this process's fragments where it may be."""
    for field in fields:
        if field.errors or getattr(field.field.widget, "input_type", None) != "radio":
            yield question_html(field)
            continue
        # str(): a page opened fresh holds the code as an int, a page sent back as text.
        value = field.value()
        key = (content_hash, lang, field.html_name, "" if value is None else str(value))
        yield FRAGMENTS.get(key, functools.partial(question_html, field))


def page_questions_html(
    instrument: Instrument,
    page: Page,
    values: Mapping[str, int | str],
    *,
    content_hash: str,
    lang: str,
) -> str:
    """The questions of a page without errors, holding `values` (item id -> code or text):
    the same HTML as questions_html() for an unbound PageForm with these values as initial
    data, made without a form once each fragment is kept."""
    parts = []
    for item in page.items:
        value = values.get(item.id)
        if item.type == "text":
            before, after = TEXTS.get(
                (content_hash, lang, item.id),
                functools.partial(_text_parts, instrument, page, item.id, lang),
            )
            parts.append(before + ("" if value is None else escape(value)) + after)
        else:
            key = (content_hash, lang, item.id, "" if value is None else str(value))
            parts.append(
                FRAGMENTS.get(
                    key, functools.partial(_question_with, instrument, page, item.id, value, lang)
                )
            )
    return "".join(parts)


def _question_with(
    instrument: Instrument, page: Page, item_id: str, value: int | str | None, lang: str
) -> SafeString:
    initial = {} if value is None else {item_id: value}
    form = PageForm(initial=initial, instrument=instrument, page=page, lang=lang)
    return question_html(form[item_id])


def _text_parts(instrument: Instrument, page: Page, item_id: str, lang: str) -> tuple[str, str]:
    mark = _MARK.format("text")
    html = _question_with(instrument, page, item_id, mark, lang)
    before, after = html.split(mark)  # exactly once: the textarea's content
    return before, after


def page_html(
    request: HttpRequest,
    *,
    instrument: Instrument,
    content_hash: str,
    number: int,
    lang: str,
    in_round: bool,
    closed: bool,
    resume_url: str,
    questions: str,
) -> str:
    """The answering page `number` without errors or open questions, for an anonymous visitor
    with no pending messages: what rendering `responses/page.html` with this request would give."""
    return kept_page(
        request,
        key=(PAGE_TEMPLATE, content_hash, lang, number, in_round, closed),
        template=PAGE_TEMPLATE,
        context=functools.partial(_page_context, instrument, number, lang, in_round, closed),
        slots={"resume": escape(resume_url), "questions": questions},
    )


def _page_context(
    instrument: Instrument, number: int, lang: str, in_round: bool, closed: bool
) -> dict[str, Any]:
    current = instrument.pages[number - 1]
    return {
        "form": PageForm(instrument=instrument, page=current, lang=lang),
        "questions": [SafeString(slot("questions"))],
        "closed": closed,
        "unanswered": [],
        "in_round": in_round,
        "page": presenters.page_view(current, lang),
        "number": number,
        "page_count": len(instrument.pages),
        "instrument_title": instrument.title.get(lang),
        "resume_url": slot("resume"),
    }


def kept_page_allowed(request: HttpRequest) -> bool:
    """Whether a kept page may answer `request`: not for a signed-in visitor (their header) nor
    with messages waiting to be shown, which only the template engine renders. Reading them here
    is what the template would do: the same session access, the same Vary header."""
    return not (request.user.is_authenticated or list(messages.get_messages(request)))


def slot(name: str) -> str:
    """The marker a kept page's context holds where the request's own `name` goes."""
    assert name in SLOTS, name
    return _MARK.format(name)


def kept_page(
    request: HttpRequest,
    *,
    key: Hashable,
    template: str,
    context: Callable[[], dict[str, Any]],
    slots: Mapping[str, str],
) -> str:
    """`template` rendered for this request, for an anonymous visitor with no pending messages,
    from this process's copy: the first time it is rendered through the template engine with
    `context()`, whose markers (slot()) stand for the request's values, and kept under `key`,
    which must name everything else the page shows. `slots` holds the request's values, as HTML
    (escaped where they are text); the CSRF token and the path (the language menu's `next`) are
    filled in here.

    The CSRF token is masked once, as the template's lazy `csrf_token` is, and every form on the
    page carries it."""
    parts = PAGES.get(key, functools.partial(_parts, template, context))
    values = {
        **slots,
        "csrf": get_token(request),
        "path": escape(request.get_full_path()),
    }
    # Literals sit at even positions, slot names at odd ones (re.split with one group).
    return "".join(part if n % 2 == 0 else values[part] for n, part in enumerate(parts))


def _parts(template: str, context: Callable[[], dict[str, Any]]) -> tuple[str, ...]:
    # What the context processors read from a request, for an anonymous visitor with no
    # messages; the path is a marker.
    stand_in: Any = SimpleNamespace(
        user=AnonymousUser(), get_full_path=lambda: slot("path"), META={}
    )
    html = render_to_string(template, {**context(), "csrf_token": slot("csrf")}, request=stand_in)
    parts = _SLOT.split(html)
    return tuple(part if n % 2 == 0 else _NAMES[part] for n, part in enumerate(parts))


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    # The kept pages hold what settings put in them (the footer's links, static file URLs);
    # only tests change settings while a process runs.
    PAGES.clear()
    TEXTS.clear()
    FRAGMENTS.clear()
