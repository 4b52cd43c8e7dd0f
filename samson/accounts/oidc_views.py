"""The OpenID Connect flow: allauth's openid_connect provider with SAMSON's checks added.

Beside what allauth does (state, PKCE, the code exchange), a log-in here:

- fails on any discovery document whose `issuer` is not the configured server_url;
- checks the `iss` of the authorization response (RFC 9207): it must be the provider's issuer
  when present, and present when the provider says it sends it;
- verifies every ID token against the provider's keys (oidc_tokens.verify_id_token);
- requires the userinfo `sub` to be the ID token's (OpenID Connect Core 5.3.2);
- keeps the ID token, sealed, in the session, so that "Logg ut" can end the provider's session
  too (OpenID Connect RP-Initiated Logout 1.0).

Every failure is answered by allauth's error page (socialaccount/authentication_error.html,
"The log-in failed", status 401) or, for a cancelled log-in, a redirect to the same page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from requests import RequestException

from .oidc_tokens import IDTokenError, seal, unseal, verify_id_token

logger = logging.getLogger(__name__)

# The session key of the log-in's provider and sealed ID token, for the log-out.
SESSION_KEY = "samson_oidc_logout"


def _same_issuer(a: str, b: str) -> bool:
    # Issuers compare as strings (OpenID Connect Discovery 1.0, 4.3); a trailing slash is the
    # one difference forgiven, as configurations are written by hand.
    return a.rstrip("/") == b.rstrip("/")


class OIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter with the checks listed in the module docstring."""

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            with get_adapter().get_requests_session() as session:
                response = session.get(provider.server_url)
                response.raise_for_status()
                config = response.json()
            if not isinstance(config, dict):
                raise OAuth2Error("the discovery document is not a JSON object")
            issuer = config.get("issuer")
            if not isinstance(issuer, str) or not _same_issuer(
                issuer, provider.app.settings["server_url"]
            ):
                raise OAuth2Error(f"the discovery document names another issuer: {issuer!r}")
            self._openid_config = config
        return self._openid_config

    def response_issuer_problem(self, iss: str | None) -> str | None:
        """Why the authorization response's `iss` is not acceptable (RFC 9207, 2.4), or None."""
        config = self.openid_config
        if iss is None:
            if config.get("authorization_response_iss_parameter_supported") is True:
                return "the authorization response has no iss, though the provider sends it"
            return None
        if iss != config["issuer"]:
            return f"the authorization response comes from another issuer: {iss!r}"
        return None

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        id_token = kwargs["response"].get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise OAuth2Error("the token response has no ID token")
        config = self.openid_config
        with get_adapter().get_requests_session() as session:
            response = session.get(config["jwks_uri"])
            response.raise_for_status()
            jwks = response.json()
        try:
            claims = verify_id_token(
                id_token,
                jwks=jwks if isinstance(jwks, dict) else {},
                issuer=config["issuer"],
                client_id=app.client_id,
                algorithms=config.get("id_token_signing_alg_values_supported"),
            )
        except IDTokenError as error:
            raise OAuth2Error(str(error)) from error
        jwtkit.verify_jti(claims)  # allauth's replay check for tokens that carry a jti
        data: dict[str, Any] = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            # allauth takes the account's uid from userinfo: it must be the verified subject.
            if not isinstance(userinfo, dict) or userinfo.get("sub") != claims["sub"]:
                raise OAuth2Error("the userinfo sub is not the ID token's sub")
            data["userinfo"] = userinfo
        login = self.get_provider().sociallogin_from_response(request, data)
        # Read by AccountAdapter.post_login once the person is logged in (oidc.py).
        login.samson_id_token = id_token
        return login


class _LoginView(OAuth2LoginView):
    def get_provider(self) -> Any:
        provider = super().get_provider()
        # The provider builds the authorization request with an adapter of its own class:
        # make it this one, so that discovery is checked there too.
        provider.oauth2_adapter_class = OIDCAdapter
        return provider

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except (OAuth2Error, RequestException) as error:
            # The provider's discovery document could not be read: say so, not 500.
            logger.warning("OIDC log-in could not start: %s", error)
            return render_authentication_error(request, self.get_provider(), exception=error)


class _CallbackView(OAuth2CallbackView):
    adapter: OIDCAdapter

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider = self.adapter.get_provider()
        try:
            problem = self.adapter.response_issuer_problem(request.GET.get("iss"))
        except (OAuth2Error, RequestException) as error:
            problem = str(error)
        if problem is not None:
            logger.warning("OIDC log-in refused: %s", problem)
            # The state is used up either way: the same response cannot be tried again.
            state, _redirect = self._get_state(request, provider)
            return render_authentication_error(
                request, provider, exception=OAuth2Error(problem), extra_context={"state": state}
            )
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


def _through_adapter(
    view_class: type[_LoginView] | type[_CallbackView], request: HttpRequest, provider_id: str
) -> HttpResponse:
    """Run one of allauth's OAuth2 views with our adapter; an unknown provider is a 404."""
    try:
        view = view_class.adapter_view(OIDCAdapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    return response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Start a log-in through the provider `provider_id` (a POST from the log-in button)."""
    return _through_adapter(_LoginView, request, provider_id)


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider's answer: the redirect URI registered with it."""
    return _through_adapter(_CallbackView, request, provider_id)


@login_not_required
def login_cancelled(request: HttpRequest) -> HttpResponse:
    """Where allauth sends a log-in cancelled at the provider (error=access_denied)."""
    return render(request, "socialaccount/authentication_error.html")


@login_not_required
def login_error(request: HttpRequest) -> HttpResponse:
    """Where allauth sends a failed log-in it does not answer itself."""
    return render(request, "socialaccount/authentication_error.html", status=401)


def remember_for_logout(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """Keep the provider and (sealed) ID token of a finished log-in in the session."""
    id_token = getattr(sociallogin, "samson_id_token", None)
    if isinstance(id_token, str):
        request.session[SESSION_KEY] = {
            "provider": sociallogin.provider.app.provider_id,
            "id_token": seal(id_token),
        }


def _end_session_url(request: HttpRequest, remembered: Any) -> str | None:
    """The provider's end_session_endpoint with id_token_hint and post_logout_redirect_uri,
    or None when there is no provider session to end or no way to end it."""
    if not isinstance(remembered, dict):
        return None
    id_token = unseal(str(remembered.get("id_token", "")))
    if id_token is None:
        return None
    try:
        adapter = OIDCAdapter(request, str(remembered.get("provider")))
        endpoint = adapter.openid_config.get("end_session_endpoint")
        client_id = adapter.get_provider().app.client_id
    except (SocialApp.DoesNotExist, OAuth2Error, RequestException, ValueError) as error:
        # SAMSON's own session ends anyway; the provider's is left as it is.
        logger.warning("OIDC log-out at the provider skipped: %s", error)
        return None
    if not isinstance(endpoint, str) or not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
            "client_id": client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class LogoutView(auth_views.LogoutView):
    """Django's log-out (POST only), which after a log-in through a provider with an
    end_session_endpoint sends the browser on there to end the provider's session too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Read before Django's log-out flushes the session.
        remembered = request.session.get(SESSION_KEY)
        response: HttpResponse = super().post(request, *args, **kwargs)
        end_session = _end_session_url(request, remembered)
        if end_session is None:
            return response
        return HttpResponseRedirect(end_session)
