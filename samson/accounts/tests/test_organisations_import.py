from io import StringIO

import pytest
from django.core.management import call_command

from samson.accounts.models import Organisation


def _import() -> str:
    out = StringIO()
    call_command("organisations", "import", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_imports_every_municipality_once():
    assert _import() == "organisations: 357 created, 0 updated\n"
    assert _import() == "organisations: 0 created, 0 updated\n"
    assert Organisation.objects.count() == 357
    oslo = Organisation.objects.get(municipality_number="0301")
    assert (oslo.name, oslo.code_list_version, oslo.centrality, oslo.population) == (
        "Oslo",
        "2024",
        1,
        728714,
    )
    assert oslo.landsdel == "Oslo og Viken"
    assert oslo.kostra_group == ""
    eigersund = Organisation.objects.get(municipality_number="1101")
    assert (eigersund.county_number, eigersund.landsdel, eigersund.centrality) == (
        "11",
        "Vestlandet",
        4,
    )


@pytest.mark.django_db
def test_a_changed_value_is_updated_and_a_kostra_group_kept():
    _import()
    Organisation.objects.filter(municipality_number="0301").update(population=1, kostra_group="K13")
    assert _import() == "organisations: 0 created, 1 updated\n"
    oslo = Organisation.objects.get(municipality_number="0301")
    assert (oslo.population, oslo.kostra_group) == (728714, "K13")
