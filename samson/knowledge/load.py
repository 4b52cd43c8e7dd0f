"""Participation load: the seed's "involvement without results", counted (pure, no Django)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RoundDates:
    project: str
    label: str
    opened_at: datetime | None
    closed_at: datetime | None
    published_at: datetime | None  # when "what we did with your input" was published


@dataclass(frozen=True, slots=True)
class Waiting:
    project: str
    label: str
    closed_at: datetime
    days: int  # whole days since the round closed


@dataclass(frozen=True, slots=True)
class Load:
    ran: int  # rounds opened at some time
    closed: int
    published: int  # closed rounds with the follow-up published
    median_days: float | None  # median days from close to publication
    waiting: tuple[Waiting, ...]  # closed rounds without a follow-up, longest wait first


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def load_summarise(rounds: list[RoundDates], now: datetime) -> Load:
    """Counts and the median delay; a follow-up published before the close counts as 0 days."""
    ran = [r for r in rounds if r.opened_at is not None]
    closed = [r for r in ran if r.closed_at is not None]
    delays = [
        max(0.0, _days(r.closed_at, r.published_at))
        for r in closed
        if r.closed_at is not None and r.published_at is not None
    ]
    waiting = sorted(
        (
            Waiting(r.project, r.label, r.closed_at, int(_days(r.closed_at, now)))
            for r in closed
            if r.closed_at is not None and r.published_at is None
        ),
        key=lambda w: (w.closed_at, w.project, w.label),
    )
    return Load(
        ran=len(ran),
        closed=len(closed),
        published=len(delays),
        median_days=round(statistics.median(delays), 1) if delays else None,
        waiting=tuple(waiting),
    )
