"""Background jobs of fieldwork, run by `samson db_worker` (django-tasks)."""

from django_tasks import task

from . import services


@task()
def outbox_send_task() -> dict[str, int]:
    """Send what is due; come back when the next retry, the per-minute cap or a stale claim
    is due, unless another sending job already waits to run."""
    report = services.outbox_send()
    if report.next_due is not None and not services.sending_jobs_waiting():
        outbox_send_task.using(run_after=report.next_due).enqueue()
    return {"sent": report.sent, "failed": report.failed, "retried": report.retried}
