import math
import xml.etree.ElementTree as ET

import pytest

from samson.charts import bar_chart, heatmap
from samson.charts.colour import BAR_FILL, MISSING_FILL, SCALE, TEXT_DARK, TEXT_LIGHT

from .test_colour import wcag_contrast

NS = {"svg": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"

ROWS = ["Likeverd", "Utveksling"]
COLS = ["Initiering", "Design", "Evaluering"]
VALUES: list[list[float | None]] = [[0, 42.5, 100], [None, 19.5, 80]]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_of(element: ET.Element) -> str:
    """The text of a <text>, its <tspan> lines joined by spaces."""
    spans = element.findall("svg:tspan", NS)
    if spans:
        return " ".join(span.text or "" for span in spans)
    return element.text or ""


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [text_of(t) for t in root.iter(f"{S}text") if t.get("class") == css_class]


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{S}g") if g.get("class") == css_class]


def make_heatmap(**kwargs: object) -> ET.Element:
    args: dict[str, object] = {
        "title": "Profil",
        "description": "Poeng per dimensjon og fase",
        "row_labels": ROWS,
        "col_labels": COLS,
        "values": VALUES,
        "chart_id": "hm",
    }
    args.update(kwargs)
    return parse(heatmap(**args))  # type: ignore[arg-type]


# --- heatmap --------------------------------------------------------------------------------


def test_heatmap_is_a_named_image() -> None:
    root = make_heatmap()

    assert root.tag == f"{S}svg"
    assert root.get("role") == "img"
    assert root.get("id") == "hm"
    assert root.get("aria-labelledby") == "hm-title hm-desc"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and desc is not None
    assert (title.get("id"), title.text) == ("hm-title", "Profil")
    assert (desc.get("id"), desc.text) == ("hm-desc", "Poeng per dimensjon og fase")
    # <title> must be the first child for user agents that name the image from it.
    assert list(root)[0] is title


def test_heatmap_has_one_cell_per_value_with_its_number() -> None:
    root = make_heatmap()

    assert len(groups(root, "row")) == 2
    assert len(groups(root, "cell")) == 6
    assert texts(root, "row-label") == ["Likeverd", "Utveksling"]
    assert texts(root, "col-label") == ["Initiering", "Design", "Evaluering"]
    # Half rounds up: 42.5 prints 43 and 19.5 prints 20; None prints a dash.
    assert texts(root, "value") == ["0", "43", "100", "–", "20", "80"]


def test_heatmap_fill_follows_the_printed_number() -> None:
    root = make_heatmap()

    fills = [cell.findall("svg:rect", NS)[0].get("fill") for cell in groups(root, "cell")]
    assert fills == [SCALE[0], SCALE[2], SCALE[4], "url(#hm-missing)", SCALE[1], SCALE[4]]


def test_heatmap_missing_cell_is_hatched_grey_with_a_dash() -> None:
    root = make_heatmap()

    pattern = root.find("svg:defs/svg:pattern", NS)
    assert pattern is not None and pattern.get("id") == "hm-missing"
    missing = groups(root, "cell")[3]
    plate = [r for r in missing.findall("svg:rect", NS) if r.get("class") == "plate"]
    assert [r.get("fill") for r in plate] == [MISSING_FILL]
    assert [text_of(t) for t in missing.findall("svg:text", NS)] == ["–"]


def test_heatmap_text_contrast_is_at_least_4_5_on_every_fill() -> None:
    every_score: list[float | None] = [*range(101), None]
    root = make_heatmap(
        row_labels=[str(i) for i in range(len(every_score))],
        col_labels=["x"],
        values=[[score] for score in every_score],
    )

    checked = 0
    for cell in groups(root, "cell"):
        rects = cell.findall("svg:rect", NS)
        solid = [r for r in rects if r.get("class") == "plate"] or rects[:1]
        background = solid[0].get("fill")
        (text,) = cell.findall("svg:text", NS)
        assert background is not None and background.startswith("#")
        ratio = wcag_contrast(text.get("fill", ""), background)
        assert ratio >= 4.5, f"{text_of(text)}: {ratio:.2f}:1 on {background}"
        checked += 1
    assert checked == 102


def test_heatmap_legend_shows_the_bands_and_missing_data() -> None:
    root = make_heatmap(missing_label="Ingen data")

    assert texts(root, "legend-label") == [
        "0–19",
        "20–39",
        "40–59",
        "60–79",
        "80–100",
        "Ingen data",
    ]
    swatches = [r for r in root.iter(f"{S}rect") if r.get("class") == "swatch"]
    assert [s.get("fill") for s in swatches] == [*SCALE, "url(#hm-missing)"]


def test_heatmap_legend_has_no_missing_entry_without_missing_values() -> None:
    root = make_heatmap(values=[[1, 2, 3], [4, 5, 6]], missing_label="Ingen data")

    assert texts(root, "legend-label") == ["0–19", "20–39", "40–59", "60–79", "80–100"]


def test_heatmap_escapes_markup_in_every_text() -> None:
    evil = "<script>alert('x')</script> & \"q\""
    svg = heatmap(evil, evil, [evil], [evil], [[50]], chart_id="x", missing_label=evil)
    root = parse(svg)

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;" in svg
    assert not list(root.iter(f"{S}script")) and not list(root.iter("script"))
    assert root.findtext("svg:title", namespaces=NS) == evil
    assert root.findtext("svg:desc", namespaces=NS) == evil
    # Row labels wrap at 26 characters, column labels at 18; a longer word takes a hyphen.
    assert texts(root, "row-label") == ["<script>alert('x')</scrip- t> & \"q\""]
    assert texts(root, "col-label") == ["<script>alert('x'- )</script> & \"q\""]


def test_heatmap_drops_characters_xml_forbids() -> None:
    root = make_heatmap(title="Pro\x00fil\x1b", chart_id="hm")

    assert root.findtext("svg:title", namespaces=NS) == "Profil"


def test_heatmap_wraps_long_labels_into_lines() -> None:
    root = make_heatmap(
        row_labels=["Delt lederskap og ansvar for resultatene i prosjektet", "Kort"],
        col_labels=["Implementering og drift", "B", "C"],
    )

    row_label = next(t for t in root.iter(f"{S}text") if t.get("class") == "row-label")
    assert [s.text for s in row_label.findall("svg:tspan", NS)] == [
        "Delt lederskap og ansvar",
        "for resultatene i",
        "prosjektet",
    ]
    col_label = next(t for t in root.iter(f"{S}text") if t.get("class") == "col-label")
    # The column is as wide as its longest word (14 characters).
    assert [s.text for s in col_label.findall("svg:tspan", NS)] == ["Implementering", "og drift"]


def test_heatmap_size() -> None:
    # Labels of at most 10 characters: 92 px of row labels, 3 columns of 88 px, but the legend
    # (5 entries of 62-78 px with 16 px gaps) is wider; 2 rows of 44 px under a 26 px header.
    root = make_heatmap()

    assert (root.get("width"), root.get("height")) == ("430", "172")
    assert root.get("viewBox") == "0 0 430 172"


def test_heatmap_default_id_is_stable_and_content_derived() -> None:
    first = parse(heatmap("T", "D", ["a"], ["b"], [[1]]))
    again = parse(heatmap("T", "D", ["a"], ["b"], [[1]]))
    other = parse(heatmap("T", "D", ["a"], ["b"], [[2]]))

    assert first.get("id") == again.get("id")
    assert first.get("id") != other.get("id")
    assert (first.get("id") or "").startswith("heatmap-")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [[1, 2, 3]]}, "2 row labels but 1 rows of values"),
        ({"values": [[1, 2, 3], [1, 2]]}, "row 1 has 2 values for 3 columns"),
        ({"values": [[1, 2, 3], [1, 2, 100.5]]}, r"row 1, column 2: .* got 100\.5"),
        ({"values": [[-1, 2, 3], [1, 2, 3]]}, r"row 0, column 0: .* got -1"),
        ({"values": [[math.nan, 2, 3], [1, 2, 3]]}, r"got nan"),
        ({"chart_id": "1bad id"}, "chart_id must be a valid XML id"),
    ],
)
def test_heatmap_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_heatmap(**kwargs)


