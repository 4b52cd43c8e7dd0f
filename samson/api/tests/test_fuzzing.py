"""Schemathesis against the served OpenAPI document, in-process: no response is a server
error and every response matches the schema (status code, content type, body)."""

from collections.abc import Iterator
from unittest import mock

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from samson.api.services import token_create
from samson.api.throttling import CountedThrottle

# The document is loaded at collection, where tests may not reach the database. The schema view
# reads no model, but its rate limits are counted in the database (samson.api.throttling,
# tested in test_api.py), so it is let through for this one request.
with mock.patch.object(CountedThrottle, "allow_request", return_value=True):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def _keep_the_test_connection() -> Iterator[None]:
    """The test's transaction lives on one connection; Django closes it after each request
    unless, as its test client does, that handler is off."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow  # Schemathesis over the whole OpenAPI document
@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_connection")
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_contract(case, world):
    _token, key = token_create(user=world["owner_a"], name="fuzz")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        # Everything the contract promises. Not `positive_data_acceptance`, which would demand
        # that any schema-valid id (say organisation 0) exists, nor `negative_data_rejection`,
        # which would demand that unknown query parameters are refused rather than ignored.
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
            checks.response_headers_conformance,
        ],
    )
