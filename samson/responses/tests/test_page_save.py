"""response_page_save is idempotent: a page saved twice, or twice at once, is stored once."""

import threading

from django.db import connection
from django.utils import timezone

from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.responses import services
from samson.responses.models import Answer, Response


def _solo(key: str = "samson") -> tuple[Response, Instrument]:
    version = instrument_version_get(key=key)
    response, _token = services.response_start(instrument_version=version, language="nb")
    return response, instrument_spec(version)


def _codes(instrument, number: int, code: int) -> dict[str, int | str | None]:
    return {
        item.id: code if code in instrument.codes(item) else instrument.codes(item)[0]
        for item in instrument.pages[number - 1].items
        if item.type != "text"
    }


def _stored(response: Response) -> dict[str, int | str]:
    return {answer.item_id: answer.value for answer in Answer.objects.filter(response=response)}


def test_saving_a_page_again_updates_the_same_rows(instruments):
    response, instrument = _solo("samson-kort")
    first = _codes(instrument, 2, 2)
    services.response_page_save(
        response=response, instrument=instrument, page_number=2, answers=first, resume_page=3
    )
    rows = dict(Answer.objects.values_list("item_id", "pk"))
    again = _codes(instrument, 2, 4)
    for _ in range(2):
        services.response_page_save(
            response=response, instrument=instrument, page_number=2, answers=again, resume_page=3
        )
    assert len(again) == 4
    assert _stored(response) == again
    assert dict(Answer.objects.values_list("item_id", "pk")) == rows
    response.refresh_from_db()
    assert response.resume_page == 3


def test_the_same_page_saved_at_the_same_moment_is_stored_once(transactional_db, instruments):
    """Eight requests with the same page (a double click, a retry after a timeout) at once."""
    response, instrument = _solo("samson-kort")
    answers = _codes(instrument, 3, 5)
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            services.response_page_save(
                response=response,
                instrument=instrument,
                page_number=3,
                answers=answers,
                resume_page=4,
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Answer.objects.filter(response=response).count() == 4
    assert _stored(response) == answers


def test_a_released_text_stays_released_when_saved_unchanged_and_not_when_changed(instruments):
    response, instrument = _solo("samson")
    last = len(instrument.pages)
    texts = {item.id for item in instrument.pages[last - 1].items if item.type == "text"}
    assert texts == {"FRI-BRA", "FRI-ENDRE"}
    answers: dict[str, int | str | None] = {"FRI-BRA": "Vi møtes ofte", "FRI-ENDRE": "Mer tid"}

    def save(answers: dict[str, int | str | None]) -> None:
        services.response_page_save(
            response=response,
            instrument=instrument,
            page_number=last,
            answers=answers,
            resume_page=last,
        )

    save(answers)
    released = timezone.now()
    Answer.objects.filter(response=response).update(released_at=released)

    save({**answers, "FRI-ENDRE": "Mer tid til møter"})

    state = dict(Answer.objects.values_list("item_id", "released_at"))
    assert state == {"FRI-BRA": released, "FRI-ENDRE": None}
    assert _stored(response) == {"FRI-BRA": "Vi møtes ofte", "FRI-ENDRE": "Mer tid til møter"}


def test_filling_a_response_stores_every_answer_once_and_finishes_it(instruments):
    response, instrument = _solo("samson-kort")
    answers: dict[str, int | str | None] = {}
    for number in range(1, len(instrument.pages) + 1):
        answers.update(_codes(instrument, number, 3))
    first_item = instrument.pages[0].items[0].id
    answers[first_item] = None  # left blank: nothing stored for it
    services.response_fill(response=response, instrument=instrument, answers=answers)
    services.response_fill(response=response, instrument=instrument, answers=answers)
    expected = {item_id: code for item_id, code in answers.items() if code is not None}
    assert _stored(response) == expected
    assert Answer.objects.filter(response=response).count() == len(expected)
    response.refresh_from_db()
    assert response.completed_at is not None
    assert response.resume_page == len(instrument.pages)
