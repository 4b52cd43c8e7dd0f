"""The permission matrix: every role × every URL of an app, each cell asserted.

A matrix is a list of `Row`s, one a URL and method, each with the answer expected for every
role. `cells` turns it into one pytest case a row and role; the test logs in as the cell's role,
makes the request and hands the reply to `assert_cell`, which checks the status and, given a
snapshot of the state the request could change, that a refused request left the database as it
was and an allowed POST changed it.

The roles are the keys of the `world` fixture (samson/conftest.py): nobody signed in, the owner
and a co-facilitator of project A, the owner of project B in another organisation, and an
administrator. A matrix of other roles names them with `cells(rows, roles=…)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar
from urllib.parse import urlencode

import pytest
from _pytest.mark import ParameterSet
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from samson.accounts.models import User

ROLES: Final = ("anonymous", "owner_a", "co_a", "owner_b", "admin")
LOGIN: Final = "login"
"""Expected answer: a redirect to the log-in page that comes back to the URL asked for."""
AGAIN: Final = "again"
"""Expected answer: 200 with the form shown again and an error, so nothing changed."""

Expected = int | Literal["login", "again"]
Reply = TypeVar("Reply", bound=HttpResponseBase)


@dataclass(frozen=True)
class Row:
    """One URL and method, with the answer expected for each role, in the order of the roles.

    `name` is a URL name (or, for the API, a path template); `kwargs` and `data` hold what the
    test needs to build the URL and the request, often placeholders it fills in from the world.
    `changes` says whether an allowed POST changes the snapshot (False: it must not).
    """

    name: str
    method: Literal["get", "post"]
    expected: Sequence[Expected]
    kwargs: Mapping[str, str] = field(default_factory=dict)
    data: Any = None
    changes: bool = True
    marks: Sequence[pytest.MarkDecorator] = ()


@dataclass(frozen=True)
class Cell:
    """One row asked by one role."""

    row: Row
    role: str
    want: Expected

    @property
    def refused(self) -> bool:
        """A GET, a log-in redirect, a form shown again, or any error: nothing may change."""
        return (
            self.row.method == "get"
            or self.want in (LOGIN, AGAIN)
            or (isinstance(self.want, int) and self.want >= 400)
        )


def cells(rows: Iterable[Row], roles: Sequence[str] = ROLES) -> list[ParameterSet]:
    """One pytest parameter a row × role, with the id `name-method-kwargs…-role`."""
    params = []
    for row in rows:
        if len(row.expected) != len(roles):
            raise ValueError(f"{row.name} {row.method}: {len(row.expected)} answers for {roles}")
        for role, want in zip(roles, row.expected, strict=True):
            label = "-".join([row.name, row.method, *row.kwargs.values(), role])
            params.append(pytest.param(Cell(row, role, want), id=label, marks=row.marks))
    return params


def user_of(world: Mapping[str, Any], role: str) -> User | None:
    """The world's user of `role`; None for the anonymous visitor."""
    if role == "anonymous":
        return None
    user = world[role]
    assert isinstance(user, User)
    return user


def log_in(client: Client, world: Mapping[str, Any], role: str) -> None:
    """Sign `client` in as the world's user of `role` (the anonymous visitor stays out)."""
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)


def login_location(url: str) -> str:
    """Where the log-in redirect for `url` points: the log-in page with `url` as `next`."""
    return reverse("accounts:login") + "?" + urlencode({"next": url}, safe="/")


def assert_status(reply: HttpResponseBase, want: Expected, *, url: str) -> None:
    """The reply's status is `want`; LOGIN is a redirect to the log-in page and back to `url`."""
    if want == LOGIN:
        assert reply.status_code == 302
        assert reply["Location"] == login_location(url)
    elif want == AGAIN:
        assert reply.status_code == 200
    else:
        assert reply.status_code == want


def assert_cell(
    cell: Cell,
    send: Callable[[], Reply],
    *,
    url: str,
    snapshot: Callable[[], object] | None = None,
) -> Reply:
    """Send the cell's request and check its answer; with `snapshot`, check that a refused
    request changed nothing and an allowed POST changed something (unless its row says not)."""
    before = snapshot() if snapshot is not None else None
    reply = send()
    assert_status(reply, cell.want, url=url)
    if snapshot is not None:
        after = snapshot()
        if cell.refused or not cell.row.changes:
            assert after == before
        else:
            assert after != before
    return reply


def url_names(namespace: str, urlpatterns: Iterable[URLPattern | URLResolver]) -> set[str]:
    """Every named URL of an app's `urlpatterns`, as `namespace:name`: a matrix's rows must
    cover them all."""
    return {
        f"{namespace}:{pattern.name}"
        for pattern in urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name
    }
