from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "samson.background"
    label = "background"
    verbose_name = _("Background questions and population")
