"""Every page, report and export speaks the reader's language and shows no internal id (issue 14).

The site of `siteworld.py` (one of everything a URL can name, every role), with more states:
every workshop step of the closed round, an unweighted barometer edition (no frame) and one
whose frame cannot be used, and one guided check per distinct outcome. Every URL of the URL
conf is fetched in bokmål, nynorsk and English (the language cookie), as the anonymous visitor
and as the first signed-in role that gets the page; the HTML a PDF is laid out from, and the
header row of each CSV and spreadsheet export, are checked too. A page fails when

- an English phrase of the interface (a message of `locale/en/.../django.po` of at least
  MIN_WORDS words whose bokmål differs) or an English data label (a code list's, an
  instrument's, the scoring's and the knowledge pages' three-language texts) is on a bokmål
  or nynorsk page;
- a Norwegian phrase (a bokmål or nynorsk translation that differs from the English, or a
  data label's bokmål or nynorsk) is on an English page;
- an internal id shows where a person reads: a code between parentheses after "reading:"
  ("(reading: tynn)"), a Norwegian code of the scoring or the guided check as a word on an
  English page ("ingen", "tynn"), or a snake_case variable name.

Text that is rightly in another language (a book title, a party's own name) carries a `lang`
attribute (WCAG 2.2, 3.1.2 Language of Parts); such an element, and code in <code>, is skipped.
Run it alone with `.venv/bin/pytest samson/core/tests/test_page_language.py -q`
(docs/translation.md).
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from samson.barometer import services as barometer_services
from samson.innovation import codelists
from samson.instrument_spec import Text
from samson.knowledge import guided, guided_texts
from samson.knowledge import registry as knowledge_registry
from samson.projects.models import Round
from samson.scoring import texts as scoring_texts

from .siteworld import SiteWorld, site_world
from .test_form_fuzz import site_paths

# Renders every page in three languages (about half a minute): `make test` runs it,
# `make test-fast` does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ("nb", "nn", "en")
MIN_WORDS = 3
# The roles that may see more than the anonymous visitor, in the order they are tried.
SIGNED_IN = ("facilitator", "analyst", "participant", "admin")
# Django's admin is Django's own translation; its pages are fetched only for our models'
# names, as the admin's index and change lists show them.
ADMIN_PAGES = r"/admin/(\w+/(\w+/)?)?"
# Files left out, with why: each takes seconds to build and has the header of one that is
# checked.
SLOW_FILES = {
    r"/barometer/\d+/eksport/estimater\.xlsx": "the header of estimater.csv",
    r"/barometer/\d+/eksport/mikrodata\.xlsx": "the header of mikrodata.csv",
}
# Gaps the test finds that are not fixed yet, each with who owns the fix; a pattern that matches
# no gap any more fails the test, so the list only shrinks (docs/translation.md).
KNOWN_GAPS: dict[str, str] = {}
# Public pages that read the same to everyone but for the header (which every other page
# checks): fetched as the anonymous visitor only.
ANONYMOUS_ENOUGH = ("/kunnskap/", "/vurdering/")
# Codes of the scoring and the guided check a person must never read on an English page.
NORWEGIAN_IDS = frozenset(
    {"ingen", "tynn", "tykk", "horing", "informasjon", "medvirkning", "forprogrammert"}
    | {"kostnadsflytting", "etter_innspill", "ferdig", "rammer", "apen", "engang", "varig"}
)
READING = re.compile(r"\((?:reading|lesning|lesing): ?[\w/]+\)", re.IGNORECASE)
# A placeholder in braces ("{opt_out_link}" in an e-mail text a facilitator edits) is syntax.
SNAKE_CASE = re.compile(r"(?<!\{)\b[a-z]+(?:_[a-z0-9]+)+\b")
URL = re.compile(r"https?://\S+")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{?\s*\w+\s*\}?\}|<[^>]+>")
# Elements whose text a person does not read as prose (code is shown as code).
SKIPPED = frozenset({"script", "style", "template", "code", "kbd", "samp", "head"})
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-description")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


# ----------------------------------------------------------------------------- the phrases


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _fragments(text: str) -> Iterator[str]:
    """The runs of at least MIN_WORDS words between placeholders and tags, as word strings."""
    for part in PLACEHOLDER.split(text):
        words = _words(part)
        if len(words) >= MIN_WORDS:
            yield " ".join(words)


def _catalogue(lang: str) -> dict[str, str]:
    with (ROOT / "locale" / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    out: dict[str, str] = {}
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or message.fuzzy:
            continue
        if isinstance(message.string, str) and message.string:
            out[message.id] = message.string
    return out


def _texts() -> Iterator[tuple[str, str, str]]:
    """(nb, nn, en) of every data label and text kept outside the catalogues."""
    lists: list[dict[Any, codelists.Label]] = [*codelists.CODE_LISTS.values()]
    for codes in [*lists, codelists.FRAME_VARIABLES]:
        for label in codes.values():
            yield label.nb, label.nn, label.en
    seen: set[int] = set()

    def walk(value: Any) -> Iterator[Text]:
        if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
            return
        seen.add(id(value))
        if isinstance(value, Text):
            yield value
        elif dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                yield from walk(getattr(value, item.name))
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item)

    from samson.conftest import _shipped

    sources = [scoring_texts.__dict__, guided_texts.__dict__, knowledge_registry.__dict__]
    roots: list[Any] = [loaded.spec for loaded in _shipped()]
    roots += [value for module in sources for value in module.values()]
    for text in walk(roots):
        yield text.nb, text.nn, text.en


def _phrases() -> tuple[set[str], set[str]]:
    """(English phrases, Norwegian phrases): each a word string of at least MIN_WORDS words
    that belongs to one side only."""
    en, nb, nn = (_catalogue(lang) for lang in ("en", "nb", "nn"))
    english: set[str] = set()
    norwegian: set[str] = set()
    pairs = [(en[m], nb.get(m, ""), nn.get(m, "")) for m in en]
    pairs += [(e, b, n) for b, n, e in _texts()]
    for english_text, bokmal, nynorsk in pairs:
        if not bokmal or not nynorsk:
            continue
        if _words(english_text) != _words(bokmal):
            english.update(_fragments(english_text))
        for text in (bokmal, nynorsk):
            if _words(text) != _words(english_text):
                norwegian.update(_fragments(text))
    # A phrase both sides use (a name, a quoted title) is no sign of either language.
    return english - norwegian, norwegian - english


def _index(phrases: Iterable[str]) -> dict[str, list[str]]:
    """Phrases by their first three words, so a page is only searched for the phrases whose
    start it contains."""
    index: dict[str, list[str]] = {}
    for phrase in phrases:
        index.setdefault(" ".join(phrase.split()[:3]), []).append(phrase)
    return index


# ----------------------------------------------------------------------------- reading a page


class _Reader(HTMLParser):
    """The text a person reads on a page, leaving out elements in another language than the
    page's and code; with the page's own `lang`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.prose: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        own = values.get("lang")
        other_language = own is not None and self.lang and own.split("-")[0] != self.lang
        hidden = tag == "input" and values.get("type") == "hidden"
        skipped = bool(other_language) or tag in SKIPPED or hidden
        if not skipped and not self._skipping():
            for name in READ_ATTRIBUTES:
                if values.get(name):
                    self.prose.append(f" {values[name]} ")
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.prose.append(f" {values.get('value') or ''} ")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.prose.append(data)


