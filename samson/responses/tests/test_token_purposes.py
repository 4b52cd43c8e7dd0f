"""Tokens carry their purpose (issue 13): each route takes only tokens of its own kinds.

A solo assessment, a participant's answer in a round, a barometer invitation and the published
example each have a private token. Every route that takes a token is tried with a token of
every kind it does not serve, by GET and by POST, as a logged-in facilitator (so the log-in
check of "start a project" does not hide the lookup); each answers 404 (or 405 for a route
that takes no POST) and nothing in the database changes.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from samson.background.models import BackgroundAnswer
from samson.barometer import services as barometer_services
from samson.barometer.models import Invitation, Respondent
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.projects import services as project_services
from samson.projects.models import Project
from samson.responses import services
from samson.responses.demo import demo_load
from samson.responses.models import Answer, Response
from samson.responses.selectors import DEMO_TOKEN, response_by_token

SOLO, ROUND, BAROMETER, EXAMPLE = "solo", "round", "barometer", "example"
KINDS = (SOLO, ROUND, BAROMETER, EXAMPLE)


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # {token} and {code} are filled in
    kinds: frozenset[str]  # the kinds of token it serves
    post: bool  # whether it takes POST at all (a GET-only route answers 405 to any POST)


ROUTES = [
    Route("resume", "/vurdering/{token}/", frozenset({SOLO, ROUND, EXAMPLE}), post=False),
    Route("page", "/vurdering/{token}/side/1/", frozenset({SOLO, ROUND, EXAMPLE}), post=True),
    Route("page 2", "/vurdering/{token}/side/2/", frozenset({SOLO, ROUND, EXAMPLE}), post=True),
    Route("result", "/vurdering/{token}/resultat/", frozenset({SOLO, ROUND, EXAMPLE}), post=False),
    Route("project", "/vurdering/{token}/prosjekt/", frozenset({SOLO}), post=True),
    Route("report", "/vurdering/{token}/rapport/", frozenset({SOLO, EXAMPLE}), post=False),
    Route("report pdf", "/vurdering/{token}/rapport/pdf/", frozenset({SOLO, EXAMPLE}), post=False),
    Route("background", "/vurdering/{token}/bakgrunn/", frozenset({ROUND}), post=True),
    Route("thanks", "/delta/{code}/takk/{token}/", frozenset({ROUND}), post=False),
    Route("invitation", "/barometer/svar/{token}/", frozenset({BAROMETER}), post=False),
    Route("invitation page", "/barometer/svar/{token}/side/1/", frozenset({BAROMETER}), post=True),
    Route("invitation done", "/barometer/svar/{token}/takk/", frozenset({BAROMETER}), post=False),
]


@pytest.fixture
def tokens(world: dict[str, Any]) -> dict[str, str]:
    """One finished token of each kind; the round is open, the barometer edition closed."""
    kort = instrument_version_get(key="samson-kort")
    solo, solo_token = services.response_start(instrument_version=kort, language="nb")
    services.response_complete(response=solo)
    round = project_services.round_open(round=world["round_a"])
    _in_round, round_token = services.response_start(
        instrument_version=round.instrument_version,
        language="nb",
        round=round,
        party=round.project.parties.first(),
    )
    edition = barometer_services.edition_create(
        organisation=world["project_a"].organisation,
        user=None,
        year=2025,
        title="Test",
        sectors=[1, 2],
    )
    (barometer_token,) = barometer_services.invitations_create(
        edition=edition, background={"sektor": 1}, count=1
    )
    # The finding: a closed edition's token still saved answers through the solo pages.
    edition.open = False
    edition.save(update_fields=["open"])
    assert demo_load()
    return {
        SOLO: solo_token,
        ROUND: round_token,
        BAROMETER: barometer_token,
        EXAMPLE: DEMO_TOKEN,
        "code": round.join_code,
    }


def _state() -> tuple[object, ...]:
    """Everything a token's routes could write."""
    return (
        list(
            Response.objects.order_by("pk").values_list(
                "pk",
                "purpose",
                "token_hash",
                "round_id",
                "party_id",
                "resume_page",
                "opened_at",
                "completed_at",
                "updated_at",
            )
        ),
        list(
            Answer.objects.order_by("pk").values_list(
                "response_id", "item_id", "code", "text", "updated_at", "released_at"
            )
        ),
        Project.objects.count(),
        list(Invitation.objects.values_list("pk", "respondent_id")),
        Respondent.objects.count(),
        BackgroundAnswer.objects.count(),
    )


