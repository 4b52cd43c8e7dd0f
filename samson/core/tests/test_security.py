"""Security hardening: deploy checks, log-in throttling, escaping, CSRF and the CSP."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samson.accounts.tests.factories import UserFactory
from samson.config.settings import base
from samson.core.models import ThrottleCount
from samson.projects import services as project_services
from samson.projects.models import Party, Project
from samson.responses.models import Answer
from samson.testing.html import inline_code
from samson.testing.rounds import answer, grid_answers, parties_of, spec

PAYLOAD = '<script>alert("x")</script><img src=x onerror="alert(1)">'
ESCAPED = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
)
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- production settings ----------------------------------------------------------------------


def test_production_settings_pass_the_deploy_checks_without_warnings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SAMSON_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="samson.config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="samson.example.kommune.no",
        DJANGO_STATIC_ROOT=str(tmp_path),
        SAMSON_SECURITY_CONTACT="mailto:sikkerhet@example.kommune.no",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "samson", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


def test_production_settings_need_a_secret_key():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SAMSON_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="samson.config.settings.production")
    result = subprocess.run(
        [sys.executable, "-m", "samson", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in result.stderr


def test_sessions_last_a_working_day_and_end_with_the_browser(client, db):
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE) == (
        9 * 60 * 60,
        True,
    )
    user = UserFactory.create(username="prosessleder@example.no")
    reply = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "passord-123"}
    )
    assert reply.status_code == 302
    cookie = reply.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["expires"], cookie["max-age"], cookie["httponly"]) == ("", "", True)
    assert client.session.get_expiry_age() == 9 * 60 * 60


# --- log-in throttling ------------------------------------------------------------------------


def _log_in(client: Client, username: str, password: str, url: str = "") -> Any:
    return client.post(
        url or reverse("accounts:login"), {"username": username, "password": password}
    )


def test_guessing_one_accounts_password_stops_after_five_failures(db):
    user = UserFactory.create(username="kari@example.no")
    for number in range(5):
        guess = Client(REMOTE_ADDR=f"10.0.0.{number}")  # a different address each time
        assert _log_in(guess, user.username, f"gjett-{number}").status_code == 200
    # Even the right password is refused now, from anywhere, with a message saying why.
    client = Client(REMOTE_ADDR="10.0.1.1")
    reply = _log_in(client, "KARI@example.no ", "passord-123")
    assert reply.status_code == 200
    assert (
        "For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen, "
        "eller lag et nytt passord." in reply.content.decode()
    )
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected.
    other = UserFactory.create(username="ola@example.no")
    assert _log_in(client, other.username, "passord-123").status_code == 302


def test_one_client_guessing_many_accounts_is_stopped(db):
    client = Client(REMOTE_ADDR="192.0.2.7")
    for number in range(20):
        _log_in(client, f"user{number}@example.no", "passord-123")
    user = UserFactory.create(username="kari@example.no")
    assert _log_in(client, user.username, "passord-123").status_code == 200
    assert _log_in(Client(REMOTE_ADDR="192.0.2.8"), user.username, "passord-123").status_code == (
        302
    )


def test_the_admin_log_in_is_throttled_too(db):
    admin = UserFactory.create(username="admin@example.no", is_staff=True, is_superuser=True)
    client = Client()
    url = reverse("admin:login")
    for _ in range(5):
        assert _log_in(client, admin.username, "feil", url).status_code == 200
    assert _log_in(client, admin.username, "passord-123", url).status_code == 200
    assert "_auth_user_id" not in client.session
    ThrottleCount.objects.update(expires_at=0)  # the window has passed
    assert _log_in(client, admin.username, "passord-123", url).status_code == 302


def test_a_successful_log_in_clears_the_accounts_count(db):
    user = UserFactory.create(username="kari@example.no")
    client = Client()
    for _ in range(4):
        _log_in(client, user.username, "feil")
    assert _log_in(client, user.username, "passord-123").status_code == 302
    client.logout()
    for _ in range(4):
        _log_in(client, user.username, "feil")
    assert _log_in(client, user.username, "passord-123").status_code == 302


# --- free text is escaped ---------------------------------------------------------------------


@pytest.fixture
def hostile(world) -> dict[str, Any]:
    """Project A with the payload in every free-text field a user can fill in."""
    project: Project = world["project_a"]
    Project.objects.filter(pk=project.pk).update(title=PAYLOAD, description=PAYLOAD)
    Party.objects.filter(pk=project.parties.all()[0].pk).update(name=PAYLOAD)
    round = project_services.round_open(round=world["round_a"])
    answered = answer(
        round, parties_of(round)["kommunen"], grid_answers(spec(round), FRI_BRA=PAYLOAD), 5
    )
    Answer.objects.filter(response=answered[0], item_id="FRI-BRA").update(
        released_at=timezone.now()
    )
    project_services.round_follow_up_publish(round=round, text=PAYLOAD)
    return {**world, "round": round}


def _pages(hostile: dict[str, Any]) -> list[tuple[str, Client]]:
    owner = Client()
    owner.force_login(hostile["owner_a"])
    anonymous = Client()
    project, round = hostile["project_a"], hostile["round"]
    ids = {"pk": project.pk, "round_pk": round.pk}
    results = {"project_pk": project.pk, "round_pk": round.pk}
    return [
        (reverse("projects:list"), owner),
        (reverse("projects:detail", kwargs={"pk": project.pk}), owner),
        (reverse("projects:parties", kwargs={"pk": project.pk}), owner),
        (reverse("projects:round", kwargs=ids), owner),
        (reverse("results:round", kwargs=results), owner),
        (reverse("results:freetext", kwargs=results), owner),
        (reverse("results:workshop", kwargs=results), owner),
        (reverse("results:compare", kwargs={"project_pk": project.pk}), owner),
        (reverse("participation:project", kwargs={"code": round.join_code}), anonymous),
    ]


def test_a_script_in_any_free_text_field_is_shown_as_text(hostile):
    for url, client in _pages(hostile):
        reply = client.get(url)
        assert reply.status_code == 200, url
        html = reply.content.decode()
        assert PAYLOAD not in html, url
        assert "onerror=" not in html.replace("onerror=&quot;", ""), url
    # Where each field appears, it appears escaped.
    owner = Client()
    owner.force_login(hostile["owner_a"])
    project, round = hostile["project_a"], hostile["round"]
    detail = owner.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    assert detail.count(ESCAPED) >= 3  # title, description, party name
    freetext = owner.get(
        reverse("results:freetext", kwargs={"project_pk": project.pk, "round_pk": round.pk})
    ).content.decode()
    assert ESCAPED in freetext
    public = Client().get(reverse("participation:project", kwargs={"code": round.join_code}))
    assert public.content.decode().count(ESCAPED) >= 2  # title and follow-up


# --- CSRF -------------------------------------------------------------------------------------


def test_forms_refuse_a_post_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    user = UserFactory.create(username="kari@example.no")
    assert _log_in(client, user.username, "passord-123").status_code == 403
    assert client.post(reverse("participation:join"), {"code": "ABCD"}).status_code == 403
    client.force_login(world["owner_a"])
    project = world["project_a"]
    assert client.post(reverse("projects:create"), {"title": "X"}).status_code == 403
    ids = {"pk": project.pk, "round_pk": world["round_a"].pk}
    assert client.post(reverse("projects:round_state", kwargs=ids), {"to": "apen"}).status_code == (
        403
    )
    assert client.post(reverse("accounts:logout")).status_code == 403
    # With the token from the page, the same log-in works.
    fresh = Client(enforce_csrf_checks=True)
    page = fresh.get(reverse("accounts:login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    reply = fresh.post(
        reverse("accounts:login"),
        {"username": user.username, "password": "passord-123", "csrfmiddlewaretoken": token[1]},
    )
    assert reply.status_code == 302


# --- Content-Security-Policy ------------------------------------------------------------------


def policy(header: str) -> dict[str, str]:
    """A policy header as directive -> sources (django-csp does not keep the order)."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_the_inline_finder_finds_what_the_policy_would_block():
    assert inline_code(
        '<p style="color:red" onclick="x()">a</p><script>x()</script><a href="javascript:x()">'
        '<script src="/s.js"></script><style>p{}</style>'
    ) == [
        "<p style=…>",
        "<p onclick=…>",
        "<script> with inline code",
        "<a href=javascript:…>",
        "<style>",
    ]


