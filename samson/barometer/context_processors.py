from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from . import rules


def barometer(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """`can_use_barometer` for the header, asked only when a template uses it."""
    user: Any = getattr(request, "user", None)
    return {"can_use_barometer": lambda: user is not None and rules.can_use_barometer(user)}
