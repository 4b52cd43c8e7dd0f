import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from samson.accounts.models import Organisation
from samson.accounts.services import DATA_DIR, organisations_import


def _import() -> str:
    out = StringIO()
    call_command("organisations", "import", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_imports_every_municipality_once():
    assert _import() == (
        "municipalities: 357 created, 0 updated\ncounty authorities: 14 created, 0 updated\n"
    )
    assert _import() == (
        "municipalities: 0 created, 0 updated\ncounty authorities: 0 created, 0 updated\n"
    )
    assert Organisation.objects.filter(kind="kommune").count() == 357
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
    assert _import() == (
        "municipalities: 0 created, 1 updated\ncounty authorities: 0 created, 0 updated\n"
    )
    oslo = Organisation.objects.get(municipality_number="0301")
    assert (oslo.population, oslo.kostra_group) == (728714, "K13")


def _county_authorities() -> list[tuple[str, str, str, str, str, int | None]]:
    return [
        (
            o.county_number,
            o.name,
            o.landsdel,
            o.code_list_version,
            o.municipality_number,
            o.population,
        )
        for o in Organisation.objects.filter(kind="fylkeskommune").order_by("county_number")
    ]


@pytest.mark.django_db
def test_imports_the_county_authorities_of_2024_and_oslo_once():
    with (DATA_DIR / "fylker-2024.csv").open(encoding="utf-8", newline="") as handle:
        counties = [row["fylkesnummer"] for row in csv.DictReader(handle)]
    assert len(counties) == 15 and "03" in counties  # SSB's 15 counties, Oslo among them
    _import()
    authorities = _county_authorities()
    # Oslo is one organisation, the municipality: 15 counties, 14 county authorities.
    assert [a[0] for a in authorities] == [n for n in counties if n != "03"]
    assert Organisation.objects.count() == 357 + 14
    assert list(Organisation.objects.filter(name="Oslo").values_list("kind", flat=True)) == [
        "kommune"
    ]
    assert authorities[0] == ("11", "Rogaland", "Vestlandet", "2024", "", 508922)
    vestland = Organisation.objects.get(kind="fylkeskommune", county_number="46")
    assert (vestland.name, vestland.landsdel, vestland.population) == (
        "Vestland",
        "Vestlandet",
        658342,
    )
    assert (vestland.centrality, vestland.kostra_group) == (None, "")
    # Each county authority has the region its municipalities have.
    for number, _name, landsdel, *_rest in authorities:
        regions = Organisation.objects.filter(kind="kommune", county_number=number)
        assert set(regions.values_list("landsdel", flat=True)) == {landsdel}
    # The population of the county authorities adds up to the country's, less Oslo's.
    assert sum(a[5] or 0 for a in authorities) == 5_627_400 - 728_714


@pytest.mark.django_db
def test_a_second_import_adds_no_county_authority_and_repairs_a_changed_one():
    first = organisations_import()
    assert (first.counties_created, first.counties_updated) == (14, 0)
    before = _county_authorities()
    Organisation.objects.filter(kind="fylkeskommune", county_number="56").update(
        landsdel="Trøndelag", name="Finnmark"
    )
    again = organisations_import()
    assert (again.created, again.updated, again.counties_created, again.counties_updated) == (
        0,
        0,
        0,
        1,
    )
    assert _county_authorities() == before
    assert Organisation.objects.filter(kind="fylkeskommune").count() == 14


@pytest.mark.django_db
def test_a_county_authority_added_by_hand_is_kept_apart():
    own = Organisation.objects.create(name="Vestland fylkeskommune", kind="fylkeskommune")
    _import()
    own.refresh_from_db()
    assert (own.name, own.county_number, own.code_list_version) == (
        "Vestland fylkeskommune",
        "",
        "",
    )
    assert Organisation.objects.filter(kind="fylkeskommune").count() == 15


@pytest.mark.django_db
def test_a_failing_import_leaves_nothing_behind(tmp_path):
    text = (DATA_DIR / "fylker-2024.csv").read_text(encoding="utf-8")
    broken = tmp_path / "fylker.csv"
    # Northern Norway's counties without their region: Nordland's municipalities, after 51
    # others, cannot be stored, and what came before is undone.
    broken.write_text(text.replace(",Nord-Norge\n", "\n").rstrip("\n") + "\n", encoding="utf-8")
    assert "56,Finnmark - Finnmárku - Finmarkku\n" in broken.read_text(encoding="utf-8")
    with pytest.raises(IntegrityError):
        organisations_import(counties=broken)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_a_county_authority_of_the_list_exists_once():
    _import()
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            name="Vestland", kind="fylkeskommune", county_number="46", code_list_version="2024"
        )
