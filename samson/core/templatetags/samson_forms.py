"""Render form widgets with Designsystemet's classes and the right ARIA links."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def ds_widget(field: BoundField) -> SafeString:
    """The field's widget with class ds-input, aria-describedby to its help and error."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    attrs: dict[str, str | bool] = {"class": "ds-input"}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
