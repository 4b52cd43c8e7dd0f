"""Benchmark: 10,000 invitations through the outbox and two `samson db_worker` processes.

    .venv/bin/python bench/fieldwork/run.py [--db sqlite|postgres] [--messages 10000]
        [--kill-at 0.5] [--stale 20]

On a fresh database (a SQLite file in a temporary folder, or the PostgreSQL database
`samson_bench_fieldwork`, dropped and created anew) with the production settings, it makes one
open round with a contact list of --messages invitees (bokmål, nynorsk and English in turn) and:

1. *Baseline*: renders every invitation (`services.message_for`, not timed) and sends them
   with a bare `smtplib` loop over one connection to the SMTP server.
2. *Outbox*: starts two workers (`samson db_worker`, django-tasks-db, production settings,
   the per-minute cap lifted, SAMSON_FIELDWORK_STALE_CLAIM_SECONDS=--stale), queues the
   invitations as the page's *Send* button does (`services.invitations_queue`, which enqueues
   SAMSON_FIELDWORK_SENDERS = 2 sending jobs, so that both workers send). When --kill-at of the
   messages are sent it SIGKILLs the first worker, then lets the other one finish: it takes
   back the killed worker's claim once stale, and sends it if its SMTP conversation had not
   started, or leaves it in doubt if it had (docs/fieldwork.md).
3. *Afterwards*: sending is resumed once more far ahead (`outbox_send(now=…)`), which must
   send nothing.

The SMTP server is aiosmtpd in a process of its own (`sink.py`), logging every RCPT and every
received message per recipient. The printout gives messages per second of both, the ratio,
and per recipient how many messages the server received in the outbox phase: expected once
each, duplicates 0; a message interrupted by the SIGKILL is either received once (the server
had it before the kill) or not at all, and never twice. Not part of the test suite; results go
in docs/performance.md.
"""

from __future__ import annotations

import argparse
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import REPO, django_setup, fresh_database, machine  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/samson_bench_fieldwork"
SITE = "https://samson.test"


def start_sink(log: Path) -> tuple[subprocess.Popen[str], int]:
    sink = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("sink.py")), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None
    line = sink.stdout.readline().split()
    assert line and line[0] == "ready", line
    return sink, int(line[1])


def setup(database_url: str, smtp_port: int, stale: int) -> dict[str, str]:
    """Production settings on the fresh database, sending to the sink; migrate and import the
    shipped instruments. Returns the workers' environment (the same)."""
    return django_setup(
        database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        SAMSON_SITE_URL=SITE,
        # The cap (120 a minute by default) is what a real SMTP relay allows; lifted here so
        # that the benchmark measures the outbox, not the cap.
        SAMSON_FIELDWORK_MAILS_PER_MINUTE="100000000",
        # How soon a killed worker's claim is taken back (600 s by default).
        SAMSON_FIELDWORK_STALE_CLAIM_SECONDS=str(stale),
    )


def make_fieldwork(n: int):  # type: ignore[no-untyped-def]
    from samson.accounts.models import Membership, Organisation, User
    from samson.fieldwork import services as fieldwork
    from samson.fieldwork.contacts import ContactRow
    from samson.projects import services

    org = Organisation.objects.create(name="Benkemerke kommune")
    user = User.objects.create_user(username="bench-fieldwork", password=None)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.FACILITATOR)
    project = services.project_create(
        owner=user, organisation=org, title="Benk", party_presets=("kommunen", "innbyggere")
    )
    round = services.round_open(round=services.round_create(project=project, label="benk"))
    work = fieldwork.fieldwork_for_round(round=round)
    parties = list(project.parties.all())
    rows = [
        ContactRow(
            email=f"deltaker{i:05d}@example.no",
            name="",
            party=parties[i % len(parties)],
            language=("nb", "nn", "en")[i % 3],
        )
        for i in range(n)
    ]
    fieldwork.contacts_add(fieldwork=work, rows=rows)
    return work


