from django.urls import path

from . import views

app_name = "fieldwork"

# Mounted at /prosjekter/ beside samson.projects.urls.
urlpatterns = [
    path("<int:pk>/malinger/<int:round_pk>/invitasjoner/", views.round_fieldwork, name="round"),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/innstillinger/",
        views.settings_save,
        name="settings",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/kontakter/",
        views.contacts_import,
        name="contacts",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/tekst/<str:kind>/<str:language>/",
        views.message_text,
        name="text",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/send/",
        views.invitations_send,
        name="send",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/purring/",
        views.reminders_send,
        name="remind",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/purring/planlagt/",
        views.reminder_schedule,
        name="schedule",
    ),
    path(
        "<int:pk>/malinger/<int:round_pk>/invitasjoner/svarprosent.csv",
        views.response_rate_csv,
        name="rate_csv",
    ),
]
