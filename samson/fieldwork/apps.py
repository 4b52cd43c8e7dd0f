from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "samson.fieldwork"
    label = "fieldwork"
    verbose_name = _("Fieldwork: invitations and reminders")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to responses' completion signal)
