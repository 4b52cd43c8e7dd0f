"""Log-in through OpenID Connect, end to end against a real provider on 127.0.0.1.

The provider (oidc_provider.py) runs in a thread; django-allauth talks to it over HTTP for
discovery, the token and userinfo, and the test carries the browser's redirects between
Django's test client and the provider.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from samson.accounts import services
from samson.accounts.models import Membership, Organisation, User
from samson.accounts.oidc_config import (
    OIDCConfigurationError,
    acr_sufficient,
    form_action_origins,
    socialaccount_providers,
)
from samson.accounts.oidc_tokens import unseal
from samson.accounts.oidc_views import SESSION_KEY
from samson.accounts.tests.factories import UserFactory
from samson.audit.models import AuditEntry

from .oidc_provider import OIDCTestProvider, serve

PID = "24079412345"
SUB = "pairwise-subject-7Hq2"
LOGIN_URL = "/konto/oidc/idporten/login/"


@pytest.fixture
def provider() -> Iterator[OIDCTestProvider]:
    provider = OIDCTestProvider(person={"sub": SUB, "pid": PID})
    server, _thread = serve(provider)
    yield provider
    server.shutdown()
    server.server_close()


def _idporten(provider: OIDCTestProvider, **extra: Any) -> dict[str, Any]:
    return {
        "id": "idporten",
        "name": "ID-porten",
        "server_url": provider.issuer,
        "client_id": provider.client_id,
        "secret": provider.client_secret,
        "min_acr": "idporten-loa-substantial",
        "scope": ["openid", "profile"],
        **extra,
    }


@pytest.fixture
def configured(settings: Any, provider: OIDCTestProvider) -> OIDCTestProvider:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers([_idporten(provider)])
    return provider


def _log_in(client: Any, provider: OIDCTestProvider, *, next: str = "", query: str = "") -> Any:
    """Press the log-in button, let the provider answer, and return SAMSON's last reply."""
    start = client.post(LOGIN_URL + query, {"next": next} if next else {})
    assert start.status_code == 302, start.content.decode()
    authorize = start["Location"]
    assert authorize.startswith(provider.issuer + "/authorize?")
    answer = requests.get(authorize, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    assert callback.netloc == "testserver"
    return client.get(f"{callback.path}?{callback.query}")


def _invitation(email: str = "kari@kommune.no") -> tuple[Any, str]:
    invitation, token = services.invitation_create(
        email=email,
        organisation=Organisation.objects.create(name="Vik kommune"),
        invited_by=None,
        site_url="http://testserver",
    )
    return invitation, reverse("accounts:invitation", kwargs={"token": token})


def _rows_containing(value: str) -> list[str]:
    """Every stored row, in every table, whose text contains `value`; sessions decoded."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                if value in " ".join(str(cell) for cell in row):
                    found.append(f"{table}: {row!r}")
    for session in Session.objects.all():
        if value in repr(session.get_decoded()):
            found.append(f"session {session.session_key}")
    return found


# -- configuration ---------------------------------------------------------------------------


def test_providers_become_allauth_apps_with_pkce_and_acr_values() -> None:
    result = socialaccount_providers(
        [
            {
                "id": "idporten",
                "name": "ID-porten",
                "server_url": "https://idporten.no",
                "client_id": "abc",
                "secret": "s",
                "min_acr": "idporten-loa-substantial",
                "authorization_origin": "https://login.idporten.no",
            },
            {
                "id": "entra",
                "name": "Microsoft Entra ID",
                "server_url": "https://login.microsoftonline.com/TENANT/v2.0",
                "client_id": "def",
                "secret": "t",
                "trust_email": True,
            },
        ]
    )
    assert result == {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "idporten",
                    "name": "ID-porten",
                    "client_id": "abc",
                    "secret": "s",
                    "settings": {
                        "server_url": "https://idporten.no",
                        "oauth_pkce_enabled": True,
                        "uid_field": "sub",
                        "min_acr": "idporten-loa-substantial",
                        "acr_levels": [
                            "idporten-loa-low",
                            "idporten-loa-substantial",
                            "idporten-loa-high",
                        ],
                        "auth_params": {"acr_values": "idporten-loa-substantial"},
                    },
                },
                {
                    "provider_id": "entra",
                    "name": "Microsoft Entra ID",
                    "client_id": "def",
                    "secret": "t",
                    "settings": {
                        "server_url": "https://login.microsoftonline.com/TENANT/v2.0",
                        "oauth_pkce_enabled": True,
                        "uid_field": "sub",
                        "trust_email": True,
                    },
                },
            ],
        }
    }


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        ({"id": "x", "name": "X", "server_url": "https://x"}, "lacks client_id"),
        (
            {"id": "x", "name": "X", "server_url": "https://x", "client_id": "c", "pid": 1},
            "unknown keys: pid",
        ),
        ({"id": "X Y", "name": "X", "server_url": "https://x", "client_id": "c"}, "lower-case"),
        (
            {"id": "x", "name": "X", "server_url": "https://x", "client_id": "c", "min_acr": "4"},
            "min_acr '4' is not in",
        ),
    ],
)
def test_unusable_provider_configuration_is_refused(provider: Any, message: str) -> None:
    with pytest.raises(OIDCConfigurationError, match=message):
        socialaccount_providers([provider])


def test_provider_ids_must_differ() -> None:
    one = {"id": "a", "name": "A", "server_url": "https://a", "client_id": "c"}
    with pytest.raises(OIDCConfigurationError, match="must differ"):
        socialaccount_providers([one, one])


@pytest.mark.parametrize(
    ("acr", "expected"),
    [
        ("idporten-loa-high", True),
        ("idporten-loa-substantial", True),
        ("idporten-loa-low", False),
        ("Level4", False),
        (None, False),
        (3, False),
    ],
)
def test_acr_at_least_the_minimum(acr: Any, expected: bool) -> None:
    levels = ["idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high"]
    assert acr_sufficient(acr, "idporten-loa-substantial", levels) is expected


def test_form_action_allows_each_providers_authorization_origin() -> None:
    providers = [
        {"server_url": "https://idporten.no", "authorization_origin": "https://login.idporten.no"},
        {"server_url": "https://login.microsoftonline.com/T/v2.0"},
        {"server_url": "https://login.microsoftonline.com/U/v2.0"},
    ]
    assert form_action_origins(providers) == [
        "https://login.idporten.no",
        "https://login.microsoftonline.com",
    ]


# -- the log-in page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_log_in_page_has_a_button_per_provider(client: Any, settings: Any, provider: Any) -> None:
    entra = {
        "id": "entra",
        "name": "Microsoft Entra ID",
        "server_url": "https://login.microsoftonline.com/T/v2.0",
        "client_id": "c",
    }
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers([_idporten(provider), entra])
    page = client.get(reverse("accounts:login")).content.decode()
    assert page.count('<button type="submit" class="ds-button" data-variant="secondary">') == 2
    assert 'action="/konto/oidc/idporten/login/"' in page
    assert "Logg inn med ID-porten" in page
    assert 'action="/konto/oidc/entra/login/"' in page
    assert "Logg inn med Microsoft Entra ID" in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_without_providers_the_log_in_page_has_no_buttons(client: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers([])
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logg inn med" not in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_password_log_in_still_works_beside_oidc(client: Any, configured: Any) -> None:
    user = UserFactory.create()
    reply = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "passord-123"}
    )
    assert reply["Location"] == reverse("projects:list")
    assert client.get(reverse("projects:list")).status_code == 200


# -- the flow end to end ---------------------------------------------------------------------


@pytest.mark.django_db
def test_invited_person_logs_in_through_idporten_and_accepts(client: Any, configured: Any) -> None:
    invitation, invitation_url = _invitation()
    page = client.get(invitation_url).content.decode()
    assert 'action="/konto/oidc/idporten/login/"' in page
    assert f'name="next" value="{invitation_url}"' in page

    reply = _log_in(client, configured, next=invitation_url)

    assert reply.status_code == 302
    assert reply["Location"] == invitation_url
    user = User.objects.get()
    assert (user.username, user.email) == ("kari@kommune.no", "kari@kommune.no")
    assert not user.has_usable_password()
    assert list(user.memberships.all()) == []
    assert client.get(invitation_url).context["mode"] == "accept"
    accepted = client.post(invitation_url)
    assert accepted["Location"] == reverse("projects:list")
    assert [(m.organisation.name, m.role) for m in user.memberships.all()] == [
        ("Vik kommune", Membership.Role.FACILITATOR)
    ]
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (user, "idporten", SUB)
    # The provider saw the PKCE challenge and checked the verifier; SAMSON asked for the level.
    request = configured.authorize_requests[-1]
    assert request["code_challenge_method"] == "S256"
    assert len(request["code_challenge"]) == 43
    assert request["acr_values"] == "idporten-loa-substantial"
    assert sorted(request["scope"].split()) == ["openid", "profile"]
    assert len(configured.verified_code_verifiers) == 1
    assert configured.errors == []
    # The audit log names the provider, never the subject or the identity number.
    logins = AuditEntry.objects.filter(action="account.login")
    assert [(e.actor, e.details) for e in logins] == [
        (user, {"method": "oidc", "provider": "idporten"})
    ]
    assert SUB not in str(list(AuditEntry.objects.values()))


@pytest.mark.django_db
def test_national_identity_number_is_never_stored(client: Any, configured: Any) -> None:
    _invitation_obj, invitation_url = _invitation()
    _log_in(client, configured, next=invitation_url)
    client.post(invitation_url)
    client.post(reverse("accounts:logout"))
    _log_in(client, configured)  # a second log-in updates the stored claims

    account = SocialAccount.objects.get()
    assert account.extra_data == {
        "id_token": {
            "sub": SUB,
            "acr": "idporten-loa-substantial",
            "amr": ["TestID"],
            "iss": configured.issuer,
            "aud": configured.client_id,
            "iat": account.extra_data["id_token"]["iat"],
            "exp": account.extra_data["id_token"]["exp"],
            "auth_time": account.extra_data["id_token"]["auth_time"],
        },
        "userinfo": {"sub": SUB},
    }
    assert _rows_containing(PID) == []
    assert _rows_containing(SUB) != []  # the scan does see what is stored


@pytest.mark.django_db
def test_linked_account_logs_in_again(client: Any, configured: Any) -> None:
    _invitation_obj, invitation_url = _invitation()
    _log_in(client, configured, next=invitation_url)
    client.post(reverse("accounts:logout"))

    reply = _log_in(client, configured)

    assert reply["Location"] == reverse("projects:list")
    assert User.objects.count() == 1
    assert client.get(reverse("projects:list")).status_code == 200


@pytest.mark.django_db
def test_deactivated_account_is_refused(client: Any, configured: Any) -> None:
    _invitation_obj, invitation_url = _invitation()
    _log_in(client, configured, next=invitation_url)
    client.post(reverse("accounts:logout"))
    User.objects.update(is_active=False)

    reply = _log_in(client, configured)

    assert reply.status_code == 403
    assert "SAMSON-kontoen din er deaktivert." in reply.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verified_email_links_the_existing_account(client: Any, configured: Any) -> None:
    user = User.objects.create_user(username="ola", email="Ola@Kommune.no", password="passord-123")
    configured.person = {"sub": "s-ola", "pid": PID, "email": "ola@kommune.no"}
    configured.person["email_verified"] = True

    reply = _log_in(client, configured)

    assert reply["Location"] == reverse("projects:list")
    assert SocialAccount.objects.get().user == user
    assert User.objects.count() == 1
    client.post(reverse("accounts:logout"))
    user.refresh_from_db()
    assert user.check_password("passord-123")  # the local password keeps working


@pytest.mark.django_db
def test_unverified_email_links_nothing_and_is_refused(client: Any, configured: Any) -> None:
    UserFactory.create(username="ola", email="ola@kommune.no")
    configured.person = {"sub": "s-ola", "pid": PID, "email": "ola@kommune.no"}

    reply = _log_in(client, configured)

    assert reply.status_code == 403
    assert "Ingen SAMSON-konto er knyttet til innloggingen din gjennom ID-porten." in (
        reply.content.decode()
    )
    assert SocialAccount.objects.count() == 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_stranger_without_invitation_is_refused(client: Any, configured: Any) -> None:
    reply = _log_in(client, configured)

    assert reply.status_code == 403
    page = reply.content.decode()
    assert "Ingen SAMSON-konto er knyttet til innloggingen din gjennom ID-porten." in page
    assert "Be administratoren i organisasjonen din om en invitasjon" in page
    assert User.objects.count() == 0
    assert _rows_containing(PID) == []


@pytest.mark.django_db
def test_log_in_below_the_minimum_acr_is_refused(client: Any, configured: Any) -> None:
    _invitation_obj, invitation_url = _invitation()
    configured.acr = "idporten-loa-low"

    reply = _log_in(client, configured, next=invitation_url)

    assert reply.status_code == 403
    assert (
        "Du logget inn gjennom ID-porten på et for lavt sikkerhetsnivå. SAMSON krever minst "
        "nivået idporten-loa-substantial."
    ) in reply.content.decode()
    assert User.objects.count() == 0
    assert SocialAccount.objects.count() == 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_asking_for_a_lower_level_does_not_help(client: Any, configured: Any) -> None:
    """allauth lets the request add auth_params; the returned acr is what counts."""
    _invitation_obj, invitation_url = _invitation()
    query = "?" + urlencode({"auth_params": "acr_values=idporten-loa-low"})

    reply = _log_in(client, configured, next=invitation_url, query=query)

    assert configured.authorize_requests[-1]["acr_values"] == "idporten-loa-low"
    assert reply.status_code == 403
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_high_level_is_above_the_minimum(client: Any, configured: Any) -> None:
    _invitation_obj, invitation_url = _invitation()
    configured.acr = "idporten-loa-high"

    reply = _log_in(client, configured, next=invitation_url)

    assert reply["Location"] == invitation_url
    assert SocialAccount.objects.get().extra_data["id_token"]["acr"] == "idporten-loa-high"


@pytest.mark.django_db
def test_a_forged_callback_logs_nobody_in(client: Any, configured: Any) -> None:
    start = client.post(LOGIN_URL)
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    callback = "/konto/oidc/idporten/login/callback/"

    forged_state = client.get(f"{callback}?code=made-up&state=made-up")
    forged_code = client.get(f"{callback}?{urlencode({'code': 'made-up', 'state': state})}")

    assert forged_state.status_code == 401
    assert forged_code.status_code == 401
    assert "Innloggingen mislyktes" in forged_code.content.decode()
    assert configured.errors == ["unknown or used code"]
    assert "_auth_user_id" not in client.session


# -- what the provider says must hold together -----------------------------------------------


@pytest.mark.parametrize(
    "server_url",
    ["http://idporten.no", "http://10.0.0.5:8080", "ftp://idporten.no", "http://127.0.0.1.evil.no"],
)
def test_server_url_must_be_https_outside_this_machine(server_url: str) -> None:
    provider = {"id": "x", "name": "X", "server_url": server_url, "client_id": "c"}
    with pytest.raises(OIDCConfigurationError, match="server_url must be https"):
        socialaccount_providers([provider])


@pytest.mark.parametrize(
    "server_url", ["https://idporten.no", "http://127.0.0.1:8081", "http://localhost:9000"]
)
def test_https_and_local_http_server_urls_are_accepted(server_url: str) -> None:
    provider = {"id": "x", "name": "X", "server_url": server_url, "client_id": "c"}
    app = socialaccount_providers([provider])["openid_connect"]["APPS"][0]
    assert app["settings"]["server_url"] == server_url


@pytest.mark.django_db
def test_userinfo_for_another_subject_is_refused(client: Any, configured: Any) -> None:
    """OpenID Connect Core 5.3.2: allauth takes the account from userinfo's sub."""
    victim = UserFactory.create()
    SocialAccount.objects.create(user=victim, provider="idporten", uid="victim-sub")
    configured.userinfo_sub = "victim-sub"

    reply = _log_in(client, configured)

    assert reply.status_code == 401
    assert "Innloggingen mislyktes" in reply.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_discovery_naming_another_issuer_is_refused(client: Any, configured: Any) -> None:
    configured.discovery_issuer = "https://idporten.no"

    reply = client.post(LOGIN_URL)

    assert reply.status_code == 401
    assert "Innloggingen mislyktes" in reply.content.decode()
    assert configured.authorize_requests == []


@pytest.mark.django_db
def test_unreachable_provider_shows_the_failed_page(client: Any, settings: Any) -> None:
    config = {"id": "idporten", "name": "ID-porten", "client_id": "c", "secret": "s"}
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        [{**config, "server_url": "http://127.0.0.1:9"}]
    )

    reply = client.post(LOGIN_URL)

    assert reply.status_code == 401
    assert "Innloggingen mislyktes" in reply.content.decode()


