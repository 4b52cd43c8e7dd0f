"""Innovasjonstesten answers wait in a queue: out of every estimate until an analyst of the
edition's organisation accepts them, accepted at most once, only when complete for the
population frame, and sent no faster than the rate limits allow."""

from __future__ import annotations

import importlib
import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from samson.audit.models import AuditEntry
from samson.barometer import limits, selectors, services
from samson.barometer.models import Edition, InnovationTestSubmission, Respondent

pytestmark = pytest.mark.django_db

ITEMS = ("B1_PRODUKT", "B1_TJENESTE", "B1_PROSESS", "B1_KOMMUNIKASJON")
# Two weighting cells, unit type x region: nursing homes 60 units, kindergartens 40.
FRAME = [
    ({"enhetstype": 11, "landsdel": 1}, 60),
    ({"enhetstype": 21, "landsdel": 1}, 40),
]


def _unit(sector: int, unit_type: int, product: int) -> dict[str, float]:
    values = {"sektor": sector, "enhetstype": unit_type, "landsdel": 1, "storrelse": 3}
    return {
        k: float(v) for k, v in (values | dict.fromkeys(ITEMS, 0) | {ITEMS[0]: product}).items()
    }


@pytest.fixture
def edition(instruments: None) -> Edition:
    """A published, open edition: in nursing homes 1 of 5 units made a new product, in
    kindergartens 4 of 5, so the weighted share is 0.6 x 0.2 + 0.4 x 0.8 = 0.44."""
    edition = services.edition_create(
        organisation=OrganisationFactory.create(name="Arendal"),
        user=None,
        year=2025,
        title="Barometer 2025",
        sectors=[1, 2],
    )
    services.frame_replace(edition=edition, cells=FRAME)
    for unit_type, sector, products in ((11, 1, (1, 0, 0, 0, 0)), (21, 2, (1, 1, 1, 1, 0))):
        for product in products:
            Respondent.objects.create(
                edition=edition,
                source=Respondent.Source.IMPORT,
                values=_unit(sector, unit_type, product),
            )
    edition.published = True
    edition.save(update_fields=["published"])
    return edition


def _analyst(organisation: Organisation, role: str = Membership.Role.ANALYST) -> User:
    user = UserFactory.create()
    MembershipFactory.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def analyst(edition: Edition) -> Client:
    client = Client()
    client.force_login(_analyst(edition.organisation))
    return client


def _answers(**extra: Any) -> dict[str, Any]:
    """A nursing home that made a new product, as the public form posts it."""
    answers = {"sektor": 1, "storrelse": 3, "enhetstype": 11, "landsdel": 1}
    answers |= {"B1_PRODUKT": 1, "B1_TJENESTE": 0, "B1_PROSESS": 0, "B1_KOMMUNIKASJON": 0}
    answers |= {"B13_SAMARBEID": 4, "B13_RISIKO": 2, "B13_IDEER": 3}
    return {k: v for k, v in (answers | extra).items() if v is not None}


def _send(edition: Edition, client: Client | None = None, **extra: Any) -> Any:
    return (client or Client()).post(
        reverse("barometer:innovation_test"),
        {"utgave": edition.pk, "add": "on", **_answers(**extra)},
    )


def _share(edition: Edition) -> float | None:
    data = selectors.EditionData(edition)
    assert data.weighting.weighted, data.weighting.problem
    return data.estimate(["I_B1_PRODUKT"], None, 3)["I_B1_PRODUKT"][0].estimate


def _queue(edition: Edition) -> str:
    return reverse("barometer:test_queue", kwargs={"pk": edition.pk})


def _microdata_rows(client: Client, edition: Edition) -> int:
    reply = client.get(reverse("barometer:export", args=[edition.pk, "mikrodata", "csv"]))
    return len(reply.content.decode("utf-8-sig").strip().splitlines()) - 1


# ----------------------------------------------------------------------------- the queue


