"""The forms of an HTML page as a browser would submit them: method, action and fields.

Django's test client has no browser, so the form fuzzer reads each page with the standard
library's HTML parser and collects what a person could fill in: inputs (with their type),
selects with their options, textareas and named submit buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Input types whose value the person chooses from the page, like the options of a select.
CHOICE_TYPES = {"radio", "checkbox", "submit", "image"}
IGNORED_TYPES = {"reset", "button"}


@dataclass
class Field:
    name: str
    kind: str  # an input type ("text", "radio", "file", …), "select" or "textarea"
    value: str = ""  # for a select, its (last) selected option
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    accept: str = ""

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_TYPES or self.kind == "select"


@dataclass
class Form:
    method: str  # "get" or "post"
    action: str  # a path, query string included, resolved against the page
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False

    @property
    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        """What makes two forms the same for fuzzing: where they go and what they send."""
        return (self.method, urlsplit(self.action).path, tuple(sorted(self.fields)))


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._option_text = ""
        self._in_option = False
        self._option_selected = False
        self._textarea: Field | None = None

    def _add(self, item: Field) -> None:
        assert self._form is not None
        known = self._form.fields.get(item.name)
        if known is None:
            self._form.fields[item.name] = item
        else:  # radios, checkboxes and buttons sharing a name: one field with each value
            known.options += [o for o in item.options if o not in known.options]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(
                method=(a.get("method") or "get").lower(),
                action=action,
                multipart=a.get("enctype", "") == "multipart/form-data",
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag in ("input", "button") and name:
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if kind in IGNORED_TYPES:
                return
            value = a.get("value", "on" if kind in ("radio", "checkbox") else "")
            self._add(
                Field(
                    name=name,
                    kind=kind,
                    value=value,
                    options=[value] if kind in CHOICE_TYPES else [],
                    accept=a.get("accept", ""),
                )
            )
        elif tag == "select" and name:
            self._select = Field(name=name, kind="select", multiple="multiple" in a)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._finish_option()  # the previous option's end tag is optional
            self._in_option = True
            self._option = a.get("value")
            self._option_selected = "selected" in a
        elif tag == "textarea" and name:
            self._textarea = Field(name=name, kind="textarea")
            self._add(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._in_option:
            self._option_text += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._finish_option()
            self._select = None
        elif tag == "option":
            self._finish_option()
        elif tag == "textarea":
            self._textarea = None

    def _finish_option(self) -> None:
        if self._select is not None and self._in_option:
            value = self._option if self._option is not None else self._option_text.strip()
            self._select.options.append(value)
            if self._option_selected:
                self._select.value = value
        self._option, self._option_text, self._in_option = None, "", False
        self._option_selected = False


def page_forms(html: str, page: str) -> list[Form]:
    """Every form of `html`, the page at path `page`, with its action made a path."""
    parser = _FormParser(page)
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        parts = urlsplit(form.action)
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
    return parser.forms
