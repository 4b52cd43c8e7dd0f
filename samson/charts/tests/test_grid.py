"""The heat-map grid: one typed structure that the SVG and the data table both print."""

import xml.etree.ElementTree as ET

import pytest

from samson.charts import Cell, Heading, HeatmapGrid, Row, heatmap, heatmap_svg
from samson.charts.colour import SCALE

S = "{http://www.w3.org/2000/svg}"


def make_grid(**overrides: object) -> HeatmapGrid:
    columns = (Heading("a", "Initiering"), Heading("b", "Design"))
    args: dict[str, object] = {
        "rows": (
            Row(
                Heading("x", "Likeverd"),
                (Cell(19.4, "19,4"), Cell(19.5, "19,5")),
                Cell(19.5, "19,5"),
            ),
            Row(
                Heading("y", "Læring"),
                (Cell(None, "–"), Cell(100.0, "100,0")),
                Cell(100.0, "100,0"),
            ),
        ),
        "columns": columns,
        "column_totals": (Cell(19.4, "19,4"), Cell(59.8, "59,8")),
        "overall": Cell(46.3, "46,3"),
        "title": "Skår",
        "description": "Et rutenett",
        "caption": "Skår per verdi",
        "chart_id": "grid-test",
        "table_id": "grid-test-caption",
        "missing_label": "Ikke svart",
    }
    args.update(overrides)
    return HeatmapGrid(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "band", "css"),
    [
        (0.0, 0, "band-0"),
        (19.4, 0, "band-0"),  # the SVG prints 19
        (19.5, 1, "band-1"),  # printed as 20, so it is coloured as 20
        (59.9, 3, "band-3"),
        (79.4, 3, "band-3"),
        (100.0, 4, "band-4"),
        (None, None, "band-missing"),
    ],
)
def test_a_cell_is_coloured_by_the_number_the_svg_prints(value, band, css):
    cell = Cell(value, "x")
    assert cell.band == band
    assert cell.colour_class == css
    assert cell.colour == (None if band is None else SCALE[band])


def test_a_suppressed_cell_cannot_carry_a_number():
    with pytest.raises(ValueError, match="suppressed"):
        Cell(42.0, "42,0", suppressed=True)
    assert Cell(None, "–", suppressed=True).band is None


def test_a_ragged_grid_is_refused():
    with pytest.raises(ValueError, match="row y has 1 cells for 2"):
        make_grid(
            rows=(Row(Heading("y", "Læring"), (Cell(1.0, "1,0"),), Cell(1.0, "1,0")),),
        )
    with pytest.raises(ValueError, match="1 column totals for 2 columns"):
        make_grid(column_totals=(Cell(1.0, "1,0"),))


def test_the_svg_of_a_grid_is_the_heat_map_of_its_cells():
    grid = make_grid()
    assert grid.values == [[19.4, 19.5], [None, 100.0]]
    assert heatmap_svg(grid) == heatmap(
        "Skår",
        "Et rutenett",
        ["Likeverd", "Læring"],
        ["Initiering", "Design"],
        [[19.4, 19.5], [None, 100.0]],
        chart_id="grid-test",
        missing_label="Ikke svart",
    )


def test_the_svg_fills_each_cell_with_the_grids_colour():
    grid = make_grid()
    root = ET.fromstring(heatmap_svg(grid))
    cells = [g for g in root.iter(f"{S}g") if g.get("class") == "cell"]
    fills = [cell.find(f"{S}rect").get("fill") for cell in cells]  # type: ignore[union-attr]
    expected = [c.colour or "url(#grid-test-missing)" for row in grid.rows for c in row.cells]
    assert fills == expected == [SCALE[0], SCALE[1], "url(#grid-test-missing)", SCALE[4]]
    printed = [t.text for t in root.iter(f"{S}text") if t.get("class") == "value"]
    assert printed == ["19", "20", "–", "100"]


def test_a_suppressed_cell_prints_a_dash_and_nothing_of_its_group():
    grid = make_grid(
        rows=(
            Row(
                Heading("x", "Likeverd"),
                (Cell(None, "skjult", suppressed=True), Cell(12.5, "12,5")),
                Cell(None, "skjult", suppressed=True),
            ),
        )
    )
    svg = heatmap_svg(grid)
    root = ET.fromstring(svg)
    printed = [t.text for t in root.iter(f"{S}text") if t.get("class") == "value"]
    assert printed == ["–", "13"]
    assert "skjult" not in svg


def test_labels_and_titles_from_users_are_escaped():
    grid = make_grid(
        title='<script>alert("t")</script>',
        columns=(Heading("a", "A & <b>"), Heading("b", "Design")),
    )
    svg = heatmap_svg(grid)
    ET.fromstring(svg)  # still well-formed XML
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in svg
    assert "A &amp; &lt;b&gt;" in svg
