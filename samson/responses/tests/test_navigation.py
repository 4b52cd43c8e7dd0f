"""The answering flow's way through a questionnaire (samson.responses.navigation), rule by rule,
and the two views that follow it: the solo and round pages and the barometer's invitation link."""

import copy
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samson.instrument_spec import Instrument, load_instrument_data
from samson.instruments.services import instrument_store
from samson.responses import navigation, services
from samson.responses.models import Answer, Response


def _text(word: str) -> dict[str, str]:
    return {"nb": word, "nn": word, "en": word}


def _page(page_id: str, item_id: str, show_if: dict[str, Any] | None = None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "id": page_id,
        "title": _text(page_id),
        "items": [
            {
                "id": item_id,
                "type": "choice",
                "scale": "janei",
                "text": _text(item_id),
                "dimensions": {},
                "concept": "c",
                "source": "s",
            }
        ],
    }
    if show_if is not None:
        page["show_if"] = show_if
    return page


# Five pages: 2 only after a yes on page 1, 3 only after a no; 4 always; 5 only after a yes on 4.
DATA: dict[str, Any] = {
    "key": "test-navigation",
    "version": 1,
    "kind": "barometer",
    "title": _text("T"),
    "description": _text("D"),
    "minutes": 5,
    "scales": [
        {
            "id": "janei",
            "type": "choice",
            "options": [{"code": 1, "label": _text("Ja")}, {"code": 0, "label": _text("Nei")}],
            "dont_know": {"code": 9, "label": _text("Vet ikke")},
        }
    ],
    "dimensions": {},
    "pages": [
        _page("a", "A_1"),
        _page("b", "B_1", {"item": "A_1", "in": [1]}),
        _page("c", "C_1", {"item": "A_1", "in": [0]}),
        _page("d", "D_1"),
        _page("e", "E_1", {"item": "D_1", "in": [1]}),
    ],
}


def _plain_data() -> dict[str, Any]:
    """The same pages without any condition, under another key."""
    data = copy.deepcopy(DATA)
    data["key"] = "test-navigation-plain"
    for page in data["pages"]:
        page.pop("show_if", None)
    return data


CONDITIONAL = load_instrument_data(copy.deepcopy(DATA)).spec
PLAIN = load_instrument_data(_plain_data()).spec


# ----------------------------------------------------------------------------- shown pages


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({}, (1, 4)),
        ({"A_1": 1}, (1, 2, 4)),
        ({"A_1": 0}, (1, 3, 4)),
        ({"A_1": 9}, (1, 4)),
        ({"A_1": 1, "D_1": 1}, (1, 2, 4, 5)),
        ({"A_1": 0, "D_1": 0}, (1, 3, 4)),
        # An answer left on page 2 from before A_1 changed to no opens nothing.
        ({"A_1": 0, "B_1": 1, "D_1": 1}, (1, 3, 4, 5)),
    ],
)
def test_shown_numbers(answers: dict[str, int], shown: tuple[int, ...]) -> None:
    assert navigation.shown_numbers(CONDITIONAL, answers) == shown


@pytest.mark.parametrize("answers", [{}, {"A_1": 0}, {"A_1": 1, "D_1": 0}])
def test_without_conditions_every_page_is_shown(answers: dict[str, int]) -> None:
    assert navigation.conditional(PLAIN) is False
    assert navigation.conditional(CONDITIONAL) is True
    assert navigation.shown_numbers(PLAIN, answers) == (1, 2, 3, 4, 5)


# ----------------------------------------------------------------------------- a skipped page


@pytest.mark.parametrize(
    ("shown", "number", "goes_to"),
    [
        ((1, 2, 4), 1, None),  # the first page, shown
        ((1, 2, 4), 4, None),  # the last shown page
        ((1, 2, 4), 3, 4),  # skipped: the next shown page
        ((1, 4), 2, 4),
        ((1, 3, 4), 2, 3),
        ((1, 2, 4), 5, 4),  # skipped with none after it: the last shown page
        ((1, 2, 3, 4, 5), 5, None),
    ],
)
def test_skipped_to(shown: tuple[int, ...], number: int, goes_to: int | None) -> None:
    assert navigation.skipped_to(shown, number) == goes_to


# ----------------------------------------------------------------------------- after a save


