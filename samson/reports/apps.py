from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "samson.reports"
    label = "reports"
    verbose_name = "Reports and exports"
