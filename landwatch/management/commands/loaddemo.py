"""Load (or refresh) the seed's demonstration scenario. Safe to run twice.

Meant for `make run` (DEBUG on), where the demo users get the published password. With
DEBUG off the command refuses unless given ``--allow-production``, and even then no demo
user gets a password anyone knows: an administrator sets one with ``manage.py changepassword``.

Each app contributes its part (``settings.LANDWATCH_DEMO_STEPS``, in order); a step that does
not import fails the command (and its test) rather than leaving its part out. The demo is dated
relative to the day it is loaded (``landwatch/demo.py``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from landwatch.demo import steps


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
            for name, step in steps("LANDWATCH_DEMO_STEPS"):
                self.stdout.write(f"  {name} …")
                step(stdout=self.stdout)
