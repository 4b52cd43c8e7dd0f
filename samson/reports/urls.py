from django.urls import path

from . import views

app_name = "reports"

# Mounted at /prosjekter/ beside samson.projects.urls and samson.results.urls.
ROUND = "<int:project_pk>/malinger/<int:round_pk>/"
urlpatterns = [
    path(f"{ROUND}rapport/", views.round_report, name="round"),
    path(f"{ROUND}rapport/pdf/", views.round_report_pdf, name="round_pdf"),
    path("<int:project_pk>/sammenlign/rapport/", views.comparison_report, name="comparison"),
    path(
        "<int:project_pk>/sammenlign/rapport/pdf/",
        views.comparison_report_pdf,
        name="comparison_pdf",
    ),
    path(f"{ROUND}eksport/", views.round_export, name="round_export"),
    path(f"{ROUND}eksport/<str:fmt>/", views.round_export_file, name="round_export_file"),
    path("<int:project_pk>/eksport/", views.project_export, name="project_export"),
    path(
        "<int:project_pk>/eksport/<str:fmt>/",
        views.project_export_file,
        name="project_export_file",
    ),
]
