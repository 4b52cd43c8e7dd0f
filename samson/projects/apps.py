from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "samson.projects"
