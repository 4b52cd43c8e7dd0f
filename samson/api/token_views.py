"""The page where a logged-in user makes and revokes their API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from samson.accounts.http import AuthenticatedHttpRequest

from . import selectors, services
from .forms import TokenForm


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(
            user=request.user,
            name=form.cleaned_data["name"],
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.tokens_for_user(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.tokens_for_user(request.user), pk=pk)
    services.token_revoke(token=token)
    messages.success(request, _("The key %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
