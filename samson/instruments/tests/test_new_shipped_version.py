"""A new version of a shipped instrument on a database that holds the old one.

Version 2 of `samson` and `samson-kort` changed only the sources the items cite. Importing it
where version 1 is stored keeps version 1 (rounds and answers point to it) and adds version 2;
new rounds, solo assessments and the published example use the newest.
"""

from __future__ import annotations

import copy
from io import StringIO
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from samson.accounts.tests.factories import OrganisationFactory
from samson.instrument_spec import load_instrument_data
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_version_get
from samson.instruments.services import instrument_store, shipped_instrument_paths
from samson.projects import services as project_services
from samson.projects.tests.factories import facilitator, project_with_parties
from samson.responses.demo import demo_load
from samson.responses.selectors import demo_response

SHIPPED = {path.stem: path for path in shipped_instrument_paths()}


def _version_one(key: str) -> dict[str, Any]:
    """The shipped file as version 1 was: the same but for the sources it cited."""
    data: dict[str, Any] = yaml.safe_load(SHIPPED[key].read_text(encoding="utf-8"))
    old = copy.deepcopy(data)
    old["version"] = 1
    for page in old["pages"]:
        for item in page["items"]:
            item["source"] = "an older citation"
    return old


def test_the_shipped_samson_instruments_are_version_two() -> None:
    for key in ("samson", "samson-kort"):
        data = yaml.safe_load(SHIPPED[key].read_text(encoding="utf-8"))
        assert data["version"] == 2
        sources = {item["source"] for page in data["pages"] for item in page["items"]}
        assert not any(
            marker in source
            for source in sources
            for marker in ("seed", "research/", "PRODUCT.md", ".md §")
        ), sources


@pytest.mark.django_db
def test_import_adds_version_two_beside_version_one() -> None:
    for key in ("samson", "samson-kort"):
        instrument_store(loaded=load_instrument_data(_version_one(key), source=f"{key} v1"))
    organisation = OrganisationFactory.create()
    project = project_with_parties(facilitator(organisation), organisation)
    old_round = project_services.round_create(project=project, label="Oppstart")
    assert old_round.instrument_version.version == 1
    assert demo_load() is True
    old_example = demo_response()
    assert old_example is not None and old_example.instrument_version.version == 1

    out = StringIO()
    call_command("instrument", "import", stdout=out)

    assert out.getvalue().splitlines()[-2:] == [
        f"{SHIPPED['samson-kort']}: samson-kort v2 created",
        f"{SHIPPED['samson']}: samson v2 created",
    ]
    for key in ("samson", "samson-kort"):
        versions = InstrumentVersion.objects.filter(key=key).order_by("version")
        assert [v.version for v in versions] == [1, 2]
        assert instrument_version_get(key=key).version == 2
    old_round.refresh_from_db()
    assert old_round.instrument_version.version == 1
    new_round = project_services.round_create(project=project, label="Underveis")
    assert new_round.instrument_version.version == 2
    # `samson demo` publishes the example again on the newest version, under the same link.
    assert demo_load() is True
    example = demo_response()
    assert example is not None and example.instrument_version.version == 2
    assert demo_load() is False
