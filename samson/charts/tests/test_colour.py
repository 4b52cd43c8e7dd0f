import pytest

from samson.charts import colour


def wcag_contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast written out here again, so the tests do not trust the package's own."""

    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert colour.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert colour.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker gives 4.54:1 for #767676 on white, the classic just-passing grey.
    assert colour.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert colour.contrast_ratio("#0062ba", "#ffffff") == pytest.approx(
        wcag_contrast("#0062ba", "#ffffff")
    )


def test_relative_luminance_rejects_short_hex() -> None:
    with pytest.raises(ValueError, match="Expected #rrggbb, got '#fff'"):
        colour.relative_luminance("#fff")


@pytest.mark.parametrize("fill", [*colour.SCALE, colour.MISSING_FILL])
def test_text_on_every_fill_has_at_least_4_5_to_1(fill: str) -> None:
    assert wcag_contrast(colour.text_colour_on(fill), fill) >= 4.5


def test_text_colours_per_band() -> None:
    assert [colour.text_colour_on(fill) for fill in colour.SCALE] == [
        colour.TEXT_LIGHT,
        colour.TEXT_DARK,
        colour.TEXT_DARK,
        colour.TEXT_DARK,
        colour.TEXT_LIGHT,
    ]


def test_bars_grid_and_text_on_the_background() -> None:
    # Text: 4.5:1 (WCAG 1.4.3); bars and axis lines are graphics: 3:1 (WCAG 1.4.11).
    assert wcag_contrast(colour.TEXT_DARK, colour.BACKGROUND) >= 4.5
    assert wcag_contrast(colour.BAR_FILL, colour.BACKGROUND) >= 3
    assert wcag_contrast(colour.GRID, colour.BACKGROUND) >= 3


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, 0), (19, 0), (19.99, 0), (20, 1), (39, 1), (40, 2), (60, 3), (79, 3), (80, 4), (100, 4)],
)
def test_band_index(score: float, band: int) -> None:
    assert colour.band_index(score) == band
    assert colour.scale_fill(score) == colour.SCALE[band]
