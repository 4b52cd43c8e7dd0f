from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "samson.results"
    label = "results"
    verbose_name = "Results"
