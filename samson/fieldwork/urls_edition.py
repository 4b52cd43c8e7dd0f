from django.urls import path

from . import views_edition as views

app_name = "fieldwork_edition"

# Mounted at /barometer/ beside samson.barometer.urls: the fieldwork of an edition.
urlpatterns = [
    path("<int:pk>/utsending/", views.edition_fieldwork, name="edition"),
    path("<int:pk>/utsending/innstillinger/", views.settings_save, name="settings"),
    path("<int:pk>/utsending/kontakter/", views.contacts_import, name="contacts"),
    path(
        "<int:pk>/utsending/tekst/<str:kind>/<str:language>/",
        views.message_text,
        name="text",
    ),
    path("<int:pk>/utsending/send/", views.invitations_send, name="send"),
    path("<int:pk>/utsending/purring/", views.reminders_send, name="remind"),
    path("<int:pk>/utsending/purring/planlagt/", views.reminder_schedule, name="schedule"),
    path("<int:pk>/utsending/svarprosent.csv", views.response_rate_csv, name="rate_csv"),
]
