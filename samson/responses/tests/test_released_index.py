"""A project's public page finds its released texts without reading every answer."""

from django.db import connection

from samson.accounts.tests.factories import OrganisationFactory
from samson.participation.selectors import released_free_text
from samson.projects.tests.factories import facilitator, project_with_parties


def test_the_released_texts_index_exists_with_its_columns(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "responses_answer")
    assert constraints["answer_released"]["columns"] == ["response_id", "released_at"]
    assert constraints["answer_released"]["index"] is True


def test_released_texts_are_read_through_the_index(instruments):
    organisation = OrganisationFactory.create()
    project = project_with_parties(facilitator(organisation), organisation)
    if connection.vendor == "postgresql":
        # PostgreSQL plans from table statistics and scans a table this small whole; without
        # sequential scans it plans as for a large table.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = released_free_text(project).explain()
    assert "answer_released" in plan
    assert "responses_answer_response_id" not in plan
