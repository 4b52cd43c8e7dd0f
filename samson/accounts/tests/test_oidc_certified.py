"""Log-in through panva's oidc-provider (OpenID Certified), started on 127.0.0.1 by the test.

The provider (oidc_provider.mjs, from npm) runs in Node for the whole module; its development
interactions take any login and password. The test is the browser: Django's test client for
SAMSON, a requests session (with the provider's cookies) for the provider, carrying each
redirect from one to the other — and, where an attacker would, changing what it carries.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from django.urls import reverse

from samson.accounts.oidc_config import socialaccount_providers
from samson.accounts.oidc_tokens import unseal
from samson.accounts.oidc_views import SESSION_KEY
from samson.accounts.tests.factories import UserFactory

from .certified_provider import CLIENT_ID, CLIENT_SECRET, certified_provider

LOGIN = "/konto/oidc/panva/login/"
CALLBACK = "http://testserver/konto/oidc/panva/login/callback/"
AFTER_LOGOUT = "http://testserver/"
FAILED = "Innloggingen mislyktes"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with certified_provider(redirect_uri=CALLBACK, post_logout_redirect_uri=AFTER_LOGOUT) as url:
        yield url


@pytest.fixture
def provider(settings: Any, issuer: str) -> str:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        [
            {
                "id": "panva",
                "name": "Certified",
                "server_url": issuer,
                "client_id": CLIENT_ID,
                "secret": CLIENT_SECRET,
            }
        ]
    )
    return issuer


@pytest.fixture
def user(db: Any) -> Any:
    """An account already linked to the provider's subject "kari" (any login is a subject)."""
    user = UserFactory.create(username="kari@kommune.no")
    SocialAccount.objects.create(user=user, provider="panva", uid="kari")
    return user


class Provider:
    """The browser's side at the provider: its cookies, and the redirects among its pages."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self.session = requests.Session()

    def go(self, url: str, data: dict[str, str] | None = None) -> requests.Response:
        """Request `url` (POST with data) and follow redirects as long as they stay here."""
        if data is None:
            response = self.session.get(url, allow_redirects=False, timeout=10)
        else:
            response = self.session.post(url, data=data, allow_redirects=False, timeout=10)
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(self.issuer + "/"):
                break
            response = self.session.get(target, allow_redirects=False, timeout=10)
        return response

    def form(self, page: requests.Response) -> str:
        """The action of the page's form, as an absolute URL."""
        match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        assert match, page.text
        return str(urljoin(str(page.url), match.group(1)))

    def log_in(self, page: requests.Response, login: str) -> requests.Response:
        """Log in on the provider's log-in page, then consent; the redirect back to SAMSON."""
        assert 'name="login"' in page.text, page.text
        consent = self.go(self.form(page), {"prompt": "login", "login": login, "password": "x"})
        if consent.is_redirect:
            return consent  # consent given before
        assert 'name="prompt" value="consent"' in consent.text, consent.text
        return self.go(self.form(consent), {"prompt": "consent"})


def _start(client: Any, at: Provider) -> requests.Response:
    """Press the log-in button; the provider's answer to the authorization request."""
    start = client.post(LOGIN)
    assert start.status_code == 302, start.content.decode()
    assert start["Location"].startswith(at.issuer + "/auth?")
    return at.go(start["Location"])


def _back(client: Any, answer: requests.Response, **changes: str | None) -> Any:
    """Carry the provider's redirect to SAMSON, with query parameters changed (None: dropped)."""
    assert answer.is_redirect, answer.text
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return client.get(f"{location.path}?{urlencode(query)}")


def _log_in(client: Any, at: Provider, login: str = "kari") -> Any:
    return _back(client, at.log_in(_start(client, at), login))


def _assert_failed(reply: Any, client: Any) -> None:
    if reply.status_code == 302:
        reply = client.get(reply["Location"])
    assert reply.status_code in (200, 401)
    page = reply.content.decode()
    assert f'<h1 class="ds-heading" data-size="lg">{FAILED}</h1>' in page
    assert f'href="{reverse("accounts:login")}"' in page
    assert "_auth_user_id" not in client.session


def test_log_in_through_a_certified_provider(client: Any, provider: str, user: Any) -> None:
    at = Provider(provider)
    answer = at.log_in(_start(client, at), "kari")
    callback = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert callback["iss"] == [provider]  # RFC 9207: the provider says who answers

    reply = _back(client, answer)

    assert reply.status_code == 302
    assert reply["Location"] == reverse("projects:list")
    assert client.session["_auth_user_id"] == str(user.pk)
    # The ID token is kept for the log-out, sealed: not readable as a JWT in the session.
    remembered = client.session[SESSION_KEY]
    assert remembered["provider"] == "panva"
    assert not remembered["id_token"].startswith("eyJ")
    id_token = unseal(remembered["id_token"])
    assert id_token is not None
    claims = jwt.decode(id_token, options={"verify_signature": False})
    assert (claims["iss"], claims["aud"], claims["sub"]) == (provider, CLIENT_ID, "kari")


