"""`{{ grid|heatmap_svg }}`: a heat-map grid (samson.charts.HeatmapGrid) drawn as SVG."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from samson import charts

register = template.Library()


@register.filter
def heatmap_svg(grid: charts.HeatmapGrid) -> SafeString:
    return mark_safe(charts.heatmap_svg(grid))  # noqa: S308 - charts escapes every text it prints
