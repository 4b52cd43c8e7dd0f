from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from samson.accounts.models import User
from samson.api.services import token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client: Client) -> Callable[..., Any]:
    """api(user)(method, path, data=None): a JSON request with a fresh key of `user`
    (None: no key)."""

    def as_user(user: User | None) -> Callable[..., Any]:
        headers = {}
        if user is not None:
            _token, key = token_create(user=user, name="test")
            headers["Authorization"] = f"Bearer {key}"

        def call(method: str, path: str, data: Any = None) -> Any:
            return getattr(client, method)(
                path, data=data, content_type="application/json", headers=headers
            )

        return call

    return as_user
