from django.urls import path

from . import views

app_name = "results"

# Mounted at /prosjekter/ beside samson.projects.urls.
urlpatterns = [
    path("<int:project_pk>/malinger/<int:round_pk>/resultat/", views.round_results, name="round"),
    path("<int:project_pk>/sammenlign/", views.compare, name="compare"),
    path("<int:project_pk>/malinger/<int:round_pk>/workshop/", views.workshop, name="workshop"),
    path(
        "<int:project_pk>/malinger/<int:round_pk>/workshop/status/",
        views.workshop_status,
        name="workshop_status",
    ),
    path("<int:project_pk>/malinger/<int:round_pk>/workshop/vis/", views.reveal, name="reveal"),
    path("<int:project_pk>/malinger/<int:round_pk>/fritekst/", views.freetext, name="freetext"),
]