def test_a_submission_stays_out_of_estimates_until_accepted(
    edition: Edition, analyst: Client
) -> None:
    assert _share(edition) == pytest.approx(0.44)
    assert _microdata_rows(analyst, edition) == 10

    sent = _send(edition)
    assert sent.status_code == 200
    submission = InnovationTestSubmission.objects.get()
    assert submission.state == "pending"
    assert submission.values["enhetstype"] == 11.0 and submission.values["B1_PRODUKT"] == 1.0
    # Waiting: not a respondent, not in the estimates, the export or the edition's count.
    assert Respondent.objects.count() == 10
    assert _share(edition) == pytest.approx(0.44)
    assert _microdata_rows(analyst, edition) == 10
    page = analyst.get(reverse("barometer:edition", kwargs={"pk": edition.pk}))
    assert (page.context["n"], page.context["waiting"]) == (10, 1)
    assert f'href="{_queue(edition)}"' in page.content.decode()

    queue = analyst.get(_queue(edition))
    text = queue.content.decode()
    assert "<td>Helse og omsorg</td>" in text and "<td>Sykehjem</td>" in text
    assert "<td>Oslo og Viken</td>" in text and "<td>10 000–19 999 innbyggere</td>" in text
    assert 'value="accept"' in text

    accepted = analyst.post(_queue(edition), {"action": "accept", "submission": submission.pk})
    assert accepted.status_code == 302
    assert "Svarene ble lagt til utgaven." in analyst.get(_queue(edition)).content.decode()
    submission.refresh_from_db()
    assert submission.state == "accepted"
    respondent = Respondent.objects.get(source=Respondent.Source.TEST)
    assert submission.respondent == respondent and respondent.values == submission.values
    # Now a sixth nursing home, 2 of 6 with a new product: 0.6 x 1/3 + 0.4 x 0.8 = 0.52.
    assert _share(edition) == pytest.approx(0.52)
    assert _microdata_rows(analyst, edition) == 11
    entry = AuditEntry.objects.get(action="barometer.test_accept")
    assert (entry.object_id, entry.details) == (
        str(submission.pk),
        {"edition": edition.pk, "respondent": respondent.pk},
    )
    assert str(entry.actor_id) == analyst.session["_auth_user_id"]


def test_only_the_date_is_kept(edition: Edition) -> None:
    _send(edition)
    field = InnovationTestSubmission._meta.get_field("submitted_on")
    assert field.get_internal_type() == "DateField"
    assert [f.name for f in InnovationTestSubmission._meta.fields] == [
        "id",
        "edition",
        "values",
        "submitted_on",
        "state",
        "respondent",
    ]


def test_an_incomplete_submission_cannot_be_accepted(edition: Edition, analyst: Client) -> None:
    # Sent while the edition had no frame (nothing to ask), before the analyst added one.
    submission = services.test_submission_add(
        edition=edition, values={k: v for k, v in _answers().items() if k != "enhetstype"}
    )
    text = analyst.get(_queue(edition)).content.decode()
    refusal = (
        "Disse svarene kan ikke godtas: de mangler verdi for Enhetstype, som "
        "populasjonsrammen vekter etter."
    )
    assert refusal in text
    assert 'value="accept"' not in text and 'value="discard"' in text

    analyst.post(_queue(edition), {"action": "accept", "submission": submission.pk})
    assert refusal in analyst.get(_queue(edition)).content.decode()
    submission.refresh_from_db()
    assert (submission.state, submission.respondent) == ("pending", None)
    assert not Respondent.objects.filter(source=Respondent.Source.TEST).exists()
    assert not AuditEntry.objects.filter(action="barometer.test_accept").exists()
    assert _share(edition) == pytest.approx(0.44)  # still weighted


def test_a_submission_outside_the_frame_cannot_be_accepted(edition: Edition) -> None:
    # Home care (12) is a unit type the frame does not count: accepted, it would make the
    # post-stratification fail and the whole edition unweighted.
    submission = services.test_submission_add(edition=edition, values=_answers(enhetstype=12))
    with pytest.raises(services.SubmissionIncomplete) as refused:
        services.test_submission_accept(edition=edition, submission_pk=submission.pk)
    assert (refused.value.missing, refused.value.outside_frame) == ((), True)
    submission.refresh_from_db()
    assert submission.state == "pending"
    assert _share(edition) == pytest.approx(0.44)