def _post_data() -> dict[str, str | list[str]]:
    """A valid first page of the short assessment, and a project: what each form would take."""
    kort = instrument_spec(instrument_version_get(key="samson-kort"))
    data: dict[str, str | list[str]] = {"action": "next", "title": "Kapret", "min_group_size": "5"}
    for item in kort.pages[0].items:
        if item.type != "text":
            data[item.id] = str(kort.codes(item)[0])
    data["party_presets"] = ["kommunen", "innbyggere"]
    return data


CASES = [(route, kind) for route in ROUTES for kind in KINDS if kind not in route.kinds]


@pytest.mark.parametrize(
    ("route", "kind"), CASES, ids=[f"{route.name}-{kind}" for route, kind in CASES]
)
def test_a_token_of_another_kind_is_refused_and_nothing_is_written(
    client: Client, world: dict[str, Any], tokens: dict[str, str], route: Route, kind: str
) -> None:
    client.force_login(world["owner_a"])
    url = route.path.format(token=tokens[kind], code=tokens["code"])
    before = _state()
    assert client.get(url).status_code == 404
    assert client.head(url).status_code == 404
    assert client.post(url, _post_data()).status_code == (404 if route.post else 405)
    assert _state() == before


# What each route answers a GET with a token of its own kind: the table above is not vacuous.
OWN = {
    ("resume", SOLO): 302,
    ("resume", ROUND): 302,
    ("resume", EXAMPLE): 302,
    ("page", SOLO): 200,
    ("page", ROUND): 200,
    ("page", EXAMPLE): 302,
    ("page 2", SOLO): 200,
    ("page 2", ROUND): 200,
    ("page 2", EXAMPLE): 302,
    ("result", SOLO): 200,
    ("result", ROUND): 302,
    ("result", EXAMPLE): 200,
    ("project", SOLO): 200,
    ("report", SOLO): 200,
    ("report", EXAMPLE): 200,
    # The PDF (2.5 s to render) shares the report's lookup; its 404s are in the table above.
    ("background", ROUND): 302,
    ("thanks", ROUND): 200,
    ("invitation", BAROMETER): 302,
    ("invitation page", BAROMETER): 200,
    ("invitation done", BAROMETER): 302,
}


def test_each_route_takes_the_tokens_of_its_own_kinds(
    client: Client, world: dict[str, Any], tokens: dict[str, str]
) -> None:
    served = {(route.name, kind) for route in ROUTES for kind in route.kinds}
    assert set(OWN) == served - {("report pdf", SOLO), ("report pdf", EXAMPLE)}
    client.force_login(world["owner_a"])
    paths = {route.name: route.path for route in ROUTES}
    answered = {
        (name, kind): client.get(
            paths[name].format(token=tokens[kind], code=tokens["code"])
        ).status_code
        for name, kind in OWN
    }
    assert answered == OWN


def test_a_barometer_token_on_the_solo_result_is_404_not_500(
    client: Client, tokens: dict[str, str]
) -> None:
    # The finding: /vurdering/<barometer token>/resultat/ answered 500.
    client.raise_request_exception = True
    assert client.get(f"/vurdering/{tokens[BAROMETER]}/resultat/").status_code == 404


def test_a_barometer_token_cannot_answer_the_closed_edition_through_the_solo_pages(
    client: Client, tokens: dict[str, str]
) -> None:
    invitation = Invitation.objects.get()
    assert invitation.edition.open is False
    for number in (1, 2, 3):
        reply = client.post(f"/vurdering/{tokens[BAROMETER]}/side/{number}/", _post_data())
        assert reply.status_code == 404
    assert invitation.response.answers.count() == 0


