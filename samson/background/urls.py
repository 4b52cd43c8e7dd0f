from django.urls import path

from . import views

app_name = "background"

# Mounted at /prosjekter/ beside samson.projects.urls.
urlpatterns = [
    path("<int:pk>/bakgrunn/", views.settings, name="settings"),
    path(
        "<int:pk>/malinger/<int:round_pk>/representativitet/",
        views.round_representation,
        name="round",
    ),
]
