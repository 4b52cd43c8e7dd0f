from django.urls import path

from . import views

app_name = "barometer_reports"

# Mounted at /barometer/ beside samson.barometer.urls.
urlpatterns = [
    path("<int:pk>/rapport/", views.barometer_report, name="report"),
    path("<int:pk>/rapport.pdf", views.barometer_report_pdf, name="report_pdf"),
]
