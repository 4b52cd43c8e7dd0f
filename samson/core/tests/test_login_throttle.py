"""Password guessing and password-reset requests are throttled; a locked log-in says so, on our
form and on the admin's; bursts get no more than the limit checked."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from samson.accounts.tests.factories import UserFactory

LOGIN = "/konto/logg-inn/"
ADMIN_LOGIN = "/admin/login/"
RESET = "/konto/nytt-passord/"
LOCKED = (
    "For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen, eller lag et nytt passord."
)
WRONG = "E-postadressen eller passordet er feil. Passordet skiller mellom store og små bokstaver."
RESETS_REFUSED = (
    "For mange forespørsler om nytt passord. Hvis en lenke ble sendt til denne adressen den siste "
    "timen, bruker du den i den nyeste e-posten; ellers venter du 60 minutter og prøver igjen."
)


def _log_in(client: Client, username: str, password: str, path: str = LOGIN, **extra: Any):
    return client.post(path, {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_a_locked_log_in_says_so_even_with_the_right_password(client):
    user = UserFactory.create()
    for _ in range(5):
        assert WRONG in _log_in(client, user.username, "feil").content.decode()
    reply = _log_in(client, user.username, "passord-123")
    assert reply.status_code == 200
    assert LOCKED in reply.content.decode()
    assert WRONG not in reply.content.decode()
    # The account is locked from everywhere, not only from this client.
    other = _log_in(Client(), user.username, "passord-123", REMOTE_ADDR="203.0.113.8")
    assert LOCKED in other.content.decode()


@pytest.mark.django_db
def test_a_locked_admin_log_in_says_so_too(client):
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    first = _log_in(client, admin.username, "feil", ADMIN_LOGIN).content.decode()
    assert "passord til en" in first and LOCKED not in first  # the admin's own wording
    for _ in range(4):
        _log_in(client, admin.username, "feil", ADMIN_LOGIN)
    reply = _log_in(client, admin.username, "passord-123", ADMIN_LOGIN)
    assert reply.status_code == 200
    assert LOCKED in reply.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_gives_its_attempt_back_and_clears_the_name(client):
    user = UserFactory.create()
    for _ in range(4):
        _log_in(client, user.username, "feil")
    assert _log_in(client, user.username, "passord-123").status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _log_in(client, user.username, "feil")
    assert _log_in(client, user.username, "passord-123").status_code == 302


@pytest.mark.django_db
@override_settings(SAMSON_LOGIN_ATTEMPTS_PER_CLIENT=20)
def test_one_client_guessing_many_names_is_stopped_and_others_are_not(client):
    user = UserFactory.create()
    for n in range(20):
        # A forged X-Forwarded-For from a peer that is no trusted proxy changes nothing.
        _log_in(client, f"navn{n}@example.no", "feil", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert LOCKED in _log_in(client, user.username, "passord-123").content.decode()
    elsewhere = _log_in(Client(), user.username, "passord-123", REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
@override_settings(SAMSON_LOGIN_ATTEMPTS_PER_CLIENT=3, SAMSON_TRUSTED_PROXIES=["127.0.0.1/32"])
def test_behind_a_trusted_proxy_one_client_does_not_lock_out_another(client):
    user = UserFactory.create()
    for n in range(3):
        _log_in(client, f"navn{n}@example.no", "feil", HTTP_X_FORWARDED_FOR="203.0.113.1")
    locked = _log_in(client, user.username, "passord-123", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert LOCKED in locked.content.decode()
    other = _log_in(client, user.username, "passord-123", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.status_code == 302


def test_a_burst_of_wrong_passwords_gets_five_checked(transactional_db, monkeypatch):
    user = UserFactory.create()
    checked = []
    lock = threading.Lock()
    real = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        with lock:
            checked.append(password)
        return real(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    start = threading.Barrier(30)
    locked: list[bool] = []

    def guess(n: int) -> None:
        try:
            start.wait()
            page = _log_in(Client(), user.username, f"gjetning-{n}", REMOTE_ADDR=f"10.1.0.{n}")
            with lock:
                locked.append(LOCKED in page.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 5
    assert locked.count(True) == 25


@pytest.mark.django_db
def test_password_resets_are_throttled_per_address_asked_for(client):
    user = UserFactory.create()
    for n in range(3):
        reply = client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"203.0.113.{n}")
        assert reply.status_code == 302
    refused = client.post(RESET, {"email": user.email.upper()}, REMOTE_ADDR="203.0.113.50")
    assert refused.status_code == 429
    assert RESETS_REFUSED in refused.content.decode()
    assert len(mail.outbox) == 3
    # An address with no account: the same answers in the same order, and no e-mail at all.
    mail.outbox.clear()
    statuses = [
        client.post(RESET, {"email": "ingen@example.no"}, REMOTE_ADDR=f"198.51.100.{n}")
        for n in range(4)
    ]
    assert [reply.status_code for reply in statuses] == [302, 302, 302, 429]
    assert RESETS_REFUSED in statuses[-1].content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_resets_are_throttled_per_client(client):
    users = UserFactory.create_batch(11)
    statuses = [client.post(RESET, {"email": user.email}).status_code for user in users]
    assert statuses == [302] * 10 + [429]
    assert len(mail.outbox) == 10
    assert (
        client.post(RESET, {"email": users[-1].email}, REMOTE_ADDR="203.0.113.3").status_code == 302
    )


@pytest.mark.django_db
def test_the_refusal_is_translated(client):
    for _ in range(3):
        client.post(RESET, {"email": "x@example.no"})
    nynorsk = client.post(RESET, {"email": "x@example.no"}, HTTP_ACCEPT_LANGUAGE="nn")
    assert (
        "For mange førespurnader om nytt passord. Viss ei lenkje vart send til denne adressa den "
        "siste timen, bruker du den i den nyaste e-posten; elles ventar du 60 minutt og prøver "
        "igjen."
    ) in nynorsk.content.decode()
    english = client.post(RESET, {"email": "x@example.no"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "Too many requests for a new password. If a link was sent to this address in the last "
        "hour, use the one in the newest e-mail; otherwise wait 60 minutes and try again."
    ) in english.content.decode()


@pytest.mark.django_db
def test_an_attacker_cannot_keep_the_owner_out(client):
    """Five wrong passwords lock the account and three reset requests use up its resets, from
    addresses of the attacker's; the owner still gets in through the link in the newest e-mail,
    and the new password lifts the lock at once."""
    user = UserFactory.create(password="gammelt-passord-1")
    for n in range(5):
        _log_in(client, user.username, "feil", REMOTE_ADDR=f"192.0.2.{n}")
    for n in range(3):
        client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"192.0.2.{10 + n}")
    owner = Client(REMOTE_ADDR="203.0.113.7")
    assert LOCKED in _log_in(owner, user.username, "gammelt-passord-1").content.decode()
    assert owner.post(RESET, {"email": user.email}).status_code == 429
    link = re.search(r"/konto/nytt-passord/[^/\s]+/[^/\s]+/", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    form = owner.get(link[0], follow=True)
    assert form.status_code == 200
    done = owner.post(
        form.redirect_chain[-1][0],
        {"new_password1": "nytt-passord-2026", "new_password2": "nytt-passord-2026"},
    )
    assert done.status_code == 302 and done["Location"] == "/konto/nytt-passord/ferdig/"
    assert _log_in(owner, user.username, "nytt-passord-2026").status_code == 302
