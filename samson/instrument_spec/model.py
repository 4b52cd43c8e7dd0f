"""Typed, immutable view of a validated instrument file.

The loader builds these objects only from data that passed the JSON Schema and the semantic
rules, so the accessors below can trust every cross-reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from samson.instrument_spec.conditions import Condition, Filter, holds

LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"

ScaleType = Literal["likert", "choice"]
ItemType = Literal["scale", "choice", "text"]


def normalise_language(lang: str | None) -> str:
    """Map a language tag ('nn', 'nn-NO', 'no', None, ...) to one of nb, nn, en (default nb)."""
    if not lang:
        return DEFAULT_LANGUAGE
    primary = lang.replace("_", "-").split("-", 1)[0].lower()
    if primary in LANGUAGES:
        return primary
    # 'no' is the macrolanguage tag browsers often send for Norwegian; bokmål is its default.
    return DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing text in the three written standards the platform supports."""

    nb: str
    nn: str
    en: str

    def get(self, lang: str | None = None) -> str:
        """The text in `lang` (nb, nn or en; anything else falls back to nb)."""
        code = normalise_language(lang)
        if code == "nn":
            return self.nn
        if code == "en":
            return self.en
        return self.nb


@dataclass(frozen=True, slots=True)
class Option:
    """One answer code of a scale with its label (a likert point or a choice category)."""

    code: int
    label: Text


@dataclass(frozen=True, slots=True)
class Scale:
    """A response scale. For likert scales `options` holds the points min..max in order.

    `not_relevant` (kind barometer only) is a second non-substantive code, kept apart from
    `dont_know` because the barometer reports the two separately.
    """

    id: str
    type: ScaleType
    options: tuple[Option, ...]
    dont_know: Option
    min: int | None = None
    max: int | None = None
    not_relevant: Option | None = None

    @property
    def substantive_codes(self) -> tuple[int, ...]:
        """Codes that carry an opinion: every code except the don't-know code."""
        return tuple(option.code for option in self.options)

    @property
    def codes(self) -> tuple[int, ...]:
        """Every valid answer code: substantive codes, then don't know, then not relevant."""
        extra = () if self.not_relevant is None else (self.not_relevant.code,)
        return (*self.substantive_codes, self.dont_know.code, *extra)

    def label(self, code: int) -> Text | None:
        """The label of `code`, or None when the scale has no such code."""
        if code == self.dont_know.code:
            return self.dont_know.label
        if self.not_relevant is not None and code == self.not_relevant.code:
            return self.not_relevant.label
        for option in self.options:
            if option.code == code:
                return option.label
        return None


@dataclass(frozen=True, slots=True)
class Dimension:
    """One id of a dimension kind (a value, a field, an anti-pattern, a barrier, ...)."""

    kind: str
    id: str
    label: Text
    description: Text
    warning: Text | None = None  # anti-patterns only
    advice: Text | None = None  # barriers, drivers and participation challenges only


@dataclass(frozen=True, slots=True)
class Cell:
    """Advice and dialogue questions for one value x field cell of the scorecard grid."""

    value: str
    field: str
    advice: Text
    dialogue: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One question or statement."""

    id: str
    type: ItemType
    text: Text
    concept: str
    source: str
    dimensions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    scale: str | None = None
    help: Text | None = None
    reverse: bool = False
    required: bool = False

    def dimension(self, kind: str) -> str | None:
        """The id this item measures in dimension `kind`, or None."""
        return self.dimensions.get(kind)


@dataclass(frozen=True, slots=True)
class ChoiceLimit:
    """At most `at_most` items of a page may be answered with `code` ("choose up to three")."""

    code: int
    at_most: int

    def exceeded(self, page: Page, answers: Mapping[str, object]) -> int | None:
        """How many items of the page have the code, when that is more than allowed."""
        chosen = sum(
            1
            for item in page.items
            if (value := answers.get(item.id)) == self.code and not isinstance(value, bool)
        )
        return chosen if chosen > self.at_most else None


@dataclass(frozen=True, slots=True)
class Page:
    """A group of items shown together, in the order respondents see them."""

    id: str
    title: Text
    items: tuple[Item, ...]
    intro: Text | None = None
    show_if: Condition | None = None  # None: shown to everyone
    limit: ChoiceLimit | None = None  # None: any number of items may have any code


@dataclass(frozen=True, slots=True)
class Quadrant:
    """One of the typology quadrants A-D (seed: Hulgård 2016)."""

    id: str
    label: Text
    description: Text


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One cell of the seed's 3x3 design x production matrix (codes 1-3 as in the who3 scale)."""

    design: int
    production: int
    name: Text
    description: Text