@pytest.mark.parametrize(
    ("shown", "number", "action", "target"),
    [
        ((1, 2, 4, 5), 1, navigation.NEXT, 2),
        ((1, 2, 4, 5), 2, navigation.NEXT, 4),  # over the skipped page 3
        ((1, 3, 4), 1, navigation.NEXT, 3),  # over the skipped page 2
        ((1, 2, 4, 5), 4, navigation.BACK, 2),
        ((1, 3, 4), 4, navigation.BACK, 3),
        ((1, 2, 4, 5), 5, navigation.BACK, 4),
        ((1, 2, 4, 5), 1, navigation.BACK, 1),  # back from the first shown page stays there
        ((1,), 1, navigation.BACK, 1),  # and never ends the questionnaire
        ((1, 2, 4, 5), 5, navigation.NEXT, None),  # the last shown page ends it
        ((1, 2, 4, 5), 5, navigation.FINISH, None),
        ((1, 2, 4), 4, navigation.NEXT, None),
        ((1, 2, 4, 5), 4, navigation.FINISH, 5),  # a finish sent early goes on as next
        ((1, 2, 4, 5), 2, navigation.ENTER, 2),  # Enter with questions open: the same page
        ((1, 2, 4, 5), 5, navigation.ENTER, 5),
        ((1, 2, 4, 5), 1, "delete", 2),  # a value no page sends goes on as next
        ((1, 2, 4, 5), 5, "", None),
    ],
)
def test_target(shown: tuple[int, ...], number: int, action: str, target: int | None) -> None:
    assert navigation.target(shown, number, action) == target
    assert navigation.ends(shown, number, action) is (target is None)


@pytest.mark.parametrize(
    ("given", "page", "answers", "after", "shown", "target"),
    [
        # A yes on page 1 shows page 2.
        ({}, 1, {"A_1": 1}, {"A_1": 1}, (1, 2, 4), 2),
        # Changed to no: page 2 is skipped from now on and page 3 comes next; the answer left
        # on page 2 stays stored but opens nothing.
        (
            {"A_1": 1, "B_1": 1, "D_1": 0},
            1,
            {"A_1": 0},
            {"A_1": 0, "B_1": 1, "D_1": 0},
            (1, 3, 4),
            3,
        ),
        # Cleared: pages 2 and 3 are both skipped.
        ({"A_1": 1, "B_1": 1}, 1, {"A_1": None}, {"B_1": 1}, (1, 4), 4),
        # A yes on page 4 opens page 5, a no ends the questionnaire.
        ({"A_1": 0, "C_1": 1}, 4, {"D_1": 1}, {"A_1": 0, "C_1": 1, "D_1": 1}, (1, 3, 4, 5), 5),
        ({"A_1": 0, "D_1": 1, "E_1": 0}, 4, {"D_1": ""}, {"A_1": 0, "E_1": 0}, (1, 3, 4), None),
    ],
)
def test_answers_after_save_decide_the_way_on(
    given: dict[str, int],
    page: int,
    answers: dict[str, int | None],
    after: dict[str, int],
    shown: tuple[int, ...],
    target: int | None,
) -> None:
    merged = navigation.answers_after_save(given, CONDITIONAL.pages[page - 1], answers)
    assert merged == after
    assert navigation.shown_numbers(CONDITIONAL, merged) == shown
    assert navigation.target(shown, page, navigation.NEXT) == target


def test_answers_after_save_ignore_items_of_other_pages() -> None:
    merged = navigation.answers_after_save({"A_1": 1}, CONDITIONAL.pages[3], {"A_1": 0, "D_1": 1})
    assert merged == {"A_1": 1, "D_1": 1}


@pytest.mark.parametrize(
    ("number", "target", "resume"), [(1, 2, 2), (4, 2, 2), (4, 4, 4), (5, None, 5)]
)
def test_resume_page(number: int, target: int | None, resume: int) -> None:
    assert navigation.resume_page(number, target) == resume


@pytest.mark.parametrize(
    ("shown", "number", "step", "last"),
    [
        ((1, 3, 4), 1, 1, False),
        ((1, 3, 4), 3, 2, False),
        ((1, 3, 4), 4, 3, True),
        ((1,), 1, 1, True),
    ],
)
def test_step_and_last(shown: tuple[int, ...], number: int, step: int, last: bool) -> None:
    assert navigation.step(shown, number) == step
    assert navigation.is_last(shown, number) is last


# ------------------------------------------------------------------- the solo and round pages


def _solo(instrument_key: str) -> tuple[Response, str]:
    from samson.instruments.selectors import instrument_version_get

    version = instrument_version_get(key=instrument_key)
    return services.response_start(instrument_version=version, language="nb")


@pytest.mark.django_db
def test_back_on_the_first_page_saves_and_stays(client: Client, kort: Instrument) -> None:
    response, token = _solo("samson-kort")
    item = next(item for item in kort.pages[0].items if item.type != "text")
    code = kort.codes(item)[0]
    reply = client.post(f"/vurdering/{token}/side/1/", {item.id: str(code), "action": "back"})
    assert reply.status_code == 302
    assert reply["Location"] == f"/vurdering/{token}/side/1/"
    response.refresh_from_db()
    assert response.resume_page == 1
    assert response.completed_at is None
    assert dict(Answer.objects.values_list("item_id", "code")) == {item.id: code}


