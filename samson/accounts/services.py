"""Writes of organisations and memberships."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Organisation

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_LIST_VERSION = "2024"


@dataclass(frozen=True)
class OrganisationImport:
    created: int
    updated: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def organisations_import(
    *,
    municipalities: Path = DATA_DIR / "kommuner-2024.csv",
    counties: Path = DATA_DIR / "fylker-2024.csv",
) -> OrganisationImport:
    """Create or update one organisation per municipality of the 2024 code list.

    Idempotent: a second import changes nothing. A KOSTRA group already set is kept when the
    file has none.
    """
    landsdel = {row["fylkesnummer"]: row["landsdel"] for row in _rows(counties)}
    created = updated = 0
    for row in _rows(municipalities):
        fields = {
            "name": row["navn"],
            "kind": Organisation.Kind.MUNICIPALITY,
            "county_number": row["fylkesnummer"],
            "landsdel": landsdel[row["fylkesnummer"]],
            "centrality": int(row["sentralitet"]) if row["sentralitet"] else None,
            "population": int(row["folketall"]) if row["folketall"] else None,
        }
        if row["kostragruppe"]:
            fields["kostra_group"] = row["kostragruppe"]
        organisation, was_created = Organisation.objects.get_or_create(
            municipality_number=row["kommunenummer"],
            code_list_version=CODE_LIST_VERSION,
            defaults=fields,
        )
        if was_created:
            created += 1
            continue
        changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
        if changed:
            for name in changed:
                setattr(organisation, name, fields[name])
            organisation.save(update_fields=changed)
            updated += 1
    return OrganisationImport(created=created, updated=updated)
