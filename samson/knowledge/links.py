"""Where each thing a result shows is explained: (kind, id) -> (page slug, anchor).

Kinds are the ids the scoring produces: maturity levels, thin/thick readings, anti-patterns,
A-D quadrants (id None: no quadrant fits), 3x3 matrix cells ("<design>-<production>"), values
and fields of action (the advice of a cell), barriers, drivers and participation challenges.
One mapping here, so templates only name the kind and the id (see templatetags/knowledge.py).
"""

from __future__ import annotations

from samson.knowledge.registry import Page, Section, page_get

_CO = "medvirkning-og-samskaping"
_TYPES = "typologier"
_THICK = "tynn-og-tykk-samskaping"
_FACTORS = "barrierer-og-drivere"
_CHALLENGES = "utfordringer-ved-medvirkning"

LINKS: dict[tuple[str, str | None], tuple[str, str]] = {
    ("maturity", "ikke_samskaping"): (_CO, "ikke-samskaping"),
    ("maturity", "medvirkning"): (_CO, "medvirkning"),
    ("maturity", "tynn"): (_THICK, "tynn"),
    ("maturity", "tykk"): (_THICK, "tykk"),
    ("maturity", None): (_CO, "stigen"),
    ("reading", "tynn"): (_THICK, "tynn"),
    ("reading", "tykk"): (_THICK, "tykk"),
    ("reading", "ingen"): (_CO, "medvirkning"),
    ("reading", None): (_THICK, "forskjeller"),
    ("antipattern", "horing"): (_CO, "horing"),
    ("antipattern", "forprogrammert"): (_CO, "forprogrammert"),
    ("antipattern", "kostnadsflytting"): (_CO, "kostnadsflytting"),
    ("antipattern", None): (_CO, "ikke-samskaping"),
    ("quadrant", "A"): (_TYPES, "type-a"),
    ("quadrant", "B"): (_TYPES, "type-b"),
    ("quadrant", "C"): (_TYPES, "type-c"),
    ("quadrant", "D"): (_TYPES, "type-d"),
    ("quadrant", None): (_TYPES, "typologi-a-d"),
    ("matrix", None): (_TYPES, "matrise"),
    **{
        ("matrix", f"{design}-{production}"): (_TYPES, f"celle-{design}-{production}")
        for design in (1, 2, 3)
        for production in (1, 2, 3)
    },
    ("value", "likeverd"): (_CO, "verdi-likeverd"),
    ("value", "utveksling"): (_CO, "verdi-utveksling"),
    ("value", "laering"): (_CO, "verdi-laering"),
    ("value", "ledelse"): (_CO, "verdi-ledelse"),
    ("value", None): (_CO, "verdier"),
    ("field", None): (_CO, "handlingsfelt"),
    **{
        ("field", field): (_CO, "handlingsfelt")
        for field in ("problem", "design", "gjennomforing", "evaluering")
    },
    **{
        ("barrier", b): (_FACTORS, f"barriere-{b}")
        for b in ("forstaelse", "involvering", "roller", "styring")
    },
    ("barrier", None): (_FACTORS, "barrierer"),
    **{
        ("driver", d): (_FACTORS, f"driver-{d}")
        for d in ("apenhet", "demokrati", "kreativitet", "ledelse")
    },
    ("driver", None): (_FACTORS, "drivere"),
    **{
        ("challenge", c): (_CHALLENGES, c)
        for c in ("representativitet", "saerinteresser", "mengde", "tid", "tretthet", "ressurser")
    },
    ("challenge", None): (_CHALLENGES, "representativitet"),
}


def link_for(kind: str, item_id: str | int | None) -> tuple[Page, Section] | None:
    """The page and section that explain `item_id` of `kind`; the kind's general section
    when the id is unknown; None when the kind has no explanation at all."""
    key = None if item_id is None else str(item_id)
    target = LINKS.get((kind, key)) or LINKS.get((kind, None))
    if target is None:
        return None
    page = page_get(target[0])
    return page, page.section(target[1])
