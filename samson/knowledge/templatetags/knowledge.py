"""`{% knowledge_link kind id %}`: a "read more" link to the section that explains a result.

The mapping lives in `samson.knowledge.links`; templates only name what they show.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samson.instrument_spec import normalise_language
from samson.knowledge.links import link_for

register = template.Library()


def knowledge_url(kind: str, item_id: str | int | None) -> str | None:
    """The URL (with anchor) of the section explaining `item_id` of `kind`, or None."""
    found = link_for(kind, item_id)
    if found is None:
        return None
    page, section = found
    return reverse("knowledge:page", kwargs={"slug": page.slug}) + "#" + section.anchor


@register.simple_tag
def knowledge_link(kind: str, item_id: str | int | None = None) -> SafeString:
    found = link_for(kind, item_id)
    if found is None:
        return SafeString("")
    page, section = found
    lang = normalise_language(get_language())
    return format_html(
        '<a class="ds-link samson-knowledge-link" href="{}">{}</a>',
        knowledge_url(kind, item_id),
        _("Read more: %(topic)s") % {"topic": section.title.get(lang)},
    )


@register.simple_tag
def knowledge_matrix_link(design: int | None, production: int | None) -> SafeString:
    key = None if design is None or production is None else f"{design}-{production}"
    return knowledge_link("matrix", key)
