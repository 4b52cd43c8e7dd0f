"""Log-in through OpenID Connect in a real browser, against the test provider on 127.0.0.1,
under the site's Content-Security-Policy, with axe on every page of the flow."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.oidc_config import form_action_origins, socialaccount_providers
from samson.accounts.services import invitation_create
from samson.testing.axe import assert_accessible

from .certified_provider import CLIENT_ID, CLIENT_SECRET, certified_provider
from .oidc_provider import OIDCTestProvider, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PID = "24079412345"


@pytest.fixture
def provider(settings: Any) -> Iterator[OIDCTestProvider]:
    provider = OIDCTestProvider(person={"sub": "pairwise-browser", "pid": PID})
    server, _thread = serve(provider)
    config = [
        {
            "id": "idporten",
            "name": "ID-porten",
            "server_url": provider.issuer,
            "client_id": provider.client_id,
            "secret": provider.client_secret,
            "min_acr": "idporten-loa-substantial",
        }
    ]
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(config)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += form_action_origins(config)
    settings.CONTENT_SECURITY_POLICY = policy
    yield provider
    server.shutdown()
    server.server_close()


def _page(page: Any, h1: str) -> None:
    assert page.locator("h1").inner_text() == h1
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}], ids=["360px"])
def test_log_in_through_idporten_in_a_browser(
    page: Any, live_server: Any, provider: OIDCTestProvider
) -> None:
    base = live_server.url
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _invitation, token = invitation_create(
        email="kari@kommune.no",
        organisation=Organisation.objects.create(name="Vik kommune"),
        invited_by=None,
        site_url=base,
    )

    # The log-in page: the password form and one button per provider.
    page.goto(f"{base}/konto/logg-inn/")
    _page(page, "Logg inn")
    assert page.get_by_role("button", name="Logg inn med ID-porten").count() == 1

    # A stranger is refused at the level required.
    provider.acr = "idporten-loa-low"
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    page.wait_for_url(f"{base}/konto/oidc/idporten/login/callback/*")
    _page(page, "Innloggingen ble avvist")
    assert "for lavt sikkerhetsnivå" in page.locator("main").inner_text()

    # The invited person logs in through the provider from the invitation and accepts it.
    provider.acr = None
    page.goto(f"{base}/konto/invitasjon/{token}/")
    _page(page, "Godta invitasjonen")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    page.wait_for_url(f"{base}/konto/invitasjon/{token}/")
    _page(page, "Godta invitasjonen")
    page.get_by_role("button", name="Godta invitasjonen").click()
    page.wait_for_url(f"{base}/prosjekter/")
    user = User.objects.get(username="kari@kommune.no")
    assert [m.organisation.name for m in Membership.objects.filter(user=user)] == ["Vik kommune"]
    assert "pid" not in str(SocialAccount.objects.get().extra_data)

    # Opening the start of the flow directly asks before leaving for the provider.
    page.goto(f"{base}/konto/oidc/idporten/login/")
    _page(page, "Logg inn med ID-porten")
    assert len(provider.verified_code_verifiers) == 2  # the refused log-in and this one
    assert provider.errors == []
    assert violations == []


@pytest.fixture
def certified(settings: Any, live_server: Any) -> Iterator[str]:
    """panva's oidc-provider (OpenID Certified) for this live server, configured as "Certified"."""
    base = live_server.url
    with certified_provider(
        redirect_uri=f"{base}/konto/oidc/panva/login/callback/",
        post_logout_redirect_uri=f"{base}/",
    ) as issuer:
        config = [
            {
                "id": "panva",
                "name": "Certified",
                "server_url": issuer,
                "client_id": CLIENT_ID,
                "secret": CLIENT_SECRET,
            }
        ]
        settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(config)
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] += form_action_origins(config)
        settings.CONTENT_SECURITY_POLICY = policy
        yield issuer


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}], ids=["desktop"])
def test_log_out_ends_the_certified_providers_session_in_a_browser(
    page: Any, live_server: Any, certified: str
) -> None:
    """The shared-PC case in Chromium, under the site's Content-Security-Policy: after "Logg
    ut", pressing the provider's button again asks for a login instead of logging the last
    person in; cancelling there shows the failed page. (The provider's own pages are not
    SAMSON's, so axe checks only SAMSON's.)"""
    base = live_server.url
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # The provider's development pages import a web font; there is no network here.
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    user = User.objects.create_user(username="kari@kommune.no", password=None)
    SocialAccount.objects.create(user=user, provider="panva", uid="kari")

    def press_the_provider_button() -> None:
        page.goto(f"{base}/konto/logg-inn/")
        page.get_by_role("button", name="Logg inn med Certified").click()
        page.wait_for_url(f"{certified}/interaction/*")

    press_the_provider_button()
    page.locator('input[name="login"]').fill("kari")
    page.locator('input[name="password"]').fill("any")
    page.locator('button[type="submit"]').click()
    page.get_by_role("button", name="Continue").click()  # consent, the first time
    page.wait_for_url(f"{base}/prosjekter/")
    _page(page, "Mine prosjekter")

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{certified}/session/end*")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/")

    press_the_provider_button()
    assert page.locator('input[name="login"]').count() == 1
    # The next person cancels there: SAMSON's translated page, with the way back.
    page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_url(f"{base}/konto/oidc/avbrutt/")
    _page(page, "Innloggingen mislyktes")
    page.get_by_role("link", name="Tilbake til innlogging").click()
    page.wait_for_url(f"{base}/konto/logg-inn/")
    page.goto(f"{base}/prosjekter/")
    assert page.url.startswith(f"{base}/konto/logg-inn/")  # nobody is logged in at SAMSON
    assert violations == []
