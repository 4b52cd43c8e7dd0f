"""The population count of municipalities per stratum, for the finite population correction of
an edition whose primary sampling units are municipalities (docs/barometer.md, "Design").

The counts come from the organisation list (`samson organisations import`): every
organisation of kind "kommune" with an SSB number, of one code-list version. Only strata the
list itself describes can be counted: none (the whole country), the region (landsdel), the
county (fylkesnr) and the centrality class (sentralitet).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from samson.accounts.models import Organisation
from samson.innovation import codelists

from .estimates import PopulationUnits

FloatArray = npt.NDArray[np.float64]

COUNTABLE_STRATA: tuple[str, ...] = ("", "landsdel", "fylkesnr", "sentralitet")
"""Strata whose municipalities the organisation list can count ("" for no strata)."""

_REGION_CODES = {label.nb: code for code, label in codelists.LANDSDELER.items()}


def _stratum(organisation: Organisation, strata: str) -> int | None:
    """The organisation's value of the strata variable, as the codebook codes it."""
    if strata == "landsdel":
        return _REGION_CODES.get(organisation.landsdel)
    if strata == "fylkesnr":
        return int(organisation.county_number) if organisation.county_number.isdigit() else None
    return organisation.centrality


def municipalities_per_stratum(
    data: Mapping[str, FloatArray], cluster: str, strata: str
) -> PopulationUnits:
    """The number of municipalities on the organisation list per stratum value, checked against
    the data: every sampled municipality (`kommunenr`) must be on the list, and its stratum in
    the data must be the list's. Otherwise no counts, and the reason."""
    if cluster != "kommunenr":
        return PopulationUnits(None, "fpc_cluster")
    if strata not in COUNTABLE_STRATA:
        return PopulationUnits(None, "fpc_strata", strata)
    municipalities = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .exclude(municipality_number="")
        .only("municipality_number", "code_list_version", "landsdel", "county_number", "centrality")
    )
    if not municipalities:
        return PopulationUnits(None, "fpc_no_list")
    numbers = data.get("kommunenr")
    if numbers is None or bool(np.isnan(numbers).any()):
        return PopulationUnits(None, "fpc_cluster")
    sampled = {int(v) for v in numbers}
    by_version: dict[str, dict[int, Organisation]] = {}
    for organisation in municipalities:
        if organisation.municipality_number.isdigit():
            by_version.setdefault(organisation.code_list_version, {})[
                int(organisation.municipality_number)
            ] = organisation
    # The newest code list that holds every sampled municipality; numbers changed in 2020
    # and 2024, so an older edition may match an older list only.
    fitting = sorted(v for v, listed in by_version.items() if sampled <= set(listed))
    if not fitting:
        unknown = min(sampled - set(by_version.get(max(by_version), {})), default=0)
        return PopulationUnits(None, "fpc_unknown", f"{unknown:04d}")
    listed = by_version[fitting[-1]]
    if not strata:
        return PopulationUnits({None: len(listed)})
    counts: dict[int | None, int] = {}
    for organisation in listed.values():
        value = _stratum(organisation, strata)
        if value is None:
            return PopulationUnits(None, "fpc_strata", strata)
        counts[value] = counts.get(value, 0) + 1
    column = data.get(strata)
    if column is None:
        return PopulationUnits(None, "fpc_strata", strata)
    for number, value in zip(numbers, column, strict=True):
        if math.isnan(value):
            continue
        if _stratum(listed[int(number)], strata) != int(value):
            return PopulationUnits(None, "fpc_mismatch", f"{int(number):04d}")
    return PopulationUnits(counts)
