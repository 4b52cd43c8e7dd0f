"""The SSB parser against the fixtures (table 07459 as downloaded) and against broken files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from samson.representativeness import PopulationFileError, age_band_for, parse_population

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JSONSTAT = FIXTURES / "07459-arendal-askvoll.json"
CSV = FIXTURES / "07459-askvoll-sogndal.csv"
KNOWN = {"4203", "4640", "4645", "0301"}


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(JSONSTAT.read_text(encoding="utf-8"))
    return doc


def _parse_json(doc: object) -> object:
    return parse_population(json.dumps(doc).encode(), municipalities=KNOWN, name="07459.json")


def _parse_csv(text: str) -> object:
    return parse_population(text.encode("utf-8"), municipalities=KNOWN, name="07459.csv")


def test_jsonstat_five_year_groups_add_up_to_our_bands() -> None:
    table = parse_population(JSONSTAT.read_bytes(), municipalities=KNOWN)
    assert table.municipalities == ("4203", "4645")
    assert table.years == (2024,)
    assert len(table.counts) == 20  # 2 municipalities x 2 sexes x 5 bands
    arendal = {
        (count.sex, count.age_band): count.count
        for count in table.counts
        if count.municipality == "4203"
    }
    assert arendal == {
        ("male", "15-24"): 1426 + 1388,
        ("male", "25-39"): 1348 + 1458 + 1431,
        ("male", "40-54"): 1398 + 1509 + 1556,
        ("male", "55-69"): 1589 + 1394 + 1403,
        ("male", "70+"): 975 + 797 + 502 + 303 + 150,
        ("female", "15-24"): 1425 + 1298,
        ("female", "25-39"): 1397 + 1370 + 1442,
        ("female", "40-54"): 1513 + 1601 + 1606,
        ("female", "55-69"): 1572 + 1371 + 1338,
        ("female", "70+"): 1487 + 1165 + 767 + 473 + 235,
    }
    assert table.get("4645", 2024, "male", "15-24") == 89 + 83
    assert table.get("4645", 2024, "female", "70+") == 96 + 78 + 53 + 28 + 14


def test_csv_single_years_add_up_and_children_are_left_out() -> None:
    table = parse_population(CSV.read_bytes(), municipalities=KNOWN)
    assert table.municipalities == ("4640", "4645")
    got = {(c.municipality, c.sex, c.age_band): c.count for c in table.counts}
    assert got == {
        ("4645", "male", "15-24"): 14 + 23 + 17,
        ("4645", "male", "25-39"): 18,
        ("4645", "male", "40-54"): 23,
        ("4645", "male", "55-69"): 15 + 12,
        ("4645", "male", "70+"): 19 + 1 + 0,
        ("4645", "female", "15-24"): 24 + 18 + 20,
        ("4645", "female", "25-39"): 14,
        ("4645", "female", "40-54"): 24,
        ("4645", "female", "55-69"): 23 + 13,
        ("4645", "female", "70+"): 22 + 0 + 0,
        ("4640", "male", "15-24"): 75 + 76 + 93,
        ("4640", "male", "25-39"): 48,
        ("4640", "male", "40-54"): 56,
        ("4640", "male", "55-69"): 94 + 91,
        ("4640", "male", "70+"): 53 + 1 + 1,
        ("4640", "female", "15-24"): 100 + 96 + 59,
        ("4640", "female", "25-39"): 96,
        ("4640", "female", "40-54"): 56,
        ("4640", "female", "55-69"): 99 + 96,
        ("4640", "female", "70+"): 99 + 1 + 0,
    }


def test_jsonstat_single_year_codes_and_an_index_list_are_read() -> None:
    doc = _doc()
    doc["dimension"]["Alder"]["category"] = {
        "index": ["014", "015", "105+"],
        "label": {"014": "14 år", "015": "15 år", "105+": "105 år eller eldre"},
    }
    doc["size"][2] = 3
    doc["value"] = list(range(1, 13))
    table = _parse_json(doc)
    assert table.get("4203", 2024, "male", "15-24") == 2  # type: ignore[attr-defined]
    assert table.get("4203", 2024, "male", "70+") == 3  # type: ignore[attr-defined]
    assert table.get("4645", 2024, "female", "70+") == 12  # type: ignore[attr-defined]


def test_a_csv_without_the_title_line_and_in_windows_1252_is_read() -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()[2:]
    table = parse_population(
        "\r\n".join(lines).encode("cp1252"), municipalities=KNOWN, name="x.csv"
    )
    assert table.get("4645", 2024, "male", "15-24") == 54


def _broken_json(change: str) -> dict[str, Any]:
    doc = _doc()
    if change == "no sex":
        index = doc["id"].index("Kjonn")
        del doc["id"][index], doc["size"][index]
        del doc["dimension"]["Kjonn"]
    elif change == "text value":
        doc["value"][4] = ".."
    elif change == "null value":
        doc["value"][4] = None
    elif change == "unknown municipality":
        doc["dimension"]["Region"]["category"] = {
            "index": {"9999": 0, "4645": 1},
            "label": {"9999": "Ukjent", "4645": "Askvoll"},
        }
    elif change == "short values":
        doc["value"] = doc["value"][:-1]
    elif change == "collection":
        doc = {"version": "2.0", "class": "collection", "link": {}}
    elif change == "two contents":
        doc["dimension"]["ContentsCode"]["category"]["index"] = {"Personer1": 0, "Endring": 1}
        doc["size"][3] = 2
    elif change == "total sex":
        doc["dimension"]["Kjonn"]["category"] = {
            "index": {"0": 0, "2": 1},
            "label": {"0": "Begge kjønn", "2": "Kvinner"},
        }
    return copy.deepcopy(doc)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "no sex",
            "07459.json has no sex (kjønn) dimension (expected one of the ids kjonn, kjønn, "
            "sex); table 07459 has region, sex, age and year",
        ),
        (
            "text value",
            '07459.json, value 5 (Arendal, Menn, 20-24 år, Personer, 2024): the value is "..", '
            "not a whole number of people",
        ),
        (
            "null value",
            "07459.json, value 5 (Arendal, Menn, 20-24 år, Personer, 2024): the value is empty "
            "(null), not a whole number of people",
        ),
        (
            "unknown municipality",
            '07459.json, value 1 (Ukjent, Menn, 0-4 år, Personer, 2024): "9999 Ukjent" is not a '
            "municipality we know (the 2024 municipality numbers); download the table for "
            "municipalities only",
        ),
        ("short values", "07459.json has 75 values, but its dimensions make 76 cells"),
        (
            "collection",
            '07459.json is not a JSON-stat 2.0 dataset (it needs "class": "dataset", "id", '
            '"size", "dimension" and "value")',
        ),
        (
            "two contents",
            '07459.json has 2 statistics variables; download only "Personer" (persons)',
        ),
        (
            "total sex",
            '07459.json, value 1 (Arendal, Begge kjønn, 0-4 år, Personer, 2024): "Begge kjønn" '
            "is not a sex we can use (expected Menn or Kvinner, not the total of both)",
        ),
    ],
)
def test_broken_jsonstat_names_the_problem(change: str, message: str) -> None:
    with pytest.raises(PopulationFileError) as raised:
        _parse_json(_broken_json(change))
    assert str(raised.value) == message


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(PopulationFileError) as raised:
        parse_population(b'{"class": "dataset",\n "id": [', municipalities=KNOWN, name="a.json")
    assert str(raised.value) == "a.json is not valid JSON (line 2): Expecting value"


HEADER = (
    '"region";"kjønn";"alder";"år";"statistikkvariabel";'
    '"07459: Befolkning, etter region, kjønn, alder, år og statistikkvariabel"'
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '"4645 Askvoll";"Menn";"15 år";"2024";"Personer";.',
            '07459.csv, line 2: the value is ".", not a whole number of people',
        ),
        (
            '"0 Hele landet";"Menn";"15 år";"2024";"Personer";31000',
            '07459.csv, line 2: "0 Hele landet" is not a municipality we know (the 2024 '
            "municipality numbers); download the table for municipalities only",
        ),
        (
            '"4645 Askvoll";"Menn";"10-19 år";"2024";"Personer";170',
            "07459.csv, line 2: the age group 10-19 crosses a limit of our age bands (which "
            "start at 15, 25, 40, 55, 70); download single years or five-year groups",
        ),
        (
            '"4645 Askvoll";"Menn";"Alle aldre";"2024";"Personer";1500',
            '07459.csv, line 2: "Alle aldre" is not an age or an age group (expected single '
            'years such as "17 år" or groups such as "15-19 år", not the total of all ages)',
        ),
        (
            '"4645 Askvoll";"Menn";"15 år";"2024"',
            "07459.csv, line 2: 4 columns, but the header has 6",
        ),
    ],
)
def test_broken_csv_names_the_problem(body: str, message: str) -> None:
    with pytest.raises(PopulationFileError) as raised:
        _parse_csv(f"{HEADER}\r\n{body}\r\n")
    assert str(raised.value) == message


def test_a_csv_without_an_age_column_names_it() -> None:
    text = '"region";"kjønn";"år";"statistikkvariabel";"07459: Befolkning"\r\n'
    with pytest.raises(PopulationFileError) as raised:
        _parse_csv(text + '"4645 Askvoll";"Menn";"2024";"Personer";12\r\n')
    assert str(raised.value) == (
        '07459.csv has no "alder" column (age (alder)); the header is '
        "region;kjønn;år;statistikkvariabel;07459: Befolkning"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "07459.csv is empty"),
        (b"hello;world\n", '07459.csv has no header row with a "region" column'),
        (HEADER.encode() + b"\r\n", "07459.csv holds no numbers"),
    ],
)
def test_empty_and_headless_files(data: bytes, message: str) -> None:
    with pytest.raises(PopulationFileError) as raised:
        parse_population(data, municipalities=KNOWN, name="07459.csv")
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("low", "high", "band"),
    [(0, 14, None), (15, 19, "15-24"), (20, 24, "15-24"), (70, 74, "70+"), (90, None, "70+")],
)
def test_age_groups_fold_into_bands(low: int, high: int | None, band: str | None) -> None:
    assert age_band_for(low, high) == band
