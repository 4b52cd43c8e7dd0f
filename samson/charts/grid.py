"""The heat map as typed data: built once from a scoring result, rendered as SVG (svg.py) and as
the data table beside it, so the picture and the table can never show different numbers."""

from __future__ import annotations

from dataclasses import dataclass

from .colour import SCALE, band_index

MISSING_LABEL = "–"


@dataclass(frozen=True, slots=True)
class Cell:
    """One score as both renderers show it.

    `value` is the score as displayed (0–100, already rounded to what the table prints) or None
    when there is nothing to show; `label` is its text in the table ("44,0", or "–"). A
    `suppressed` cell never carries a value: its label says why, and the SVG prints "–".
    """

    value: float | None
    label: str
    suppressed: bool = False

    def __post_init__(self) -> None:
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed cell carries no value")

    @property
    def band(self) -> int | None:
        """The 20-point band of the score the SVG prints (rounded half up), or None."""
        if self.value is None:
            return None
        return band_index(int(self.value + 0.5))

    @property
    def colour(self) -> str | None:
        """The fill of the cell in the SVG (SCALE), or None for the hatched "missing" grey."""
        band = self.band
        return None if band is None else SCALE[band]

    @property
    def colour_class(self) -> str:
        """A class name for the band: `band-0` (weakest) to `band-4`, or `band-missing`."""
        band = self.band
        return "band-missing" if band is None else f"band-{band}"


@dataclass(frozen=True, slots=True)
class Heading:
    """A row or column of the grid: its dimension id and its label in the page's language."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the grid: one cell per column and the row's own score (over all columns)."""

    heading: Heading
    cells: tuple[Cell, ...]
    total: Cell

    @property
    def label(self) -> str:
        return self.heading.label


@dataclass(frozen=True, slots=True)
class HeatmapGrid:
    """A heat map of 0–100 scores with everything its SVG and its data table print.

    `column_totals` are the columns' own scores and `overall` the score over the whole grid.
    `title` and `description` name the SVG; `caption` names the table; `chart_id` and
    `table_id` must be unique on the page.
    """

    rows: tuple[Row, ...]
    columns: tuple[Heading, ...]
    column_totals: tuple[Cell, ...]
    overall: Cell
    title: str
    description: str
    caption: str
    chart_id: str
    table_id: str
    missing_label: str | None = None

    def __post_init__(self) -> None:
        width = len(self.columns)
        if len(self.column_totals) != width:
            raise ValueError(f"{len(self.column_totals)} column totals for {width} columns")
        for row in self.rows:
            if len(row.cells) != width:
                raise ValueError(f"row {row.heading.id} has {len(row.cells)} cells for {width}")

    @property
    def values(self) -> list[list[float | None]]:
        """The cells' values row by row (None where missing or suppressed)."""
        return [[cell.value for cell in row.cells] for row in self.rows]
