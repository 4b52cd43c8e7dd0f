import re

import pytest
from django.core import mail
from django.urls import reverse

from samson.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_log_in_and_out(client):
    user = UserFactory.create()
    reply = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "passord-123"}
    )
    assert reply["Location"] == reverse("projects:list")
    assert client.get(reverse("projects:list")).status_code == 200
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("core:home")
    assert client.get(reverse("projects:list")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_a_clear_error(client):
    user = UserFactory.create()
    reply = client.post(reverse("accounts:login"), {"username": user.username, "password": "x"})
    assert reply.status_code == 200
    assert (
        "E-postadressen eller passordet er feil. Passordet skiller mellom store og små bokstaver."
        in reply.content.decode()
    )


@pytest.mark.django_db
def test_password_reset_by_e_mail(client):
    user = UserFactory.create()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/konto/nytt-passord/[^/]+/[^/]+/)", str(mail.outbox[0].body)
    )
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Et-nytt-passord-42", "new_password2": "Et-nytt-passord-42"}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Et-nytt-passord-42")


@pytest.mark.django_db
def test_log_out_only_by_post(client):
    client.force_login(UserFactory.create())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("projects:list")).status_code == 200
