"""Log-in through OpenID Connect (docs/oidc.md), included at /konto/ without a namespace: the
names are the ones allauth reverses.

allauth's openid_connect provider is routed with SAMSON's views (oidc_views.py). Of allauth's
socialaccount URL names only the two its flow sends the browser to are routed — the cancelled and
the failed log-in, both to SAMSON's "The log-in failed" — not its sign-up or connections pages,
and not allauth's own views, which link to allauth's unrouted account pages.
"""

from django.urls import path

from . import oidc_views

urlpatterns = [
    path("oidc/avbrutt/", oidc_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("oidc/feil/", oidc_views.login_error, name="socialaccount_login_error"),
    path("oidc/<str:provider_id>/login/", oidc_views.login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
]
