"""The results page says how the round was answered (open code, for every round until rounds
answered by invitation only exist)."""

import pytest

from samson.participation.selectors import OPEN_CODE, round_answering
from samson.projects import services
from samson.testing.rounds import url

pytestmark = pytest.mark.django_db


def test_the_results_page_says_the_round_was_answered_with_an_open_code(client, world):
    round = services.round_transition(round=world["round_a"], to="apen")
    assert round_answering(round) == OPEN_CODE
    client.force_login(world["co_a"])
    html = client.get(url("results:round", round)).content.decode()
    assert (
        "Slik ble det svart i målingen: <strong>åpen deltakerkode</strong>. Alle med målingens "
        "kode, lenke eller QR-kode kunne svare, én gang per nettleser."
    ) in html
    english = client.get(url("results:round", round), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How the round was answered: <strong>open code</strong>. Anyone with" in english
