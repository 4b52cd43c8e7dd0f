from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentVersion(models.Model):
    """One immutable version of an instrument file, as imported.

    The spec is the canonical JSON of the validated file; answers point to the version they
    answered, so a change of wording never changes the meaning of stored answers.
    """

    key = models.SlugField(_("key"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32)
    spec = models.JSONField(_("specification"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="instrument_key_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="instrument_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"
