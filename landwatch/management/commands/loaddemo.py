"""Load (or refresh) the seed's demonstration scenario. Safe to run twice."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app contributes its part of the demo; a step whose module or function does not
# exist yet is skipped. Order matters: territory first, cases before what refers to them.
DEMO_STEPS = [
    "patrols.demo.load_territory",
    "campaigns.demo.load_campaign",
    "cases.demo.load_cases",
    "documents.demo.load_documents",
    "patrols.demo_patrols.load_patrols",
    "campaigns.demo.load_activities",
]


def _resolve(dotted: str):
    module_name, _, attr = dotted.rpartition(".")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    return getattr(module, attr, None)


class Command(BaseCommand):
    help = "Load the demonstration data of the seed's township (idempotent) and print one login per role."

    def handle(self, *args, **options) -> None:
        from patrols.demo import DEMO_PASSWORD, LOGINS

        with transaction.atomic():
            for step in DEMO_STEPS:
                func = _resolve(step)
                if func is None:
                    continue
                self.stdout.write(f"  {step} …")
                func(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins (password for all: %s):" % DEMO_PASSWORD))
        for username, label in LOGINS:
            self.stdout.write(f"  {username:<20} {label}")
