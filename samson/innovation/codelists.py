"""The code lists of the barometer's frame variables, each code with its label in nb, nn and en.

One place for the labels a person reads next to a code (a form's choices, a table's group, an
export's value labels), so that an English page says "Health and care" and never the bokmål
"Helse og omsorg". The synthetic-data generator, the SPSS export, the codebook and the Django
pages all import from here; this module imports nothing of ours, so there is no import circle.

The sector labels are those of the instrument's own sector question (`sektor` in
`samson/instruments/shipped/barometer-enhet.yaml`, the same codes as `B14_SEKTOR`); the
regions are SSB's landsdeler of the 2024 county structure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True, slots=True)
class Label:
    """One label in the three written languages of the site."""

    nb: str
    nn: str
    en: str

    def get(self, lang: str) -> str:
        """The label in `lang` ("nb", "nn" or "en"); bokmål for any other language code."""
        if lang == "nn":
            return self.nn
        if lang == "en":
            return self.en
        return self.nb


def names(codes: Mapping[int, Label], lang: str) -> dict[int, str]:
    """{code: label in `lang`} for one code list, in the list's order."""
    return {code: label.get(lang) for code, label in codes.items()}


SECTORS: dict[int, Label] = {
    1: Label("Helse og omsorg", "Helse og omsorg", "Health and care"),
    2: Label("Oppvekst og utdanning", "Oppvekst og utdanning", "Childhood and education"),
    3: Label("Sosiale tjenester", "Sosiale tenester", "Social services"),
    4: Label("Kultur", "Kultur", "Culture"),
    5: Label("Tekniske tjenester", "Tekniske tenester", "Technical services"),
}

LANDSDELER: dict[int, Label] = {
    1: Label("Oslo og Viken", "Oslo og Viken", "Oslo and Viken"),
    2: Label("Innlandet", "Innlandet", "Innlandet"),
    3: Label(
        "Agder og Sør-Østlandet", "Agder og Sør-Austlandet", "Agder and Southern Eastern Norway"
    ),
    4: Label("Vestlandet", "Vestlandet", "Western Norway"),
    5: Label("Trøndelag", "Trøndelag", "Trøndelag"),
    6: Label("Nord-Norge", "Nord-Noreg", "Northern Norway"),
}

SIZE_CLASSES: dict[int, Label] = {
    1: Label("under 5 000", "under 5 000", "under 5,000"),
    2: Label("5 000–9 999", "5 000–9 999", "5,000–9,999"),
    3: Label("10 000–19 999", "10 000–19 999", "10,000–19,999"),
    4: Label("20 000–49 999", "20 000–49 999", "20,000–49,999"),
    5: Label("50 000 og over", "50 000 og over", "50,000 and over"),
}

UNIT_TYPES: dict[int, Label] = {
    11: Label("Sykehjem", "Sjukeheim", "Nursing home"),
    12: Label("Hjemmetjeneste", "Heimeteneste", "Home care"),
    13: Label(
        "Helsestasjon og skolehelsetjeneste",
        "Helsestasjon og skulehelseteneste",
        "Child health centre and school health service",
    ),
    21: Label("Barnehage", "Barnehage", "Kindergarten"),
    22: Label("Grunnskole", "Grunnskule", "Primary and lower secondary school"),
    23: Label("SFO", "SFO", "After-school programme (SFO)"),
    31: Label("Sosialtjeneste (NAV)", "Sosialteneste (NAV)", "Social services (NAV)"),
    32: Label("Barnevern", "Barnevern", "Child welfare"),
    33: Label("Rus og psykisk helse", "Rus og psykisk helse", "Substance abuse and mental health"),
    41: Label("Bibliotek", "Bibliotek", "Library"),
    42: Label("Kulturskole", "Kulturskule", "School of music and arts"),
    51: Label(
        "Teknisk drift (vei, vann, avløp)",
        "Teknisk drift (veg, vatn, avløp)",
        "Technical operations (roads, water, sewage)",
    ),
    52: Label(
        "Plan, byggesak og eiendom",
        "Plan, byggjesak og eigedom",
        "Planning, building permits and property",
    ),
}

SYNTHETIC: dict[int, Label] = {
    0: Label("Nei", "Nei", "No"),
    1: Label("Ja, syntetisk", "Ja, syntetisk", "Yes, synthetic"),
}

ORGAN_TYPES: dict[int, Label] = {
    1: Label("Kommune", "Kommune", "Municipality"),
    2: Label("Fylkeskommune", "Fylkeskommune", "County authority"),
}

CODE_LISTS: dict[str, dict[int, Label]] = {
    "synthetic": SYNTHETIC,
    "organtype": ORGAN_TYPES,
    "landsdel": LANDSDELER,
    "storrelse": SIZE_CLASSES,
    "sektor": SECTORS,
    "enhetstype": UNIT_TYPES,
}
"""The frame variables that carry codes, each with its code list."""

FRAME_VARIABLES: dict[str, Label] = {
    "id": Label("Respondentnummer", "Respondentnummer", "Respondent number"),
    "synthetic": Label(
        "Syntetisk (oppdiktet) rad", "Syntetisk (oppdikta) rad", "Synthetic (invented) record"
    ),
    "kommunenr": Label(
        "Kommunenummer (2024)", "Kommunenummer (2024)", "Municipality number (2024)"
    ),
    "fylkesnr": Label("Fylkesnummer", "Fylkesnummer", "County number"),
    "organtype": Label(
        "Kommune eller fylkeskommune", "Kommune eller fylkeskommune", "Municipality or county"
    ),
    "landsdel": Label("Landsdel", "Landsdel", "Region"),
    "storrelse": Label(
        "Kommunestørrelse (innbyggere)",
        "Kommunestorleik (innbyggjarar)",
        "Municipality size (inhabitants)",
    ),
    "sentralitet": Label("Sentralitet (SSB)", "Sentralitet (SSB)", "Centrality (SSB)"),
    "sektor": Label("Sektor", "Sektor", "Sector"),
    "enhetstype": Label("Enhetstype", "Einingstype", "Unit type"),
    "vekt": Label(
        "Vekt (poststratifisert til enhetstype x landsdel)",
        "Vekt (poststratifisert til einingstype x landsdel)",
        "Weight (post-stratified to unit type x region)",
    ),
}
"""The variable labels of the frame variables in a microdata file."""