def read(html: str) -> tuple[str, str]:
    """(the page's lang, the text a person reads, lower case, words separated by spaces)."""
    reader = _Reader()
    reader.feed(html)
    return reader.lang, " ".join(_words(" ".join(reader.prose)))


class Checker:
    def __init__(self) -> None:
        english, norwegian = _phrases()
        self.english = _index(english)
        self.norwegian = _index(norwegian)

    def gaps(self, text: str, lang: str) -> list[str]:
        """What is wrong with `text` (lower-case words) on a page in `lang`."""
        found: list[str] = []
        index = self.english if lang in ("nb", "nn") else self.norwegian
        words = text.split()
        padded = f" {text} "
        starts = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
        label = "English" if lang in ("nb", "nn") else "Norwegian"
        hits = sorted(
            {p for start in starts for p in index.get(start, ()) if f" {p} " in padded},
            key=len,
            reverse=True,
        )
        for phrase in hits:
            if not any(phrase in longer for longer in found):
                found.append(f"{label}: «{phrase}»")
        if lang == "en":
            for word in sorted(NORWEGIAN_IDS & set(words)):
                at = padded.index(f" {word} ")
                found.append(f"internal id: «{word}» in «…{padded[max(0, at - 60) : at + 40]}…»")
        return found

    def page_gaps(self, html: str, lang: str) -> list[str]:
        page_lang, text = read(html)
        # A fragment (no <html>, say an htmx update) is in the language of the page it goes in.
        fragment = page_lang == "" and "<html" not in html
        found = [] if page_lang == lang or fragment else [f"<html lang={page_lang!r}>"]
        found += self.gaps(text, lang)
        raw = " ".join(read_raw(html))
        found += [f"internal id: «{m}»" for m in sorted(set(READING.findall(raw)))]
        # An address shown for copying (a private link to come back to) is not prose: its
        # random token can look like a snake_case name.
        prose = URL.sub(" ", raw)
        found += [f"variable name: «{m}»" for m in sorted(set(SNAKE_CASE.findall(prose)))]
        return found


