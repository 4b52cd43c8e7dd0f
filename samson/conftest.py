"""Fixtures shared by the Django apps' tests."""

from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from samson.instrument_spec import Instrument, LoadedInstrument, load_instrument_file
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.instruments.services import instrument_store, shipped_instrument_paths


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language, whatever a request before it chose
    (the locale middleware leaves its choice active on the thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@cache
def _shipped() -> tuple[LoadedInstrument, ...]:
    # Parsing and validating the YAML is the slow part; do it once per test session.
    return tuple(load_instrument_file(path) for path in shipped_instrument_paths())


@pytest.fixture
def instruments(db: None) -> None:
    """The shipped instruments, stored as `samson instrument import` stores them."""
    for loaded in _shipped():
        instrument_store(loaded=loaded)


@pytest.fixture
def kort(instruments: None) -> Instrument:
    return instrument_spec(instrument_version_get(key="samson-kort"))


@pytest.fixture
def world(instruments: None) -> dict[str, Any]:
    """Project A (with an owner and a co-facilitator) and project B in another organisation,
    each with a draft round that participants join by its code, and an administrator.

    (A new round is invitation-only by default; these are made open-code on purpose, so the
    tests of the answering flow can join them as a workshop does. The default itself is
    tested in samson/fieldwork/tests.)"""
    from samson.accounts.tests.factories import OrganisationFactory, UserFactory
    from samson.fieldwork.models import Fieldwork
    from samson.fieldwork.services import round_create_with_mode
    from samson.projects.models import ProjectFacilitator
    from samson.projects.tests.factories import facilitator, project_with_parties

    org_a = OrganisationFactory.create()
    org_b = OrganisationFactory.create()
    owner_a, owner_b = facilitator(org_a), facilitator(org_b)
    co_a = UserFactory.create()
    project_a = project_with_parties(owner_a, org_a, title="Prosjekt A")
    project_b = project_with_parties(owner_b, org_b, title="Prosjekt B")
    ProjectFacilitator.objects.create(project=project_a, user=co_a)
    return {
        "owner_a": owner_a,
        "co_a": co_a,
        "owner_b": owner_b,
        "admin": UserFactory.create(is_superuser=True, is_staff=True),
        "project_a": project_a,
        "project_b": project_b,
        "round_a": round_create_with_mode(
            project=project_a, label="Oppstart", mode=Fieldwork.Mode.OPEN
        ),
        "round_b": round_create_with_mode(
            project=project_b, label="Oppstart", mode=Fieldwork.Mode.OPEN
        ),
    }
