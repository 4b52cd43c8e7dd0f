from django.contrib import admin
from django.urls import include, path

handler404 = "samson.api.errors.page_not_found"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("vurdering/", include("samson.responses.urls")),
    path("vurdering/", include("samson.reports.urls_solo")),
    path("vurdering/", include("samson.background.urls_participant")),
    path("konto/api-nokler/", include("samson.api.token_urls")),
    path("konto/", include("samson.accounts.urls")),
    # Log-in through OpenID Connect: /konto/oidc/<provider>/login/ and …/login/callback/, and
    # the pages allauth sends a cancelled or failed log-in to.
    path("konto/", include("samson.accounts.urls_oidc")),
    path("api/v1/", include("samson.api.urls")),
    path("prosjekter/", include("samson.projects.urls")),
    path("prosjekter/", include("samson.results.urls")),
    path("prosjekter/", include("samson.reports.urls")),
    path("prosjekter/", include("samson.background.urls")),
    path("prosjekter/", include("samson.fieldwork.urls")),
    path("delta/", include("samson.participation.urls")),
    path("invitasjon/", include("samson.fieldwork.urls_link")),
    path("kunnskap/", include("samson.knowledge.urls")),
    path("barometer/", include("samson.barometer.urls")),
    path("barometer/", include("samson.fieldwork.urls_edition")),
    path("barometer/", include("samson.reports.urls_barometer")),
    path("", include("samson.core.urls")),
]
