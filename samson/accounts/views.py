"""Invitations: an administrator invites, the invited person signs up or accepts."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samson.accounts.http import AuthenticatedHttpRequest
from samson.core.login_throttle import login_unlock, password_reset_allowed

from . import selectors, services
from .forms import InvitationForm, SignUpForm
from .models import Invitation, User
from .rules import is_admin


def _problem(request: HttpRequest, problem: str, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_problem.html", {"problem": problem}, status=status)


def _after_accepting(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if invitation.project_id is not None:
        messages.success(
            request,
            _("Welcome! You are now a facilitator of %(project)s.")
            % {"project": invitation.project},
        )
        return redirect("projects:detail", pk=invitation.project_id)
    messages.success(
        request,
        _("Welcome! You are now a member of %(organisation)s.")
        % {"organisation": invitation.organisation},
    )
    return redirect("projects:list")


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: sign up with a password, or accept while logged in."""
    found = selectors.invitation_by_token(token)
    if found is None:
        return _problem(request, "unknown", 404)
    problem = selectors.invitation_problem(found)
    if problem is not None:
        return _problem(request, problem, 410)
    context: dict[str, object] = {"invitation": found}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=found, user=request.user)
            except services.InvitationError:
                return _problem(request, selectors.invitation_problem(found) or "used", 410)
            return _after_accepting(request, found)
        return render(request, "accounts/invitation.html", {**context, "mode": "accept"})
    if User.objects.filter(username__iexact=found.email).exists():
        return render(request, "accounts/invitation.html", {**context, "mode": "log_in"})
    form = SignUpForm(request.POST if request.method == "POST" else None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_sign_up(
                invitation=found, password=form.cleaned_data["password1"]
            )
        except services.InvitationError:
            return _problem(request, selectors.invitation_problem(found) or "used", 410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _after_accepting(request, found)
    return render(request, "accounts/invitation.html", {**context, "mode": "sign_up", "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The administrators' page for inviting someone into an organisation."""
    if not is_admin(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.invitation_create(
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            invited_by=request.user,
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("We have sent an invitation to %(email)s.") % {"email": data["email"]},
        )
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "forgot your password" page, throttled per client and per address asked for.

    A refused request sends no e-mail and says so, in the same words whether or not an account
    has that address.
    """

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many requests for a new password. If a link was sent to this address in "
                    "the last hour, use the one in the newest e-mail; otherwise wait %(minutes)s "
                    "minutes and try again."
                )
                % {"minutes": settings.SAMSON_PASSWORD_RESET_WINDOW_SECONDS // 60},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page. A new password set through the e-mailed link
    also lifts the account's log-in lock: whoever can read the account's e-mail is its owner,
    so someone guessing wrong passwords on purpose cannot keep the owner out."""

    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        login_unlock(form.user.get_username())
        return response
