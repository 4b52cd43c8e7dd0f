"""Reads of responses and answers."""

import datetime
import functools
from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from samson.instruments.models import InstrumentVersion
from samson.projects.models import Round

from .models import Answer, Response
from .tokens import token_hash

DEMO_TOKEN = "eksempel-pa-resultat"


def response_by_token(token: str, *, purposes: Collection[Response.Purpose]) -> Response | None:
    """The response whose private link holds `token`, if it serves one of `purposes`.

    Every route that takes a token names the purposes it serves, so a token made for another
    purpose (a barometer invitation on the solo pages, a solo token on a round's thanks page)
    finds nothing and the route answers 404 before it reads or writes anything.
    """
    # The version's spec (the whole instrument as JSON) is parsed once per process by
    # instrument_spec(); loading it with every page would decode it on every request.
    # get(), not first(): the hash is unique, and first()'s ordering costs a third of the lookup.
    try:
        return (
            Response.objects.select_related("instrument_version", "round")
            .defer("instrument_version__spec")
            .get(token_hash=token_hash(token), purpose__in=list(purposes))
        )
    except Response.DoesNotExist:
        return None


def response_answers(response: Response) -> dict[str, int | str]:
    return {
        item_id: code if code is not None else text
        for item_id, code, text in response.answers.values_list("item_id", "code", "text")
    }


def demo_response_token() -> str | None:
    """The token of the published example result, when the demo loader has published it.

    Only a response published as the example counts, so the home page's link leads to a result
    that nobody can change or take over."""
    published = Response.objects.filter(
        token_hash=token_hash(DEMO_TOKEN),
        purpose=Response.Purpose.EXAMPLE,
        completed_at__isnull=False,
    ).exists()
    return DEMO_TOKEN if published else None


def demo_response() -> Response | None:
    """Whatever response holds the example's public token, published or not (for the loader)."""
    return Response.objects.filter(token_hash=token_hash(DEMO_TOKEN)).first()


@dataclass(frozen=True, slots=True)
class AnsweringRead:
    """What one answering request needs, from one query: the response (with its instrument
    version's id and content hash and its round's state and join code loaded, nothing else of
    them) and, when asked for, its answers by item."""

    response: Response
    answers: dict[str, int | str]


# The answering pages are the hot path (bench/answers, docs/performance.md): building this
# lookup with the ORM (select_related, defer, the compiler) cost more than running it, so it
# is one hand-written statement, made once per process from the models' own table and column
# names. Each row is the response with one of its answers (LEFT JOIN: one row and no answer
# when it has none, or when the answers are not asked for).
_RESPONSE_FIELDS = (
    "id",
    "instrument_version_id",
    "round_id",
    "party_id",
    "purpose",
    "language",
    "resume_page",
    "opened_at",
    "completed_at",
)


@functools.cache
def _answering_sql(purposes: int, answers: bool) -> str:
    response, version = Response._meta.db_table, InstrumentVersion._meta.db_table
    round, answer = Round._meta.db_table, Answer._meta.db_table
    columns = ", ".join(f"r.{name}" for name in _RESPONSE_FIELDS)
    joined = (
        f"a.item_id, a.code, a.text FROM {response} r LEFT JOIN {answer} a ON a.response_id = r.id"
        if answers
        else f"NULL, NULL, NULL FROM {response} r"
    )
    return (
        f"SELECT {columns}, v.content_hash, g.state, g.join_code, {joined} "  # noqa: S608 - names from _meta, values bound
        f"INNER JOIN {version} v ON v.id = r.instrument_version_id "
        f"LEFT JOIN {round} g ON g.id = r.round_id "
        f"WHERE r.token_hash = %s AND r.purpose IN ({', '.join(['%s'] * purposes)})"
    )


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    # SQLite gives back the naive UTC time Django stored; PostgreSQL an aware one.
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, datetime.UTC)


def answering_read(
    token: str, *, purposes: Collection[Response.Purpose], answers: bool
) -> AnsweringRead | None:
    """The response whose link holds `token` among `purposes` (as response_by_token), with its
    answers when `answers`, in one query; None when there is none.

    The response is a model instance with only the fields the answering pages use loaded (any
    other is read from the database when touched); its `instrument_version` has its id and
    content hash, its `round` (when it has one) its id, state and join code."""
    purposes = list(purposes)
    with connection.cursor() as cursor:
        cursor.execute(
            _answering_sql(len(purposes), answers), [token_hash(token), *map(str, purposes)]
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    first = rows[0]
    fields = len(_RESPONSE_FIELDS)
    values = list(first[:fields])
    values[7], values[8] = _aware(values[7]), _aware(values[8])
    response = Response.from_db(connection.alias, _RESPONSE_FIELDS, values)
    content_hash, state, join_code = first[fields : fields + 3]
    version = InstrumentVersion.from_db(
        connection.alias, ("id", "content_hash"), (response.instrument_version_id, content_hash)
    )
    Response.instrument_version.field.set_cached_value(response, version)
    if response.round_id is not None:
        round = Round.from_db(
            connection.alias, ("id", "state", "join_code"), (response.round_id, state, join_code)
        )
        Response.round.field.set_cached_value(response, round)
    given = {
        row[-3]: row[-2] if row[-2] is not None else row[-1] for row in rows if row[-3] is not None
    }
    return AnsweringRead(response, given)
