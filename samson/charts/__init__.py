"""Accessible server-side SVG charts. Pure Python: imports nothing from Django."""

from .grid import Cell, Heading, HeatmapGrid, Row
from .svg import bar_chart, heatmap, heatmap_svg

__all__ = ["Cell", "Heading", "HeatmapGrid", "Row", "bar_chart", "heatmap", "heatmap_svg"]
