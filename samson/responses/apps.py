from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "samson.responses"
