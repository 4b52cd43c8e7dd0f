from django.urls import path

from . import views

app_name = "solo_reports"

# Mounted at /vurdering/ after samson.responses.urls: the private link's token is the key.
urlpatterns = [
    path("<str:token>/rapport/", views.solo_report, name="report"),
    path("<str:token>/rapport/pdf/", views.solo_report_pdf, name="report_pdf"),
]
