from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc_views, views
from .forms import EmailLoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(authentication_form=EmailLoginForm),
        name="login",
    ),
    path("logg-ut/", oidc_views.LogoutView.as_view(), name="logout"),
    path("invitasjon/<str:token>/", views.invitation, name="invitation"),
    path("inviter/", views.invite, name="invite"),
    path(
        "nytt-passord/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "nytt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
