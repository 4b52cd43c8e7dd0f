"""The edition report's PDF made by the job queue: asked for on its page, made by the worker,
offered when ready, only to those who may manage the edition, deleted when the data change,
and tried again after a failure."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from samson.accounts.models import Membership, Organisation, User
from samson.barometer.models import Edition, Respondent
from samson.reports import services
from samson.reports.models import EditionPdf
from samson.reports.selectors import edition_data_version
from samson.testing.barometer import ROWS, analyst_of, small_edition
from samson.testing.html import visible_text
from samson.testing.pdf import pdf_text
from samson.testing.people import member

State = EditionPdf.State
FAKE = b"%PDF-1.7 stand-in"


def _page(edition: Edition, query: str = "") -> str:
    return reverse("barometer_reports:report_pdf", kwargs={"pk": edition.pk}) + query


def _file(edition: Edition, query: str = "") -> str:
    return reverse("barometer_reports:report_pdf_file", kwargs={"pk": edition.pk}) + query


def _state_text(client, edition: Edition, query: str = "") -> str:
    reply = client.get(_page(edition, query))
    assert reply.status_code == 200
    text = visible_text(reply.content.decode())
    return text


@pytest.fixture
def edition(instruments: None) -> Edition:
    return small_edition(frame=False)


@pytest.fixture
def fake_render(monkeypatch):
    """The renderer replaced where only the bookkeeping is tested (real PDFs: the slow tests)."""
    calls: list[str] = []

    def render(template, context, request):
        calls.append(context["report"].meta.language)
        return FAKE

    monkeypatch.setattr("samson.reports.services.render_pdf", render)
    return calls


def _run_job(edition: Edition) -> str:
    pdf = EditionPdf.objects.get(edition=edition)
    return services.edition_pdf_render(pk=pdf.pk, attempt=pdf.attempt)


@pytest.mark.slow  # renders a PDF with WeasyPrint in the real worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_pdf_and_the_page_offers_it(client, edition):
    client.force_login(analyst_of(edition))
    text = _state_text(client, edition)
    assert "Ingen PDF er laget av de nåværende dataene." in text
    assert client.get(_file(edition))["Location"] == _page(edition)  # nothing to fetch yet

    assert client.post(_page(edition))["Location"] == _page(edition)
    [job] = DBTaskResult.objects.all()
    assert job.task_path == "samson.reports.tasks.edition_pdf_task"
    assert job.status == "READY"
    text = _state_text(client, edition)
    assert "Venter i køen." in text
    page = client.get(_page(edition)).content.decode()
    assert f'href="{_page(edition)}">Oppdater</a>' in page
    assert 'role="status" aria-live="polite"' in page
    assert client.get(_file(edition))["Location"] == _page(edition)
    # A second request while it waits enqueues nothing more.
    client.post(_page(edition))
    assert DBTaskResult.objects.count() == 1

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    pdf = EditionPdf.objects.get(edition=edition)
    assert (pdf.state, pdf.language, pdf.by, pdf.attempt) == (State.READY, "nb", "", 1)
    assert pdf.content is not None
    assert pdf.size == len(bytes(pdf.content)) > 10_000
    page = client.get(_page(edition)).content.decode()
    assert "Klar." in visible_text(page)
    assert f'href="{_file(edition)}" download>Last ned rapporten som PDF</a>' in page

    reply = client.get(_file(edition))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/pdf"
    assert reply["Content-Disposition"] == (
        f'attachment; filename="samson-barometer-{edition.pk}.pdf"'
    )
    assert "no-store" in reply["Cache-Control"]
    text = pdf_text(reply.content)
    assert text.startswith("Rapport: Liten (2025) Utgave Liten Organisasjon Arendal Dato")
    assert "Alle enheter 50,0" in text  # unweighted: 3 of 6 innovative


@pytest.mark.django_db
def test_another_organisation_cannot_fetch_or_ask_for_it(client, edition, fake_render):
    client.force_login(analyst_of(edition))
    assert client.post(_page(edition)).status_code == 302
    assert _run_job(edition) == State.READY
    assert client.get(_file(edition)).content == FAKE

    other = Organisation.objects.create(name="Bergen", kind="kommune")
    strangers = [
        member("o@x.no", other, Membership.Role.ANALYST),
        member("f@x.no", edition.organisation, Membership.Role.FACILITATOR),
    ]
    for user in strangers:
        client.force_login(user)
        for address in (_page(edition), _file(edition), _file(edition, "?etter=sektor")):
            assert client.get(address).status_code == 404, (user, address)
        assert client.post(_page(edition)).status_code == 404
        assert client.post(_page(edition, "?etter=sektor")).status_code == 404
    assert EditionPdf.objects.count() == 1  # the strangers' requests made nothing

    client.logout()
    for address in (_page(edition), _file(edition)):
        reply = client.get(address)
        assert reply.status_code == 302
        assert reply["Location"].startswith(reverse("accounts:login") + "?next=")
    assert client.post(_page(edition)).status_code == 302
    assert EditionPdf.objects.count() == 1

    client.force_login(User.objects.create_superuser("root", "r@x.no", "x"))
    assert client.get(_file(edition)).content == FAKE


@pytest.mark.django_db
def test_a_failed_render_shows_failed_and_can_be_tried_again(client, edition, monkeypatch, caplog):
    def broken(template, context, request):
        raise OSError("no fonts")

    monkeypatch.setattr("samson.reports.services.render_pdf", broken)
    client.force_login(analyst_of(edition))
    client.post(_page(edition))
    assert _run_job(edition) == State.FAILED
    pdf = EditionPdf.objects.get(edition=edition)
    assert (pdf.state, pdf.error, pdf.content) == (State.FAILED, "OSError: no fonts", None)
    text = _state_text(client, edition)
    assert "Mislyktes. PDF-en kunne ikke lages." in text
    assert "Prøv igjen" in text
    assert client.get(_file(edition))["Location"] == _page(edition)

    monkeypatch.setattr("samson.reports.services.render_pdf", lambda *args: FAKE)
    assert client.post(_page(edition))["Location"] == _page(edition)
    pdf.refresh_from_db()
    assert (pdf.state, pdf.attempt, pdf.error) == (State.QUEUED, 2, "")
    assert _run_job(edition) == State.READY
    assert client.get(_file(edition)).content == FAKE


@pytest.mark.django_db
def test_a_pdf_of_changed_data_is_deleted_and_never_offered(client, edition, fake_render):
    client.force_login(analyst_of(edition))
    client.post(_page(edition))
    client.post(_page(edition, "?etter=sektor"))
    for pdf in EditionPdf.objects.all():
        services.edition_pdf_render(pk=pdf.pk, attempt=pdf.attempt)
    assert client.get(_file(edition, "?etter=sektor")).content == FAKE
    before = edition_data_version(edition)

    Respondent.objects.create(edition=edition, source=Respondent.Source.IMPORT, values=ROWS[0])
    assert edition_data_version(edition) != before
    # The file address no longer hands out the old file...
    assert client.get(_file(edition))["Location"] == _page(edition)
    assert EditionPdf.objects.count() == 2
    # ...and the page deletes both stale files and offers to make a new one.
    assert "Ingen PDF er laget av de nåværende dataene." in _state_text(client, edition)
    assert EditionPdf.objects.count() == 0


@pytest.mark.django_db
def test_the_version_follows_every_change_the_report_shows(edition, settings):
    from samson.barometer import services as barometer_services

    seen = {edition_data_version(edition)}

    def changed() -> bool:
        version = edition_data_version(edition)
        new = version not in seen
        seen.add(version)
        return new

    assert not changed()  # the same data, the same version
    edition.title = "Større"
    edition.save()
    assert changed()
    barometer_services.frame_replace(edition=edition, cells=[({"enhetstype": 11}, 100)])
    assert changed()
    barometer_services.frame_replace(edition=edition, cells=[({"enhetstype": 11}, 100)])
    assert changed()  # the same numbers in new rows: the version cannot know, so it changes
    last = edition.respondents.order_by("pk").last()
    assert last is not None
    last.delete()
    assert changed()
    settings.SAMSON_MIN_GROUP_SIZE = 7
    assert changed()


@pytest.mark.django_db
def test_an_overtaken_job_stores_nothing(client, edition, fake_render):
    client.force_login(analyst_of(edition))
    client.post(_page(edition))
    pdf = EditionPdf.objects.get(edition=edition)
    # The job was lost (its worker killed, say) and is asked for again after STUCK_AFTER.
    EditionPdf.objects.filter(pk=pdf.pk).update(
        requested_at=pdf.requested_at - services.STUCK_AFTER
    )
    client.post(_page(edition))
    pdf.refresh_from_db()
    assert (pdf.state, pdf.attempt) == (State.QUEUED, 2)
    assert services.edition_pdf_render(pk=pdf.pk, attempt=1) == ""  # the old job
    assert fake_render == []
    assert services.edition_pdf_render(pk=pdf.pk, attempt=2) == State.READY
    assert services.edition_pdf_render(pk=pdf.pk, attempt=2) == ""  # run twice: once only
    assert fake_render == ["nb"]


@pytest.mark.django_db
def test_each_language_and_breakdown_has_its_own_file(client, edition, fake_render):
    client.force_login(analyst_of(edition))
    client.post(_page(edition, "?etter=sektor"))
    client.post(_page(edition, "?etter=ukjent"))  # an unknown breakdown is no breakdown
    client.post(_page(edition), HTTP_ACCEPT_LANGUAGE="en")
    rows = set(EditionPdf.objects.values_list("language", "by"))
    assert rows == {("nb", "sektor"), ("nb", ""), ("en", "")}


@pytest.mark.django_db
def test_the_old_address_leads_to_the_page(client, edition):
    client.force_login(analyst_of(edition))
    old = reverse("barometer_reports:report_pdf_old", kwargs={"pk": edition.pk})
    assert old == f"/barometer/{edition.pk}/rapport.pdf"
    assert client.get(old)["Location"] == _page(edition)
    assert client.get(old + "?etter=sektor")["Location"] == _page(edition, "?etter=sektor")
    assert client.get(old + "?etter=<script>")["Location"] == _page(edition)
    assert EditionPdf.objects.count() == 0  # a GET asks for nothing
