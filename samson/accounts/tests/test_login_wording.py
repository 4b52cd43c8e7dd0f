"""The log-in form asks for the e-mail address (every account's user name is one), and the
header's link for participants reads as a sentence, in every language."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label", "join", "wrong"),
    [
        (
            "nb",
            "E-postadresse",
            "Bli med i en måling",
            "E-postadressen eller passordet er feil. Passordet skiller mellom store og små "
            "bokstaver.",
        ),
        (
            "nn",
            "E-postadresse",
            "Bli med i ei måling",
            "E-postadressa eller passordet er feil. Passordet skil mellom store og små bokstavar.",
        ),
        (
            "en",
            "E-mail address",
            "Join a round",
            "The e-mail address or the password is wrong. The password is case-sensitive.",
        ),
    ],
)
def test_log_in_asks_for_the_e_mail_address(client, language, label, join, wrong):
    page = client.get("/konto/logg-inn/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<label class="ds-label" for="id_username">{label}</label>' in page
    assert 'inputmode="email"' in page and 'autocomplete="username"' in page
    assert f'<a class="ds-link" href="/delta/">{join}</a>' in page
    for stray in ("Brukernavn", "Username", "Bli med med kode", "Join with a code"):
        assert stray not in page
    reply = client.post(
        "/konto/logg-inn/",
        {"username": "ingen@example.no", "password": "feil"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert wrong in reply.content.decode()
