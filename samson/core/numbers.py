"""Numbers typed or sent by users: ASCII digits only, within a sane length.

Python's own tests accept far more than a form should. `"²".isdigit()` is true but
`int("²")` raises, so a check with `isdigit()` followed by `int()` answers 500 to a
superscript two; `int()` itself accepts Arabic-Indic and other Unicode digits ("١" is 1),
surrounding white space, underscores ("1_000") and numbers of any length, which the database
then refuses. Every number that comes from a request goes through one of these functions,
which return None for anything but plain ASCII digits, so the caller answers 404 or a form
error instead.
"""

import re

# 18 digits always fit in a signed 64-bit integer (a BigAutoField), whatever they are.
MAX_DIGITS = 18

_UNSIGNED = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)
_SIGNED = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


def parse_id(text: object) -> int | None:
    """The database id written in `text` (ASCII digits only, at most 18, value at least 1),
    or None for anything else: other digits, signs, spaces, decimals, exponents, None."""
    if not isinstance(text, str) or _UNSIGNED.fullmatch(text) is None:
        return None
    number = int(text)
    return number if number >= 1 else None


def parse_int(
    text: object, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """The integer written in `text` with ASCII digits and an optional sign ("-3", "+12",
    "40"), or None if it is written any other way or lies outside [minimum, maximum]."""
    if not isinstance(text, str) or _SIGNED.fullmatch(text) is None:
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number