@pytest.mark.django_db
def test_failed_and_cancelled_pages_are_routed(client: Any) -> None:
    cancelled = client.get(reverse("socialaccount_login_cancelled"))
    failed = client.get(reverse("socialaccount_login_error"))
    assert (cancelled.status_code, failed.status_code) == (200, 401)
    for reply in (cancelled, failed):
        page = reply.content.decode()
        assert '<h1 class="ds-heading" data-size="lg">Innloggingen mislyktes</h1>' in page
        assert f'href="{reverse("accounts:login")}"' in page


@pytest.mark.django_db
def test_session_keeps_the_id_token_sealed(client: Any, configured: Any) -> None:
    """The ID token (with ID-porten's pid) is in the session only encrypted, for the log-out."""
    _invitation_obj, invitation_url = _invitation()
    _log_in(client, configured, next=invitation_url)

    remembered = client.session[SESSION_KEY]
    assert remembered["provider"] == "idporten"
    assert PID not in remembered["id_token"]
    id_token = unseal(remembered["id_token"])
    assert id_token is not None
    assert jwt.decode(id_token, options={"verify_signature": False})["pid"] == PID
    assert unseal(remembered["id_token"][:-4] + "AAAA") is None
    # No end_session_endpoint in this provider's discovery: the log-out stays at SAMSON.
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("core:home")
    assert SESSION_KEY not in client.session
