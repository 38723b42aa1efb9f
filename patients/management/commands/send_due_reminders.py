import time

from django.core.management.base import CommandError
from django.db import close_old_connections

from clinic.tenancy import SystemCommand
from patients.engagement import tasks


class Command(SystemCommand):
    help = (
        "Queue the patient reminders and therapist alert digests whose time has come; the "
        "task worker (manage.py db_worker) sends them. Run it every few minutes from cron, "
        "or keep it running with --every SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and sweep every SECONDS (at least 30); default: sweep once.",
        )

    def handle(self, *args, every: int, **options):
        if every and every < 30:
            raise CommandError("--every must be at least 30 seconds.")
        while True:
            reminders = tasks.enqueue_due_reminders()
            digests = tasks.enqueue_due_digests()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Queued {reminders} reminder(s) and {digests} digest(s).")
            if not every:
                return
            time.sleep(every)
            close_old_connections()  # a long-running loop drops stale database connections
