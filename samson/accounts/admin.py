from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from samson.core.admin import AutocompleteAdminMixin

from .models import Invitation, Membership, Organisation, User

admin.site.register(User, UserAdmin)


class MembershipInline(AutocompleteAdminMixin, admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "municipality_number", "code_list_version", "centrality"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality_number"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AutocompleteAdminMixin, admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Invitations are listed here but made on the invite page, which e-mails the link:
    the token exists only in that e-mail."""

    list_display = ["email", "organisation", "project", "role", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [
        "email",
        "organisation",
        "project",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    fields = readonly_fields  # type: ignore[assignment]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("accounts:invite"))
