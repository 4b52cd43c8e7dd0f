from django.urls import path

from . import views

app_name = "fieldwork_link"

# Mounted at /invitasjon/: the links in invitations and reminders.
urlpatterns = [
    path("<str:token>/", views.link_start, name="start"),
    path("<str:token>/avmeld/", views.link_opt_out, name="opt_out"),
]