# --- bar chart ------------------------------------------------------------------------------


def make_bars(**kwargs: object) -> ET.Element:
    args: dict[str, object] = {
        "title": "Dimensjoner",
        "description": "Gjennomsnittlig poeng",
        "labels": ["Likeverd", "Utveksling", "Læring", "Lederskap"],
        "values": [0, 42.5, 100, None],
        "chart_id": "bars",
    }
    args.update(kwargs)
    return parse(bar_chart(**args))  # type: ignore[arg-type]


def test_bar_chart_is_a_named_image() -> None:
    root = make_bars()

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "bars-title bars-desc"
    assert root.findtext("svg:title", namespaces=NS) == "Dimensjoner"
    assert root.findtext("svg:desc", namespaces=NS) == "Gjennomsnittlig poeng"


def test_bar_chart_draws_one_bar_per_value_and_prints_it() -> None:
    root = make_bars()

    assert len(groups(root, "bar")) == 4
    assert texts(root, "label") == ["Likeverd", "Utveksling", "Læring", "Lederskap"]
    assert texts(root, "value") == ["0", "43", "100", "–"]
    assert texts(root, "tick") == ["0", "25", "50", "75", "100"]


def test_bar_lengths_are_proportional_to_the_score() -> None:
    root = make_bars(labels=["a", "b", "c", "d"], values=[0, 25, 50, 100])

    bars = [r for r in root.iter(f"{S}rect") if r.get("fill") == BAR_FILL]
    assert [float(r.get("width", "nan")) for r in bars] == [0, 60, 120, 240]
    assert len({r.get("x") for r in bars}) == 1


def test_bar_chart_missing_value_has_no_bar_but_a_hatched_dash() -> None:
    root = make_bars()

    last = groups(root, "bar")[3]
    fills = [r.get("fill") for r in last.findall("svg:rect", NS)]
    assert BAR_FILL not in fills
    assert "url(#bars-missing)" in fills
    assert [text_of(t) for t in last.findall("svg:text", NS) if t.get("class") == "value"] == ["–"]


def test_bar_chart_text_contrast() -> None:
    root = make_bars()

    for text in root.iter(f"{S}text"):
        assert text.get("fill") in {TEXT_DARK, TEXT_LIGHT}
        # Every bar chart text sits on the white background or on the grey plate.
        assert wcag_contrast(text.get("fill", ""), MISSING_FILL) >= 4.5
        assert wcag_contrast(text.get("fill", ""), "#ffffff") >= 4.5


def test_bar_chart_escapes_labels() -> None:
    svg = bar_chart("<b>", "<i>", ["<script>x</script>"], [10], chart_id="b")

    assert "<script>" not in svg and "<b>" not in svg
    assert texts(parse(svg), "label") == ["<script>x</script>"]


@pytest.mark.parametrize(
    ("labels", "values", "message"),
    [
        (["a"], [1, 2], "1 labels but 2 values"),
        (["a"], [101], r"bar 0: a score must be between 0 and 100, got 101"),
        (["a"], [math.inf], "got inf"),
    ],
)
def test_bar_chart_rejects_bad_input(
    labels: list[str], values: list[float | None], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart("t", "d", labels, values)