def read_raw(html: str) -> list[str]:
    """The text a person reads, with its punctuation (for the id patterns)."""
    reader = _Reader()
    reader.feed(html)
    return reader.prose


# ----------------------------------------------------------------------------- the site


class _CapturedPdf:
    """Keeps the HTML a PDF is laid out from and skips WeasyPrint's layout (seconds each)."""

    pages: list[str] = []

    def __init__(self, *, string: str = "", **kwargs: Any) -> None:
        self.pages.append(string)

    def write_pdf(self, **kwargs: Any) -> bytes:
        return b"%PDF-1.7 (layout skipped)"


def _header_cells(content: bytes, content_type: str) -> list[str]:
    """The header row of a CSV file, or of each sheet of a spreadsheet."""
    if content_type.startswith("text/csv"):
        text = content.decode("utf-8-sig", errors="replace")
        return next(csv.reader(io.StringIO(text)), [])
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        cells: list[str] = []
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            cells += [str(value) for value in first if value is not None]
        return cells
    return []


def _guided_queries() -> list[str]:
    """One query string of the guided check per distinct outcome (level, type or the reason
    there is none, warnings, legal duties)."""
    queries: dict[tuple[Any, ...], str] = {}
    names = list(guided.QUESTIONS)
    for codes in itertools.product(*guided.QUESTIONS.values()):
        answers = guided.Answers(**dict(zip(names, codes, strict=True)))
        check = guided.classify(answers)
        key = (check.level, check.quadrant, check.quadrant_reason, check.antipatterns)
        duties = ("duties", check.duties)
        query = "&".join(f"{n}={c}" for n, c in zip(names, codes, strict=True))
        for outcome in (key, duties):
            queries.setdefault(outcome, query)
    return sorted(set(queries.values()))


def _more_states(world: SiteWorld) -> list[str]:
    """Editions that are unweighted (no frame; a frame that cannot be used); the paths of
    their estimates."""
    analyst = world.users["analyst"]
    assert analyst is not None
    paths = []
    for title, frame in (("Uten ramme", None), ("Ubrukelig ramme", [({"landsdel": 1}, 10)])):
        edition = barometer_services.edition_create(
            organisation=world.edition.organisation,
            user=analyst,
            year=2023,
            title=title,
            sectors=[1, 2, 3, 4, 5],
        )
        barometer_services.synthetic_load(edition=edition, n=160, seed=3)
        if frame is None:
            edition.population_cells.all().delete()
        else:
            barometer_services.frame_replace(edition=edition, cells=frame)
        paths.append(f"/barometer/{edition.pk}/")
    return paths


# Solo results with every reading of who did what: (challenge, solution, delivery) and the code
# every statement of the grid gets (9: don't know). None leaves the question unanswered.
SOLO = (
    ((None, None, None), 9),
    ((1, 1, 1), 1),
    ((2, 2, 1), 3),
    ((2, 2, 2), 5),
    ((3, 3, 3), 4),
    ((1, 2, 2), 2),
    ((3, 1, 2), 5),
)


def _solo_results() -> list[str]:
    """Finished solo assessments, one per entry of SOLO; the paths of their results."""
    from samson.instruments.selectors import instrument_spec, instrument_version_get
    from samson.responses import services as response_services

    version = instrument_version_get(key=settings.SAMSON_SOLO_INSTRUMENT)
    instrument = instrument_spec(version)
    paths = []
    for typology, code in SOLO:
        chosen = dict(zip(("challenge", "solution", "delivery"), typology, strict=True))
        response, token = response_services.response_start(
            instrument_version=version, language="nb"
        )
        for number, page in enumerate(instrument.pages, start=1):
            answers: dict[str, int | None] = {}
            for item in page.items:
                if "typology" in item.dimensions:
                    answers[item.id] = chosen[item.dimensions["typology"]]
                else:
                    answers[item.id] = code
            response_services.response_page_save(
                response=response,
                instrument=instrument,
                page_number=number,
                answers=answers,
                resume_page=number,
            )
        response_services.response_complete(response=response)
        paths += [f"/vurdering/{token}/resultat/", f"/vurdering/{token}/rapport/"]
    return paths


