from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Organisation, User

admin.site.register(User, UserAdmin)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality_number", "code_list_version", "centrality"]
    search_fields = ["name", "municipality_number"]
    inlines = [MembershipInline]
