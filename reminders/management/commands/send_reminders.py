"""Send the reminders that are due: safe to run every few minutes (cron, a systemd timer).

Idempotent: each reminder is sent once (``reminders.services``); a run that finds nothing new
sends nothing. README, "Reminders", shows the crontab line and the systemd units.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders.services import send_reminders


class Command(BaseCommand):
    help = "Send due-soon, due-today and overdue reminders (inbox, e-mail, SMS); sends nothing twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Count as of this day (YYYY-MM-DD) instead of today (Asia/Shanghai).")
        parser.add_argument("--no-delivery", action="store_true", help="Fill the inboxes only: no e-mail, no SMS.")

    def handle(self, *args, date=None, no_delivery=False, **options) -> None:
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        sent = send_reminders(today=today, deliver=not no_delivery)
        self.stdout.write(f"reminders {sent.reminders}, inbox items {sent.items}, e-mails {sent.emails}, "
                          f"SMS {sent.texts}, failures {len(sent.failures)}")
        for failure in sent.failures:
            self.stderr.write(failure)
