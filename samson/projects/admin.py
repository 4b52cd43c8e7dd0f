from django.contrib import admin

from samson.core.admin import AutocompleteAdminMixin

from .models import Party, Project, ProjectFacilitator, Round


class PartyInline(admin.TabularInline[Party, Project]):
    model = Party
    extra = 0


class FacilitatorInline(AutocompleteAdminMixin, admin.TabularInline[ProjectFacilitator, Project]):
    model = ProjectFacilitator
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["title", "organisation", "min_group_size", "created_at"]
    search_fields = ["title"]
    inlines = [PartyInline, FacilitatorInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin[Round]):
    list_display = ["label", "project", "state", "join_code", "created_at"]
    list_filter = ["state"]
    readonly_fields = ["join_code", "instrument_version"]
