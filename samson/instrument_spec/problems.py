"""Problems found in an instrument file, reported all at once with file and location."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=False)
class Problem:
    """One problem: `path` is a JSON-pointer-like location such as 'pages/2/items/3/scale'.

    An empty path means the problem concerns the file as a whole (unreadable, invalid YAML,
    or a missing top-level key).
    """

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        if not self.path:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {self.path}: {self.message}"


def _path_sort_key(path: str) -> tuple[tuple[int, int, str], ...]:
    # Numeric segments compare as numbers so that pages/10 comes after pages/2.
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in path.split("/") if part
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Unique problems ordered by file, then path (numbers numerically), then message."""
    unique = set(problems)
    return sorted(unique, key=lambda p: (p.file, _path_sort_key(p.path), p.message))


class InstrumentError(ValueError):
    """The instrument file is invalid; `problems` lists every problem found, sorted by path."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sort_problems(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
