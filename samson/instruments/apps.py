from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "samson.instruments"