def test_cancel_at_the_provider_shows_the_log_in_failed_page(
    client: Any, provider: str, user: Any
) -> None:
    at = Provider(provider)
    page = _start(client, at)
    abort = re.search(r'href="([^"]*/abort)"', page.text)
    assert abort, page.text

    answer = at.go(urljoin(page.url, abort.group(1)))
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["access_denied"]
    reply = _back(client, answer)

    assert reply.status_code == 302
    assert reply["Location"] == reverse("socialaccount_login_cancelled")
    _assert_failed(reply, client)


def test_any_other_provider_error_shows_the_log_in_failed_page(
    client: Any, provider: str, user: Any
) -> None:
    at = Provider(provider)
    answer = at.log_in(_start(client, at), "kari")

    reply = _back(client, answer, code=None, error="server_error")

    assert reply.status_code == 401
    _assert_failed(reply, client)


def test_tampered_id_token_is_refused(
    client: Any, provider: str, user: Any, monkeypatch: Any
) -> None:
    """An ID token whose payload was changed on the way (another subject) fails its signature,
    though it came from the token endpoint: on plain http that is no guarantee."""
    real = OAuth2Client.get_access_token

    def tampered(self: Any, *args: Any, **kwargs: Any) -> Any:
        data = real(self, *args, **kwargs)
        header, payload, signature = data["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = "someone-else"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        data["id_token"] = f"{header}.{forged}.{signature}"
        return data

    monkeypatch.setattr(OAuth2Client, "get_access_token", tampered)
    SocialAccount.objects.create(user=UserFactory.create(), provider="panva", uid="someone-else")

    reply = _log_in(client, Provider(provider))

    assert reply.status_code == 401
    _assert_failed(reply, client)


def test_unsigned_id_token_is_refused(
    client: Any, provider: str, user: Any, monkeypatch: Any
) -> None:
    real = OAuth2Client.get_access_token

    def unsigned(self: Any, *args: Any, **kwargs: Any) -> Any:
        data = real(self, *args, **kwargs)
        claims = jwt.decode(data["id_token"], options={"verify_signature": False})
        data["id_token"] = jwt.encode(claims, key="", algorithm="none")
        return data

    monkeypatch.setattr(OAuth2Client, "get_access_token", unsigned)

    reply = _log_in(client, Provider(provider))

    assert reply.status_code == 401
    _assert_failed(reply, client)


@pytest.mark.parametrize("iss", ["http://127.0.0.1:1", "", None], ids=["other", "empty", "none"])
def test_authorization_response_from_another_issuer_is_refused(
    client: Any, provider: str, user: Any, iss: str | None
) -> None:
    """A mix-up (RFC 9207): the response names another issuer, or none though this provider
    announces authorization_response_iss_parameter_supported."""
    at = Provider(provider)
    answer = at.log_in(_start(client, at), "kari")

    reply = _back(client, answer, iss=iss)

    assert reply.status_code == 401
    _assert_failed(reply, client)


def test_log_out_ends_the_provider_session(client: Any, provider: str, user: Any) -> None:
    at = Provider(provider)
    assert _log_in(client, at)["Location"] == reverse("projects:list")
    # While the provider's session lives, the next log-in needs no password: this is what
    # the next person at a shared PC would get.
    again = _start(client, at)
    assert again.is_redirect
    assert _back(client, again)["Location"] == reverse("projects:list")

    logout = client.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in client.session
    assert logout.status_code == 302
    end = urlsplit(logout["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{provider}/session/end"
    query = parse_qs(end.query)
    assert query["post_logout_redirect_uri"] == [AFTER_LOGOUT]
    assert query["client_id"] == [CLIENT_ID]
    hint = jwt.decode(query["id_token_hint"][0], options={"verify_signature": False})
    assert hint["sub"] == "kari"
    confirm = at.go(logout["Location"])
    assert "Do you want to sign-out" in confirm.text
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', confirm.text)
    assert xsrf, confirm.text
    done = at.go(at.form(confirm), {"xsrf": xsrf.group(1), "logout": "yes"})
    assert done.headers["Location"] == AFTER_LOGOUT
    # The provider's session is gone: the next log-in asks for a login and password again.
    page = _start(client, at)
    assert page.status_code == 200
    assert 'name="login"' in page.text
    assert "_auth_user_id" not in client.session


def test_password_log_out_stays_at_samson(client: Any, provider: str) -> None:
    user = UserFactory.create()
    client.force_login(user)

    logout = client.post(reverse("accounts:logout"))

    assert logout["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session
