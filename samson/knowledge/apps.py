from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "samson.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"
