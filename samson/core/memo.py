"""Values kept per process for results that never change once made (the rendered questions of
an immutable instrument version, its form fields), bounded so memory cannot grow without end."""

from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ProcessMemo(Generic[K, V]):
    """A dict that makes a missing value once and empties itself when `limit` is reached
    (emptying is rare and cheap to recover from; an LRU would cost on every read)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        try:
            return self._values[key]
        except KeyError:
            if len(self._values) >= self.limit:
                self._values.clear()
            value = self._values[key] = make()
            return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[K]:
        return iter(self._values)