@pytest.fixture
def conditional_version(db: None) -> Any:
    version, _decision = instrument_store(loaded=load_instrument_data(copy.deepcopy(DATA)))
    return version


@pytest.mark.django_db
def test_the_solo_pages_skip_what_the_answers_skip(client: Client, conditional_version) -> None:
    response, token = services.response_start(instrument_version=conditional_version, language="nb")
    page = f"/vurdering/{token}/side/%d/"
    # With no answers pages 2 and 3 are skipped; asking for one leads to page 4.
    assert client.get(page % 2)["Location"] == page % 4
    assert client.get(page % 3)["Location"] == page % 4
    # A submit to a skipped page saves nothing.
    assert client.post(page % 2, {"B_1": "1", "action": "next"})["Location"] == page % 4
    assert not Answer.objects.exists()
    assert client.post(page % 1, {"A_1": "1", "action": "next"})["Location"] == page % 2
    assert client.post(page % 2, {"B_1": "1", "action": "next"})["Location"] == page % 4
    assert client.post(page % 4, {"D_1": "0", "action": "back"})["Location"] == page % 2
    # Page 1 changed to no: page 2 is skipped from now on.
    assert client.post(page % 1, {"A_1": "0", "action": "next"})["Location"] == page % 3
    assert client.get(page % 2)["Location"] == page % 3
    assert client.post(page % 3, {"C_1": "1", "action": "next"})["Location"] == page % 4
    assert client.post(page % 4, {"D_1": "0", "action": "back"})["Location"] == page % 3
    response.refresh_from_db()
    assert response.resume_page == 3
    # Page 4 with a no is the last shown page: its button ends the assessment.
    finished = client.post(page % 4, {"D_1": "0", "action": "finish"})
    assert finished["Location"] == reverse("responses:result", kwargs={"token": token})
    response.refresh_from_db()
    assert response.resume_page == 4
    assert response.completed_at is not None
    assert dict(Answer.objects.values_list("item_id", "code")) == {
        "A_1": 0,
        "B_1": 1,
        "C_1": 1,
        "D_1": 0,
    }


# ----------------------------------------------------------------------------- the barometer link


NO = {"B1_PRODUKT": 0, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}


@pytest.fixture
def invitation_token(instruments: None) -> str:
    from samson.accounts.models import Organisation
    from samson.barometer import services as barometer_services

    organisation = Organisation.objects.create(name="Arendal", kind="kommune")
    edition = barometer_services.edition_create(
        organisation=organisation, user=None, year=2025, title="Test", sectors=[1, 2]
    )
    token: str = barometer_services.invitations_create(
        edition=edition, background={"sektor": 1}, count=1
    )[0]
    return token


def _writes_to_the_response(queries: list[dict[str, Any]]) -> int:
    """Statements that update the response: on PostgreSQL the page's answers and the response
    go up as one statement (`WITH … INSERT … UPDATE`), so the UPDATE need not come first."""
    table = Response._meta.db_table
    return sum(
        1
        for query in queries
        if re.search(rf'\bUPDATE\s+"?{table}"?\s+SET\b', query["sql"], re.IGNORECASE)
    )


def test_a_barometer_page_is_written_once_and_changed_answers_change_the_way(
    invitation_token: str,
) -> None:
    token = invitation_token
    unit = Client()

    def page(number: int) -> str:
        return reverse("barometer:answer_page", args=[token, number])

    with CaptureQueriesContext(connection) as sent:
        reply = unit.post(page(1), {**NO, "B1_TJENESTE": 1, "action": "next"})
    assert reply["Location"] == page(4)  # an innovator: on to the newest innovation
    assert _writes_to_the_response(sent.captured_queries) == 1
    response = Response.objects.get(purpose=Response.Purpose.BAROMETER)
    assert response.resume_page == 4
    # Back from page 4 is page 1; back from page 1 stays there.
    assert unit.post(page(4), {"action": "back"})["Location"] == page(1)
    assert unit.post(page(1), {**NO, "B1_TJENESTE": 1, "action": "back"})["Location"] == page(1)
    # Changed to no innovation: the innovators' pages are skipped from now on.
    assert unit.post(page(1), {**NO, "action": "next"})["Location"] == page(2)
    assert unit.get(page(4))["Location"] == page(13)
    with CaptureQueriesContext(connection) as sent:
        reply = unit.post(page(2), {"B1B_UNDERVEIS": 1, "action": "next"})
    assert reply["Location"] == page(3)  # work under way: what kind
    assert _writes_to_the_response(sent.captured_queries) == 1
    response.refresh_from_db()
    assert response.resume_page == 3
    assert unit.get(reverse("barometer:answer", args=[token]))["Location"] == page(3)
