"""Load (or refresh) the seed's demonstration scenario. Safe to run twice."""

from django.core.management.base import BaseCommand
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


class Command(BaseCommand):
    help = "Load the demonstration data of the seed's township (idempotent) and print one login per role."

    def handle(self, *args, **options) -> None:
        from patrols.demo import DEMO_PASSWORD, LOGINS

        with transaction.atomic():
            for step in DEMO_STEPS:
                self.stdout.write(f"  {step} …")
                import_string(step)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, label in LOGINS:
            self.stdout.write(f"  {username:<20} {label}")
