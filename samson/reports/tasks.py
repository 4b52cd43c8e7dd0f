"""Background jobs of the reports app, run by `samson db_worker` (django-tasks)."""

from django_tasks import task

from . import services


@task()
def edition_pdf_task(pk: int, attempt: int) -> str:
    """Make a barometer edition's report PDF that an analyst asked for."""
    return services.edition_pdf_render(pk=pk, attempt=attempt)
