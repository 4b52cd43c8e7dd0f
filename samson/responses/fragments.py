"""Rendered questions, kept per process.

Rendering a page's radio groups through Django's form and template machinery costs more than
everything else in an answering request together (bench/answers, docs/performance.md). A
question without errors is a pure function of the instrument version's content, the language,
the item and the chosen value, and versions never change, so each such fragment is rendered
once per process and reused. A question with an error message, or a text answer, is rendered
every time.
"""

import functools
from collections.abc import Iterable, Iterator

from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from samson.core.memo import ProcessMemo

TEMPLATE = "responses/includes/question.html"
# Bounds the memory per process: the shipped instruments in three languages with every value
# take about 5,000 fragments of 1-3 kB.
FRAGMENTS: ProcessMemo[tuple[str, str, str, str], SafeString] = ProcessMemo(limit=20_000)


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
