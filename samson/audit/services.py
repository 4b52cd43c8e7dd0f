"""Writing the audit log. Call `audit_record` once in each service that changes something a
facilitator or administrator owns, inside that service's transaction (so a change that is rolled
back leaves no entry)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .actions import ACTIONS
from .models import AuditEntry

# The user on whose behalf the current request runs, set by AuditActorMiddleware.
_actor: ContextVar[Any] = ContextVar("samson_audit_actor", default=None)

# Detail values allowed: identifiers and states, never text someone wrote.
Detail = str | int | bool | None


@contextmanager
def audit_actor(user: Any) -> Iterator[None]:
    """Everything recorded inside this block is recorded as done by `user`."""
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def audit_record(
    *,
    action: str,
    target: models.Model,
    actor: Any = None,
    details: Mapping[str, Detail] | None = None,
) -> AuditEntry:
    """Record that `actor` (default: the current request's user; none for commands) did
    `action` (a code of `samson.audit.actions.ACTIONS`, e.g. "round.create") to `target`."""
    if target._meta.label == "responses.Answer":
        # An answer's name is its content; record the round (and the answer's key) instead.
        raise ValueError("an audit entry must not name an answer")
    if action not in ACTIONS:
        raise ValueError(
            f"unknown audit action {action!r}: add it and its label to samson.audit.actions"
        )
    actor = actor if actor is not None else _actor.get()
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        details=dict(details or {}),
    )
