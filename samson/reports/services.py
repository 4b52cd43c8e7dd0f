"""Writes of the reports app: an edition's PDF asked for, made by the job queue, and deleted
when the data it was made from have changed (docs/reports-and-exports.md)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone, translation

from samson.barometer.models import Edition

from . import builders
from .models import EditionPdf
from .renderers.pdf import render_pdf
from .selectors import edition_data_version

logger = logging.getLogger(__name__)
State = EditionPdf.State
# A job still waiting or rendering after this long was lost (its worker was killed, say): a
# new request may start another. Rendering the largest edition takes minutes, not this long.
STUCK_AFTER = timedelta(minutes=30)
TEMPLATE = "reports/barometer.html"


@transaction.atomic
def edition_pdfs_prune(*, edition: Edition, version: str | None = None) -> int:
    """Delete the edition's PDFs made from data that have changed since. Returns how many."""
    version = version or edition_data_version(edition)
    deleted, _by_model = (
        EditionPdf.objects.filter(edition=edition).exclude(data_version=version).delete()
    )
    return deleted


@transaction.atomic
def edition_pdf_request(*, edition: Edition, language: str, by: str) -> EditionPdf:
    """Ask for the edition's report as a PDF; the job queue makes it.

    Stale PDFs of the edition are deleted first. One that is ready, or waiting or being made
    (and not lost), is returned as it is; a new, failed or lost one is queued again, with a
    new attempt number so that an older job still running stores nothing."""
    version = edition_data_version(edition)
    edition_pdfs_prune(edition=edition, version=version)
    now = timezone.now()
    pdf, created = EditionPdf.objects.select_for_update().get_or_create(
        edition=edition,
        language=language,
        by=by,
        defaults={"data_version": version, "requested_at": now},
    )
    waiting = pdf.state in (State.QUEUED, State.RENDERING) and now - pdf.requested_at < STUCK_AFTER
    if not created and (pdf.state == State.READY or waiting):
        return pdf
    pdf.state = State.QUEUED
    pdf.attempt += 1
    pdf.content = None
    pdf.size = 0
    pdf.error = ""
    pdf.requested_at = now
    pdf.finished_at = None
    pdf.save()
    from .tasks import edition_pdf_task

    pk, attempt = pdf.pk, pdf.attempt
    transaction.on_commit(lambda: edition_pdf_task.enqueue(pk, attempt))
    return pdf


def edition_pdf_render(*, pk: int, attempt: int) -> str:
    """Make the PDF of a request (run by the job queue). Returns the state it ends in; a
    request that was deleted or asked again meanwhile is left alone ("" is returned)."""
    with transaction.atomic():
        taken = EditionPdf.objects.filter(pk=pk, attempt=attempt, state=State.QUEUED).update(
            state=State.RENDERING
        )
    if not taken:
        return ""
    pdf = EditionPdf.objects.defer("content").select_related("edition__organisation").get(pk=pk)
    mine = EditionPdf.objects.filter(pk=pk, attempt=attempt)
    try:
        with translation.override(pdf.language):
            report = builders.barometer_report(pdf.edition, pdf.language, pdf.by or None)
            context = {
                "report": report,
                "edition": pdf.edition,
                "query": f"?etter={report.by}" if report.by else "",
                "date_text": formats.date_format(report.meta.created, "DATE_FORMAT"),
            }
            content = render_pdf(TEMPLATE, context, None)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the analyst, who may retry
        logger.exception("the PDF of edition %s could not be made", pdf.edition_id)
        mine.update(
            state=State.FAILED,
            error=f"{type(error).__name__}: {error}"[:500],
            finished_at=timezone.now(),
        )
        return State.FAILED
    mine.update(state=State.READY, content=content, size=len(content), finished_at=timezone.now())
    return State.READY
