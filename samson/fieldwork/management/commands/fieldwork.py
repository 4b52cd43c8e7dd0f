"""`samson fieldwork tick`: close rounds and editions whose planned closing has passed, queue
the scheduled reminders that are due, and resume sending (docs/fieldwork.md). django-tasks has
no clock of its own, so cron, a systemd timer or `make run` runs this; `--every 60` keeps it
running and ticks once a minute."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.fieldwork.services import fieldwork_tick


class Command(BaseCommand):
    help = "Fieldwork by the clock: `tick` closes what is due and queues scheduled reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        tick = commands.add_parser("tick", help="run what is due now (once a minute from cron)")
        tick.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="keep running and tick every SECONDS (beside `samson db_worker`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        every = int(options["every"])
        if every < 0:
            raise CommandError("--every must be 0 (once) or a number of seconds")
        while True:
            report = fieldwork_tick()
            if options["verbosity"] > 1 or any(
                (report.rounds_closed, report.editions_closed, report.reminders_queued)
            ):
                self.stdout.write(
                    f"fieldwork tick: closed {report.rounds_closed} rounds and "
                    f"{report.editions_closed} editions, queued {report.reminders_queued} "
                    "scheduled reminders"
                )
            if not every:
                return
            time.sleep(every)