def baseline(work, port: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Render every invitation, then send them with a bare smtplib loop. Returns (render
    seconds, send seconds, messages)."""
    from django.conf import settings

    from samson.fieldwork import services
    from samson.fieldwork.models import MessageText, OutboxMessage

    start = time.perf_counter()
    invitees = work.invitees.select_related("fieldwork__round__project__organisation")
    prepared = []
    for invitee in invitees:
        email = services.message_for(
            OutboxMessage(invitee=invitee, kind=MessageText.Kind.INVITATION)
        )
        prepared.append((invitee.email, email.message().as_bytes(linesep="\r\n")))
    rendered = time.perf_counter() - start
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for address, data in prepared:
            smtp.sendmail(settings.SAMSON_FIELDWORK_FROM_EMAIL, [address], data)
    return rendered, time.perf_counter() - start, len(prepared)


def start_worker(env: dict[str, str], worker_id: str, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "samson", "db_worker", "--no-reload", "--no-startup-delay",
        "--interval", "0.2", "--worker-id", worker_id,
    ]  # fmt: skip
    with open(log, "ab") as out:
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=out)


def read_log(log: Path, skip: int) -> tuple[Counter[str], Counter[str], int]:
    lines = log.read_text(encoding="utf-8").splitlines()
    rcpt, data = Counter[str](), Counter[str]()
    for line in lines[skip:]:
        kind, address = line.split(" ", 1)
        (rcpt if kind == "R" else data)[address] += 1
    return rcpt, data, len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=0.5, help="share sent before SIGKILL")
    parser.add_argument("--stale", type=int, default=20, help="stale claim limit, seconds")
    args = parser.parse_args()

    print(machine())
    folder = Path(tempfile.mkdtemp(prefix="samson-bench-fieldwork-"))
    smtp_log, worker_log = folder / "smtp.log", folder / "workers.log"
    smtp_log.touch()
    sink, port = start_sink(smtp_log)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        url = fresh_database(args.db, args.postgres_url)
        env = setup(url, port, args.stale)
        from django.db import connections
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from samson.fieldwork import services
        from samson.fieldwork.models import OutboxMessage

        State = OutboxMessage.State
        n = args.messages
        work = make_fieldwork(n)
        expected = set(work.invitees.values_list("email", flat=True))
        print(
            f"database: {args.db}; {n} invitees (nb/nn/en in turn); SMTP: aiosmtpd in its own "
            f"process on 127.0.0.1:{port}; workers: 2 x `samson db_worker` (django-tasks-db), "
            f"production settings, per-minute cap lifted, stale claim limit {args.stale} s"
        )

        rendered, seconds, count = baseline(work, port)
        _rcpt, base_data, base_lines = read_log(smtp_log, 0)
        base_rate = count / seconds
        print(
            f"\nbaseline, bare smtplib loop (one connection): {count} messages in "
            f"{seconds:.2f} s = {base_rate:.0f} messages/s; the server received "
            f"{sum(base_data.values())} (rendering them first took {rendered:.2f} s, not timed)"
        )

        connections.close_all()
        ids = ["bench-worker-1", "bench-worker-2"]
        workers = [start_worker(env, worker_id, worker_log) for worker_id in ids]
        time.sleep(3.0)  # both have imported Django and are polling (not timed)
        start = time.perf_counter()
        services.invitations_queue(fieldwork=work)  # enqueues two jobs after the commit
        queued = time.perf_counter() - start
        print(f"\noutbox: {n} invitations queued in {queued:.2f} s (included below)")

        killed_at = sent_at_kill = 0.0
        in_flight: list[tuple[str, bool]] = []
        victim = workers[0]
        while True:
            time.sleep(0.02)
            sent = OutboxMessage.objects.filter(state=State.SENT).count()
            if not killed_at and sent >= args.kill_at * n:
                running = DBTaskResult.objects.filter(status="RUNNING")
                busy = [w for r in running for w in r.worker_ids]
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                killed_at = time.perf_counter() - start
                # The claims standing at the kill (the survivor's too), and whether each had
                # started its SMTP conversation.
                in_flight = sorted(
                    (email, mark is not None)
                    for email, mark in OutboxMessage.objects.filter(
                        state=State.SENDING
                    ).values_list("invitee__email", "conversation_at")
                )
                sent_at_kill = OutboxMessage.objects.filter(state=State.SENT).count()
                print(
                    f"SIGKILL {ids[0]} after {killed_at:.2f} s, {sent_at_kill} sent; jobs "
                    f"running at the kill: {len(running)}, on {', '.join(sorted(busy))}"
                )
            waiting = OutboxMessage.objects.filter(state__in=(State.QUEUED, State.SENDING))
            if killed_at and (not waiting.exists() or workers[1].poll() is not None):
                break
        total = time.perf_counter() - start
        sent_total = OutboxMessage.objects.filter(state=State.SENT).count()
        both_rate = sent_at_kill / killed_at
        print(
            f"two workers until the kill: {sent_at_kill} messages in {killed_at:.2f} s = "
            f"{both_rate:.0f} messages/s; ratio to the smtplib loop: {both_rate / base_rate:.2f}"
        )
        print(
            f"whole outbox run (queueing, kill, one worker to the end): {sent_total} sent in "
            f"{total:.2f} s = {sent_total / total:.0f} messages/s; ratio to the smtplib loop: "
            f"{sent_total / total / base_rate:.2f}"
        )

        # Sending resumed once more, far ahead: nothing is left to send.
        later = timezone.now() + services.stale_claim() + timedelta(seconds=1)
        again = services.outbox_send(now=later)
        _rcpt, data, _lines = read_log(smtp_log, base_lines)
        states = Counter(OutboxMessage.objects.values_list("state", flat=True))
        once = sum(1 for a in expected if data[a] == 1)
        duplicates = sum(c - 1 for c in data.values() if c > 1)
        missing = sorted(a for a in expected if data[a] == 0)
        strangers = sorted(set(data) - expected)
        print(
            "\nafter the surviving worker finished (and settled the stale claim), and sending "
            f"resumed once more past the stale limit (sent {again.sent} more):"
        )
        print(f"  outbox states: {dict(sorted(states.items()))}")
        print(
            f"  recipients: expected {n}; received exactly once {once}; duplicates "
            f"{duplicates}; missing {len(missing)}; unknown {len(strangers)}"
        )
        for address, marked in in_flight:
            message = OutboxMessage.objects.get(invitee__email=address)
            where = "in SMTP conversation" if marked else "claimed, conversation not started"
            print(
                f"  claimed at the SIGKILL: {address} ({where}); received {data[address]} "
                f"time(s); outbox now: {message.state}, attempts {message.attempts}, "
                f"{message.last_error!r}"
            )
        if not in_flight:
            print("  claimed at the SIGKILL: none (both workers were between messages)")
        print(
            "  rule (services.outbox_send, docs/fieldwork.md): a message is claimed, then marked "
            "'conversation started' just before its SMTP conversation; a stale claim without "
            "the mark was never sent and goes back to the queue; one with the mark is in doubt "
            "and never sent again, so no message goes out twice."
        )
        never_twice = duplicates == 0 and not strangers
        verdict = "holds" if never_twice and once == n else "DOES NOT HOLD"
        print(
            f"  never twice: {'holds' if never_twice else 'DOES NOT HOLD'}; exactly once: "
            f"{verdict} ({once} of {n})"
        )
        if missing:
            print(f"  not received: {', '.join(missing)}")
        print(f"\nlogs: {folder}")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        sink.terminate()
        sink.wait(timeout=30)


if __name__ == "__main__":
    main()