def test_without_a_frame_every_submission_can_be_accepted(edition: Edition) -> None:
    services.frame_replace(edition=edition, cells=[])
    submission = services.test_submission_add(edition=edition, values={"sektor": 1})
    respondent = services.test_submission_accept(edition=edition, submission_pk=submission.pk)
    assert respondent.values == {"sektor": 1.0}


def test_double_accept_gives_one_respondent(edition: Edition, analyst: Client) -> None:
    _send(edition)
    submission = InnovationTestSubmission.objects.get()
    data = {"action": "accept", "submission": submission.pk}
    assert analyst.post(_queue(edition), data).status_code == 302
    assert analyst.post(_queue(edition), data).status_code == 302
    text = analyst.get(_queue(edition)).content.decode()
    assert "Disse svarene var allerede godtatt eller forkastet." in text
    assert Respondent.objects.filter(source=Respondent.Source.TEST).count() == 1
    assert AuditEntry.objects.filter(action="barometer.test_accept").count() == 1
    # A request that read the submission while it still waited finds it taken when it writes.
    with pytest.raises(services.SubmissionNotPending):
        services.test_submission_accept(edition=edition, submission_pk=submission.pk)
    with pytest.raises(services.SubmissionNotPending):
        services.test_submission_discard(edition=edition, submission_pk=submission.pk)
    submission.refresh_from_db()
    assert submission.state == "accepted"
    assert Respondent.objects.filter(source=Respondent.Source.TEST).count() == 1


def test_discard_one_and_all(edition: Edition, analyst: Client) -> None:
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        _send(edition, Client(REMOTE_ADDR=address))
    first, second, third = InnovationTestSubmission.objects.order_by("pk")
    analyst.post(_queue(edition), {"action": "discard", "submission": first.pk})
    first.refresh_from_db()
    assert (first.state, first.values) == ("discarded", {})  # the answers are erased
    assert analyst.get(_queue(edition)).context["rows"][0]["pk"] == second.pk

    analyst.post(_queue(edition), {"action": "discard_all"})
    text = analyst.get(_queue(edition)).content.decode()
    assert "2 innsendinger ble forkastet." in text and "Ingen svar venter." in text
    assert (
        list(InnovationTestSubmission.objects.values_list("state", flat=True)) == ["discarded"] * 3
    )
    assert not Respondent.objects.filter(source=Respondent.Source.TEST).exists()
    assert [
        (e.action, e.object_id, e.details)
        for e in AuditEntry.objects.filter(action__startswith="barometer.test").order_by("pk")
    ] == [
        ("barometer.test_discard", str(first.pk), {"edition": edition.pk}),
        ("barometer.test_discard_all", str(edition.pk), {"count": 2}),
    ]
    # Nothing left to discard: no entry, and a discarded submission cannot be accepted.
    analyst.post(_queue(edition), {"action": "discard_all"})
    assert "0 innsendinger ble forkastet." in analyst.get(_queue(edition)).content.decode()
    assert AuditEntry.objects.filter(action="barometer.test_discard_all").count() == 1
    analyst.post(_queue(edition), {"action": "accept", "submission": third.pk})
    third.refresh_from_db()
    assert third.state == "discarded"
    assert not Respondent.objects.filter(source=Respondent.Source.TEST).exists()


# ----------------------------------------------------------------------------- who may


def test_another_organisations_analyst_gets_404(edition: Edition) -> None:
    _send(edition)
    submission = InnovationTestSubmission.objects.get()
    for user in (
        _analyst(OrganisationFactory.create(name="Bergen")),
        _analyst(edition.organisation, Membership.Role.FACILITATOR),
    ):
        client = Client()
        client.force_login(user)
        assert client.get(_queue(edition)).status_code == 404
        for action in ("accept", "discard", "discard_all"):
            reply = client.post(_queue(edition), {"action": action, "submission": submission.pk})
            assert reply.status_code == 404
    submission.refresh_from_db()
    assert (submission.state, submission.respondent) == ("pending", None)
    assert not AuditEntry.objects.filter(action__startswith="barometer.test").exists()