def test_the_selector_finds_a_token_only_among_the_purposes_asked_for(
    tokens: dict[str, str],
) -> None:
    purpose = {
        SOLO: Response.Purpose.SOLO,
        ROUND: Response.Purpose.ROUND,
        BAROMETER: Response.Purpose.BAROMETER,
        EXAMPLE: Response.Purpose.EXAMPLE,
    }
    for kind, asked in purpose.items():
        for other, other_purpose in purpose.items():
            found = response_by_token(tokens[other], purposes=(asked,))
            if other == kind:
                assert found is not None and found.purpose == other_purpose
            else:
                assert found is None, (kind, other)
    assert response_by_token(tokens[SOLO], purposes=()) is None


def test_the_services_give_each_response_its_purpose(world: dict[str, Any]) -> None:
    kort = instrument_version_get(key="samson-kort")
    round = world["round_a"]
    solo, _ = services.response_start(instrument_version=kort, language="nb")
    in_round, _ = services.response_start(
        instrument_version=round.instrument_version, language="nb", round=round
    )
    assert (solo.purpose, in_round.purpose) == ("solo", "runde")
    with pytest.raises(ValueError):
        services.response_start(
            instrument_version=kort, language="nb", purpose=Response.Purpose.ROUND
        )
    with pytest.raises(ValueError):
        services.response_start(
            instrument_version=kort, language="nb", round=round, purpose=Response.Purpose.SOLO
        )
    with pytest.raises(ValueError):
        services.response_start(
            instrument_version=kort, language="nb", purpose=Response.Purpose.EXAMPLE
        )
    assert Response.objects.count() == 2


def test_a_solo_assessment_made_into_a_project_takes_a_participants_purpose(
    client: Client, world: dict[str, Any]
) -> None:
    """After "start a project", the link is a participant's: the thanks page takes it, the
    solo-only pages (another project, the solo report) do not."""
    kort = instrument_version_get(key="samson-kort")
    response, token = services.response_start(instrument_version=kort, language="nb")
    services.response_complete(response=response)
    client.force_login(world["owner_a"])
    reply = client.post(
        f"/vurdering/{token}/prosjekt/",
        {
            "title": "Fra vurdering",
            "organisation": world["project_a"].organisation_id,
            "min_group_size": 5,
            "party_presets": ["kommunen", "innbyggere"],
        },
    )
    assert reply.status_code == 302
    response.refresh_from_db()
    assert response.purpose == "runde"
    assert response.round is not None
    thanks = f"/delta/{response.round.join_code}/takk/{token}/"
    assert client.get(f"/vurdering/{token}/resultat/")["Location"] == thanks
    assert client.get(thanks).status_code == 200
    assert client.get(f"/vurdering/{token}/prosjekt/").status_code == 404
    assert client.get(f"/vurdering/{token}/rapport/").status_code == 404


def _token_routes(patterns: list[Any], namespace: str = "") -> set[str]:
    """The view names of every URL pattern that takes a `token`, through every include."""
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if "token" in getattr(pattern.pattern, "converters", {}):
                raise AssertionError(f"an include takes a token: {pattern}")
            found |= _token_routes(pattern.url_patterns, inner)
        elif "token" in getattr(pattern.pattern, "converters", {}):
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_route_that_takes_a_response_token_is_in_the_table() -> None:
    """A new route with a token must join the table above (and so be tried with every kind).

    The accounts' tokens and fieldwork's personal links are the only others: a co-facilitator's
    invitation is looked up in its own table (accounts.Invitation) and a password reset's is
    Django's signed token, never among responses."""
    tried = {resolve(route.path.format(token="x", code="y")).view_name for route in ROUTES}
    accounts = {"accounts:invitation", "accounts:password_reset_confirm"}
    # A fieldwork invitee's personal link is looked up among invitees (samson.fieldwork), and
    # leads to a response only through the token it derives (fieldwork/tests).
    fieldwork = {"fieldwork_link:start", "fieldwork_link:opt_out"}
    assert _token_routes(get_resolver().url_patterns) == tried | accounts | fieldwork