@pytest.fixture
def world(instruments: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[SiteWorld]:
    _CapturedPdf.pages = []
    monkeypatch.setattr("weasyprint.HTML", _CapturedPdf)
    cache.clear()
    yield site_world()
    cache.clear()


def _get(client: Client, path: str, lang: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(path)


def _is_html(reply: Any) -> bool:
    return bool(reply.status_code == 200 and reply["Content-Type"].startswith("text/html"))


@pytest.mark.django_db
def test_every_page_report_and_export_is_in_the_readers_language(world: SiteWorld) -> None:
    checker = Checker()
    # A route the world cannot fill fails the form fuzzer's test (test_form_fuzz.py).
    paths, _unfilled = site_paths(world)
    paths = [
        p
        for p in paths
        if not p.startswith("/api/")
        and (not p.startswith("/admin/") or re.fullmatch(ADMIN_PAGES, p))
        and not any(re.fullmatch(pattern, p) for pattern in SLOW_FILES)
    ]
    barometer_paths = _more_states(world)
    paths += barometer_paths
    paths += [f"{p}estimater/" for p in barometer_paths]
    paths += _solo_results()
    paths += [f"/kunnskap/medvirkning-eller-samskaping/?{q}" for q in _guided_queries()]
    workshop = f"/prosjekter/{world.project.pk}/malinger/{world.closed_round.pk}/workshop/"

    gaps: dict[str, set[str]] = {}
    seen = 0

    def check(where: str, html: str, lang: str) -> None:
        nonlocal seen
        seen += 1
        for gap in checker.page_gaps(html, lang):
            gaps.setdefault(gap, set()).add(where)

    # Which signed-in role each path is checked as (besides the anonymous visitor): the first
    # that gets it, found in the first language; "" when none does.
    roles: dict[str, str] = {}
    for lang in LANGUAGES:
        for path in paths:
            candidates = ["anonymous", *([roles[path]] if path in roles else SIGNED_IN)]
            for role in filter(None, candidates):
                reply = _get(world.clients[role], path, lang)
                if reply.status_code == 200 and role != "anonymous":
                    roles.setdefault(path, role)
                if _is_html(reply):
                    check(f"[{lang} {role}] {path}", reply.content.decode(), lang)
                elif reply.status_code == 200:
                    cells = " ".join(_header_cells(reply.content, reply["Content-Type"]))
                    for gap in checker.gaps(" ".join(_words(cells)), lang):
                        gaps.setdefault(gap, set()).add(f"[{lang} {role}] {path} (header)")
                if reply.status_code == 200 and (
                    role != "anonymous" or path.startswith(ANONYMOUS_ENOUGH)
                ):
                    break
            roles.setdefault(path, "")
            for html in _CapturedPdf.pages:
                check(f"[{lang}] {path} (PDF)", html, lang)
            _CapturedPdf.pages.clear()
        for step in Round.Reveal:
            Round.objects.filter(pk=world.closed_round.pk).update(revealed=step)
            reply = _get(world.clients["facilitator"], workshop, lang)
            assert _is_html(reply), (workshop, reply.status_code)
            where = f"[{lang} facilitator] {workshop} (step {step.value})"
            check(where, reply.content.decode(), lang)

    assert seen > 2 * len(paths), seen
    known = {gap for gap in gaps if any(re.search(pattern, gap) for pattern in KNOWN_GAPS)}
    stale = [p for p in KNOWN_GAPS if not any(re.search(p, gap) for gap in gaps)]
    report = "\n".join(
        f"{gap}\n    " + "\n    ".join(sorted(where)[:4]) + (" …" if len(where) > 4 else "")
        for gap, where in sorted(gaps.items())
        if gap not in known
    )
    assert len(gaps) == len(known), f"{len(gaps) - len(known)} gaps of language:\n{report}"
    assert stale == [], "these known gaps are gone: take them out of KNOWN_GAPS"


# The names Django's makemessages extracts (xgettext's keywords plus Django's own); Babel
# extracts `_`, `gettext` and `ngettext`. Anything else hides a string from both.
EXTRACTED: dict[str, set[str | None]] = {
    "gettext": {None, "_"},
    "gettext_lazy": {None, "_"},
    "ngettext": {None},
    "ngettext_lazy": {None},
    "pgettext": {None},
    "pgettext_lazy": {None},
    "gettext_noop": {None},
}


def test_translation_functions_keep_the_names_extraction_sees() -> None:
    wrong = []
    for path in sorted((ROOT / "samson").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in EXTRACTED and alias.asname not in EXTRACTED[alias.name]:
                        where = path.relative_to(ROOT)
                        wrong.append(f"{where}:{node.lineno}: {alias.name} as {alias.asname}")
    assert wrong == []


@pytest.mark.parametrize(
    ("lang", "steps", "levels"),
    [
        (
            "nb",
            [
                "Ingenting er vist ennå",
                "Profilen til alle deltakerne",
                "Skårene til hver part",
                "Der partene ser det ulikt",
                "Hvem som definerte, utformet og gjennomfører",
            ],
            ["liten forskjell", "merkbar forskjell", "stor forskjell"],
        ),
        (
            "nn",
            [
                "Ingenting er vist enno",
                "Profilen til alle deltakarane",
                "Skårane til kvar part",
                "Der partane ser det ulikt",
                "Kven som definerte, utforma og gjennomfører",
            ],
            ["liten skilnad", "merkbar skilnad", "stor skilnad"],
        ),
        (
            "en",
            [
                "Nothing is shown yet",
                "The profile of all participants",
                "Each party's scores",
                "Where the parties see it differently",
                "Who defined, designed and delivers",
            ],
            ["small difference", "notable difference", "large difference"],
        ),
    ],
)
def test_workshop_steps_and_disagreement_levels_are_translated(
    lang: str, steps: list[str], levels: list[str]
) -> None:
    """The gaps issue 14 names: marked with an alias extraction did not see, so never translated."""
    from django.utils import translation

    from samson.results.presenters import LEVELS, STEPS

    with translation.override(lang):
        assert [str(STEPS[step]) for step in Round.Reveal] == steps
        assert [str(LEVELS[level]) for level in ("small", "notable", "large")] == levels


def test_the_thick_co_creation_cell_is_named_in_each_language() -> None:
    from samson.conftest import _shipped

    for loaded in _shipped():
        if loaded.spec.kind != "samson":
            continue
        name = loaded.spec.matrix_cell(2, 2).name
        assert (name.nb, name.nn, name.en) == (
            "Samproduksjon (tykk samskaping)",
            "Samproduksjon (tjukk samskaping)",
            "CO-PRODUCTION (thick co-creation)",
        )


def test_the_checker_finds_each_kind_of_gap_and_respects_lang() -> None:
    checker = Checker()

    def page(lang: str, body: str) -> str:
        return f'<html lang="{lang}"><head><title>x</title></head><body>{body}</body></html>'

    assert checker.page_gaps(page("nb", "<h2>Each party's scores</h2>"), "nb") == [
        "English: «each party's scores»"
    ]
    assert checker.page_gaps(page("en", "<td>Helse og omsorg</td>"), "en") == [
        "Norwegian: «helse og omsorg»"
    ]
    assert checker.page_gaps(page("en", "<p>Design shared (reading: tynn).</p>"), "en") == [
        "internal id: «tynn» in «… design shared reading tynn …»",
        "internal id: «(reading: tynn)»",
    ]
    assert checker.page_gaps(page("nb", "<p>Feltet design_shared</p>"), "nb") == [
        "variable name: «design_shared»"
    ]
    # A private link shown for copying: its random token is not a variable name.
    address = "http://testserver/vurdering/f_t15z-S_9EzaWq/resultat/"
    link = f'<p><a href="{address}">{address}</a></p>'
    assert checker.page_gaps(page("nb", link), "nb") == []
    assert checker.page_gaps(page("nn", "<p>Skårane til kvar part</p>"), "nb") == [
        "<html lang='nn'>"
    ]
    # Rightly in another language, code, a placeholder and a bokmål page in bokmål: no gap.
    rightly = (
        '<p lang="en">Each party\'s scores</p><code>design_shared</code>'
        "<p>{opt_out_link}</p><p>Skårene til hver part</p>"
    )
    assert checker.page_gaps(page("nb", rightly), "nb") == []