def test_anonymous_is_sent_to_log_in(edition: Edition) -> None:
    _send(edition)
    submission = InnovationTestSubmission.objects.get()
    client = Client()
    for reply in (
        client.get(_queue(edition)),
        client.post(_queue(edition), {"action": "accept", "submission": submission.pk}),
        client.post(_queue(edition), {"action": "discard_all"}),
    ):
        assert reply.status_code == 302
        assert reply["Location"] == f"{reverse(settings.LOGIN_URL)}?next={_queue(edition)}"
    submission.refresh_from_db()
    assert submission.state == "pending"


def test_a_submission_of_another_edition_or_a_crafted_post(
    edition: Edition, analyst: Client
) -> None:
    other = services.edition_create(
        organisation=edition.organisation, user=None, year=2024, title="Barometer 2024"
    )
    elsewhere = services.test_submission_add(edition=other, values=_answers())
    mine = services.test_submission_add(edition=edition, values=_answers())
    url = _queue(edition)
    assert analyst.post(url, {"action": "accept", "submission": elsewhere.pk}).status_code == 404
    for data in (
        {"action": "accept"},
        {"action": "accept", "submission": "1 OR 1=1"},
        {"action": "accept", "submission": f"{mine.pk}.0"},
        {"action": "publish", "submission": mine.pk},
        {},
    ):
        assert analyst.post(url, data).status_code == 404, data
    assert analyst.put(url).status_code == 405
    # A GET that names an action changes nothing.
    assert analyst.get(url, {"action": "discard_all"}).status_code == 200
    assert set(InnovationTestSubmission.objects.values_list("state", flat=True)) == {"pending"}
    # Discard all reaches this edition only.
    analyst.post(url, {"action": "discard_all"})
    elsewhere.refresh_from_db()
    assert elsewhere.state == "pending"


# ----------------------------------------------------------------------------- the public form


def test_the_form_asks_the_frame_variables_to_add(edition: Edition) -> None:
    reply = _send(edition, enhetstype=None)
    assert reply.status_code == 200
    assert "Svar på dette spørsmålet for å legge til svarene dine." in reply.content.decode()
    assert not InnovationTestSubmission.objects.exists()
    # Without the box ticked the comparison needs neither.
    url = reverse("barometer:innovation_test")
    plain = Client().post(url, {"utgave": edition.pk, **_answers(enhetstype=None, landsdel=None)})
    assert "Ingenting ble lagret." in plain.content.decode()
    # A unit type of another sector is refused.
    wrong = _send(edition, enhetstype=21)
    assert "Denne enhetstypen hører ikke til sektoren du valgte." in wrong.content.decode()
    assert not InnovationTestSubmission.objects.exists()


def test_a_closed_edition_or_an_unaskable_frame_takes_no_submissions(edition: Edition) -> None:
    services.edition_settings(edition=edition, published=True, open=False)
    reply = _send(edition)
    assert "Ingenting ble lagret." in reply.content.decode()
    assert 'name="add"' not in reply.content.decode()
    services.edition_settings(edition=edition, published=True, open=True)
    # A frame by municipality number: the form cannot ask it, so answers could never be
    # accepted and the box is not offered.
    services.frame_replace(edition=edition, cells=[({"kommunenr": 4203}, 900)])
    reply = _send(edition)
    assert 'name="add"' not in reply.content.decode()
    assert not InnovationTestSubmission.objects.exists()


def test_rate_limit_per_client_gives_429_and_stores_nothing(edition: Edition) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(limits.SUBMISSIONS_PER_CLIENT):
        assert _send(edition, client).status_code == 200
    assert InnovationTestSubmission.objects.count() == limits.SUBMISSIONS_PER_CLIENT
    refused = _send(edition, client)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert (
        "Det er sendt for mange svar fra nettverket ditt eller til denne utgaven den siste "
        "timen, så ingenting ble lagret."
    ) in text
    assert refused.context["limited"] is True and len(refused.context["result"]) == 8
    assert InnovationTestSubmission.objects.count() == limits.SUBMISSIONS_PER_CLIENT
    # A forged X-Forwarded-For is not read without trusted proxies: still the same client.
    forged = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert _send(edition, forged).status_code == 429
    # Comparing without adding is never refused.
    url = reverse("barometer:innovation_test")
    assert client.post(url, {"utgave": edition.pk, **_answers()}).status_code == 200
    # Another client has its own budget.
    assert _send(edition, Client(REMOTE_ADDR="198.51.100.8")).status_code == 200
    assert InnovationTestSubmission.objects.count() == limits.SUBMISSIONS_PER_CLIENT + 1


