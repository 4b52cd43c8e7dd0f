from django.urls import path

from . import views

app_name = "barometer_reports"

# Mounted at /barometer/ beside samson.barometer.urls.
urlpatterns = [
    path("<int:pk>/rapport/", views.barometer_report, name="report"),
    path("<int:pk>/rapport/pdf/", views.barometer_report_pdf, name="report_pdf"),
    path("<int:pk>/rapport/pdf/fil/", views.barometer_report_pdf_file, name="report_pdf_file"),
    path("<int:pk>/eksport/datapakke/", views.barometer_datapackage, name="datapackage"),
    # The PDF's address before it was made in the background; links to it may be saved.
    path("<int:pk>/rapport.pdf", views.barometer_report_pdf_old, name="report_pdf_old"),
]
