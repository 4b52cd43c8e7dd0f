"""Accessible server-side SVG charts. Pure Python: imports nothing from Django."""

from .svg import bar_chart, heatmap

__all__ = ["bar_chart", "heatmap"]