def test_every_page_has_the_policy_and_no_inline_code(hostile):
    anonymous = Client()
    # A solo assessment: starting it leads to its first answering page.
    start = anonymous.post(reverse("responses:start"), {"language": "nb"}, follow=True)
    pages = [
        *_pages(hostile),
        (reverse("core:home"), anonymous),
        (reverse("core:privacy"), anonymous),
        (reverse("core:accessibility"), anonymous),
        (reverse("accounts:login"), anonymous),
        (reverse("accounts:password_reset"), anonymous),
        (reverse("participation:join"), anonymous),
    ]
    assert start.status_code == 200
    checked = [start]
    for url, client in pages:
        reply = client.get(url)
        assert reply.status_code == 200, url
        checked.append(reply)
    for reply in checked:
        assert policy(reply["Content-Security-Policy"]) == policy(EXPECTED_CSP)
        assert inline_code(reply.content.decode()) == [], reply.request["PATH_INFO"]
    assert len(checked) == 16


def test_the_policy_in_settings_is_the_one_sent():
    directives = base.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in str(directives)
    assert "'unsafe-eval'" not in str(directives)


# --- security.txt -----------------------------------------------------------------------------


def test_security_txt(client, settings):
    settings.SAMSON_SECURITY_CONTACT = "mailto:sikkerhet@example.kommune.no"
    reply = client.get("/.well-known/security.txt")
    assert reply.status_code == 200
    assert reply["Content-Type"] == "text/plain; charset=utf-8"
    lines = reply.content.decode().splitlines()
    assert lines[0] == "Contact: mailto:sikkerhet@example.kommune.no"
    expires = lines[1].removeprefix("Expires: ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires)
    days = (datetime.fromisoformat(expires) - timezone.now()).days
    assert 180 <= days <= 182
    assert lines[2:] == [
        "Preferred-Languages: no, nb, nn, en",
        "Canonical: http://testserver/.well-known/security.txt",
    ]
