"""No one reaches another organisation's objects by putting its ids in a URL.

Every URL of the site that takes an id is requested, with project A's, round A's and
organisation A's ids (and a barometer edition and an API key of A), by a facilitator and by an
analyst of organisation B, with GET and with POST; the API with B's own key. Each request is
refused (403, 404 or 405) and changes nothing. A new URL with an id is covered without
editing this test; one whose ids this test cannot fill fails it.
"""

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from samson.accounts.models import Membership
from samson.accounts.tests.factories import UserFactory
from samson.api.services import token_create
from samson.audit.models import AuditEntry
from samson.barometer import services as barometer_services
from samson.projects.models import Party, Project, Round

REFUSED = {403, 404, 405}
# String parts of a URL that are not ids: a plausible value each.
WORDS = {"fmt": "csv", "what": "estimater"}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _patterns(pattern, prefix + str(pattern.pattern))
        else:
            found.append((prefix + str(pattern.pattern), pattern))
    return found


ID_PATTERNS = [
    (route, pattern)
    for route, pattern in _patterns(get_resolver())
    if not route.startswith("admin/")
    and any(type(c).__name__ == "IntConverter" for c in pattern.pattern.converters.values())
    and all(
        type(c).__name__ == "IntConverter" or name in WORDS
        for name, c in pattern.pattern.converters.items()
    )
]


def _ids(route: str, world: dict[str, Any], edition: Any, key_pk: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _converters(route):
        if name in WORDS:
            values[name] = WORDS[name]
        elif name == "project_pk":
            values[name] = world["project_a"].pk
        elif name == "round_pk":
            values[name] = world["round_a"].pk
        elif name == "organisation_pk":
            values[name] = world["project_a"].organisation_id
        elif name in ("pending_pk", "number", "import_pk", "respondent_pk"):
            values[name] = 1  # another organisation's edition is refused before these count
        elif name == "pk" and route.startswith(("barometer/", "api/v1/barometer/")):
            values[name] = edition.pk
        elif name == "pk" and route.startswith("konto/api-nokler/"):
            values[name] = key_pk
        elif name == "pk":
            values[name] = world["project_a"].pk
        else:
            raise AssertionError(f"{route}: no value of organisation A for <{name}>")
    return values


def _converters(route: str) -> list[str]:
    return [part.split(":")[1] for part in route.split("<")[1:] for part in [part.split(">")[0]]]


def _fill(route: str, values: dict[str, Any]) -> str:
    path = route
    for part in route.split("<")[1:]:
        inner = part.split(">")[0]
        path = path.replace(f"<{inner}>", str(values[inner.split(":")[1]]))
    return "/" + path


def _state() -> tuple[Any, ...]:
    return (
        sorted(Project.objects.values_list("pk", "title", "description")),
        sorted(Round.objects.values_list("pk", "state", "follow_up", "revealed")),
        sorted(Party.objects.values_list("pk", "name")),
        AuditEntry.objects.count(),
    )


def test_every_url_with_an_id_is_covered():
    assert len(ID_PATTERNS) >= 40
    assert any(route.startswith("api/") for route, _ in ID_PATTERNS)
    assert any(route.startswith("barometer/") for route, _ in ID_PATTERNS)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["facilitator", "analyst"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_organisation_b_reaches_nothing_of_organisation_a(client, world, who, method):
    org_b = world["project_b"].organisation
    if who == "facilitator":
        user = world["owner_b"]
    else:
        user = UserFactory.create()
        Membership.objects.create(user=user, organisation=org_b, role=Membership.Role.ANALYST)
    edition = barometer_services.edition_create(
        organisation=world["project_a"].organisation,
        user=None,
        year=2025,
        title="A sin utgave",
        sectors=[1],
    )
    key_of_a, _ = token_create(user=world["owner_a"], name="A sin nøkkel")
    _, key_of_b = token_create(user=user, name="B sin nøkkel")
    client.force_login(user)
    before = _state()
    reached = []
    for route, _pattern in ID_PATTERNS:
        path = _fill(route, _ids(route, world, edition, key_of_a.pk))
        headers = {"Authorization": f"Bearer {key_of_b}"} if route.startswith("api/") else {}
        response = getattr(client, method)(path, headers=headers)
        if response.status_code not in REFUSED:
            reached.append((path, response.status_code))
    assert reached == []
    assert _state() == before
    key_of_a.refresh_from_db()
    assert key_of_a.revoked_at is None
