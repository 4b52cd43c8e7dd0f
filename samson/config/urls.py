from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("vurdering/", include("samson.responses.urls")),
    path("vurdering/", include("samson.reports.urls_solo")),
    path("konto/", include("samson.accounts.urls")),
    path("prosjekter/", include("samson.projects.urls")),
    path("prosjekter/", include("samson.results.urls")),
    path("prosjekter/", include("samson.reports.urls")),
    path("delta/", include("samson.participation.urls")),
    path("kunnskap/", include("samson.knowledge.urls")),
    path("", include("samson.core.urls")),
]