@dataclass(frozen=True, slots=True)
class MaturityLevel:
    """One step of the maturity ladder."""

    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Instrument:
    """A whole instrument version. Lookups raise KeyError for ids the instrument lacks."""

    key: str
    version: int
    kind: str
    title: Text
    description: Text
    minutes: int
    scales: tuple[Scale, ...]
    dimensions: Mapping[str, tuple[Dimension, ...]]
    pages: tuple[Page, ...]
    cells: tuple[Cell, ...] = ()
    quadrants: tuple[Quadrant, ...] = ()
    matrix: tuple[MatrixCell, ...] = ()
    maturity: tuple[MaturityLevel, ...] = ()
    filters: tuple[Filter, ...] = ()
    _items: Mapping[str, Item] = field(init=False, repr=False, compare=False)
    _scales: Mapping[str, Scale] = field(init=False, repr=False, compare=False)
    _filters: Mapping[str, Filter] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Index once: scoring looks items and scales up for every answer.
        items = {item.id: item for page in self.pages for item in page.items}
        object.__setattr__(self, "_items", MappingProxyType(items))
        object.__setattr__(self, "_scales", MappingProxyType({s.id: s for s in self.scales}))
        object.__setattr__(self, "_filters", MappingProxyType({f.id: f for f in self.filters}))

    def filter(self, filter_id: str) -> Filter:
        return self._filters[filter_id]

    def holds(self, condition: Condition, answers: Mapping[str, object]) -> bool:
        """Whether a condition (a page's `show_if`, a filter's `when`) holds for the answers."""
        return holds(condition, answers, self._filters)

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def _walk(self, answers: Mapping[str, object]) -> tuple[tuple[Page, ...], dict[str, object]]:
        """The pages shown for these answers and the answers that count, in one pass.

        Pages are visited in order; a page's condition sees only answers to items of earlier
        pages that were shown, so a stale answer on a skipped page never opens a later page.
        """
        visible: dict[str, object] = {}
        shown: list[Page] = []
        for page in self.pages:
            if page.show_if is not None and not self.holds(page.show_if, visible):
                continue
            shown.append(page)
            for item in page.items:
                if item.id in answers:
                    visible[item.id] = answers[item.id]
        return tuple(shown), visible

    def shown_pages(self, answers: Mapping[str, object]) -> tuple[Page, ...]:
        """The pages a respondent with these answers is shown, in order."""
        return self._walk(answers)[0]

    def page_shown(self, page: Page | str, answers: Mapping[str, object]) -> bool:
        """Whether a page is shown, given the answers (only those on shown earlier pages count)."""
        resolved = page if isinstance(page, Page) else self.page(page)
        return any(shown is resolved for shown in self.shown_pages(answers))

    def shown_items(self, answers: Mapping[str, object]) -> tuple[Item, ...]:
        """Items on the pages shown for these answers, in page order."""
        return tuple(item for page in self.shown_pages(answers) for item in page.items)

    def visible_answers(self, answers: Mapping[str, object]) -> dict[str, object]:
        """The answers to items that are shown; answers left on skipped pages are dropped.

        Use this before scoring or estimating: a respondent who changed an earlier answer may
        have left answers on a page that no longer applies to them.
        """
        return self._walk(answers)[1]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in page order."""
        return tuple(self._items.values())

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def scale(self, scale_id: str) -> Scale:
        return self._scales[scale_id]

    def scale_for(self, item: Item | str) -> Scale | None:
        """The scale an item is answered on; None for free-text items."""
        resolved = self.item(item) if isinstance(item, str) else item
        return None if resolved.scale is None else self._scales[resolved.scale]

    def codes(self, item: Item | str) -> tuple[int, ...]:
        """Valid answer codes of an item (scale points or option codes, then don't know)."""
        scale = self.scale_for(item)
        return () if scale is None else scale.codes

    def dimensions_of(self, kind: str) -> tuple[Dimension, ...]:
        """The ids of one dimension kind in file order; empty when the kind is not defined."""
        return self.dimensions.get(kind, ())

    def dimension(self, kind: str, dimension_id: str) -> Dimension:
        for dimension in self.dimensions_of(kind):
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(f"{kind} {dimension_id}")

    def items_for(self, kind: str, dimension_id: str) -> tuple[Item, ...]:
        """Items measuring `dimension_id` of `kind`, in page order."""
        return tuple(item for item in self.items if item.dimension(kind) == dimension_id)

    def cell(self, value: str, field_id: str) -> Cell:
        for cell in self.cells:
            if cell.value == value and cell.field == field_id:
                return cell
        raise KeyError(f"{value} x {field_id}")

    def quadrant(self, quadrant_id: str) -> Quadrant:
        for quadrant in self.quadrants:
            if quadrant.id == quadrant_id:
                return quadrant
        raise KeyError(quadrant_id)

    def matrix_cell(self, design: int, production: int) -> MatrixCell:
        for cell in self.matrix:
            if cell.design == design and cell.production == production:
                return cell
        raise KeyError(f"design {design} x production {production}")

    def maturity_level(self, level_id: str) -> MaturityLevel:
        for level in self.maturity:
            if level.id == level_id:
                return level
        raise KeyError(level_id)
