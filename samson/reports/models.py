"""A barometer edition's report as a PDF, made by the job queue and kept until the data change.

The file is kept in the database, not under MEDIA: it is only ever handed out by a view that
checks the edition's permission rule. `data_version` names the data it was made from
(`selectors.edition_data_version`); one whose data have changed since is stale and deleted.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samson.barometer.models import Edition


class EditionPdf(models.Model):
    """The PDF of one edition's report in one language and with one breakdown."""

    class State(models.TextChoices):
        QUEUED = "ko", _("waiting in the queue")
        RENDERING = "lager", _("being made")
        READY = "klar", _("ready")
        FAILED = "feilet", _("failed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="report_pdfs")
    language = models.CharField(max_length=8)
    by = models.CharField(max_length=40, blank=True)  # the breakdown variable, or none
    data_version = models.CharField(max_length=64)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    # Raised by every new request: a job that was overtaken by a newer one stores nothing.
    attempt = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("edition report PDF")
        verbose_name_plural = _("edition report PDFs")
        constraints = [
            models.UniqueConstraint(fields=["edition", "language", "by"], name="edition_pdf_once"),
        ]

    def __str__(self) -> str:
        return f"PDF of edition {self.edition_id} ({self.language}, {self.by or '-'})"
