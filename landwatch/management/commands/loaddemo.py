"""Load (or refresh) the seed's demonstration scenario. Safe to run twice.

Meant for `make run` (DEBUG on), where the demo users get the published password. With
DEBUG off the command refuses unless given ``--allow-production``, and even then no demo
user gets a password anyone knows (``patrols.demo.user``): an administrator sets one with
``manage.py changepassword``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each app contributes its part of the demo; a step that does not import fails the command
# (and its test) rather than leaving its part out. Order matters: territory first, cases
# before what refers to them.
DEMO_STEPS = [
    "patrols.demo.load_territory",
    "campaigns.demo.load_campaign",
    "cases.demo.load_cases",
    "documents.demo.load_documents",
    "patrols.demo_patrols.load_patrols",
    "campaigns.demo.load_activities",
]
# The logins printed at the end, one per role, and their password under DEBUG.
DEMO_LOGINS = "patrols.demo.LOGINS"
DEMO_PASSWORD = "patrols.demo.DEMO_PASSWORD"


class Command(BaseCommand):
    help = "Load the demonstration data of the seed's township (idempotent) and print one login per role."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo although DEBUG is off. Demo users get no usable password; "
            "set one with manage.py changepassword.",
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like a real database, and the demo would add invented "
                "townships, cases and users to it. Nothing was written. The demo is for `make run`; "
                "to load it here anyway, pass --allow-production (its users then get no usable password)."
            )
        with transaction.atomic():
            for step in DEMO_STEPS:
                self.stdout.write(f"  {step} …")
                import_string(step)(stdout=self.stdout)
        if settings.DEBUG:
            password = import_string(DEMO_PASSWORD)
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password for all: {password}):"))
        else:
            self.stdout.write(
                self.style.SUCCESS("Demo data loaded. New demo users have no usable password; give one with")
                + "\n  manage.py changepassword USERNAME\nLogins:"
            )
        for username, label in import_string(DEMO_LOGINS):
            self.stdout.write(f"  {username:<20} {label}")