@override_settings(SAMSON_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_rate_limit_behind_a_proxy_counts_the_forwarded_client(edition: Edition) -> None:
    def via_proxy(address: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)

    for _ in range(limits.SUBMISSIONS_PER_CLIENT):
        assert _send(edition, via_proxy("198.51.100.7")).status_code == 200
    assert _send(edition, via_proxy("198.51.100.7")).status_code == 429
    # Behind the same proxy, another client is counted apart.
    assert _send(edition, via_proxy("198.51.100.8")).status_code == 200
    assert InnovationTestSubmission.objects.count() == limits.SUBMISSIONS_PER_CLIENT + 1


def test_rate_limit_per_edition(edition: Edition, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "SUBMISSIONS_PER_EDITION", 4)
    codes = [_send(edition, Client(REMOTE_ADDR=f"192.0.2.{i}")).status_code for i in range(1, 7)]
    assert codes == [200, 200, 200, 200, 429, 429]
    assert InnovationTestSubmission.objects.count() == 4
    # A refused client used none of its own budget: once the edition takes more, it has all.
    monkeypatch.setattr(limits, "SUBMISSIONS_PER_EDITION", 100)
    for _ in range(limits.SUBMISSIONS_PER_CLIENT):
        assert _send(edition, Client(REMOTE_ADDR="192.0.2.5")).status_code == 200
    assert _send(edition, Client(REMOTE_ADDR="192.0.2.5")).status_code == 429


def test_answers_added_before_the_queue_are_moved_into_it(edition: Edition) -> None:
    """The data migration: a respondent that Innovasjonstesten added directly waits again."""
    from django.apps import apps

    migration = importlib.import_module(
        "samson.barometer.migrations.0005_innovation_test_answers_queued"
    )
    old = Respondent.objects.create(
        edition=edition, source=Respondent.Source.TEST, values=_unit(1, 12, 1)
    )
    accepted = services.test_submission_add(edition=edition, values=_answers())
    services.test_submission_accept(edition=edition, submission_pk=accepted.pk)
    migration.to_queue(apps, None)
    assert not Respondent.objects.filter(pk=old.pk).exists()
    queued = InnovationTestSubmission.objects.get(state="pending")
    assert (queued.edition, queued.values) == (edition, _unit(1, 12, 1))
    assert queued.submitted_on == timezone.localdate(old.created_at)
    # An answer accepted through the queue stays where it is.
    assert Respondent.objects.filter(source=Respondent.Source.TEST).count() == 1
    assert _share(edition) == pytest.approx(0.52)


def _at_once(count: int, work: Any) -> list[Any]:
    """Run `work` in `count` threads released together; each closes its own connection."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work()
        except Exception as error:  # noqa: BLE001 - the caller asserts on each outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_accepts_at_the_same_moment_give_one_respondent(
    transactional_db: None, edition: Edition
) -> None:
    submission = services.test_submission_add(edition=edition, values=_answers())
    results = _at_once(
        6, lambda: services.test_submission_accept(edition=edition, submission_pk=submission.pk)
    )
    kinds = sorted(type(r).__name__ for r in results)
    assert kinds == ["Respondent"] + ["SubmissionNotPending"] * 5
    assert Respondent.objects.filter(source=Respondent.Source.TEST).count() == 1
    assert AuditEntry.objects.filter(action="barometer.test_accept").count() == 1


def test_a_burst_of_sends_from_one_client_stores_the_limit(
    transactional_db: None, edition: Edition
) -> None:
    codes = _at_once(8, lambda: _send(edition, Client(REMOTE_ADDR="198.51.100.9")).status_code)
    assert sorted(codes) == [200] * limits.SUBMISSIONS_PER_CLIENT + [429] * (
        8 - limits.SUBMISSIONS_PER_CLIENT
    )
    assert InnovationTestSubmission.objects.count() == limits.SUBMISSIONS_PER_CLIENT
