"""Fill the database with county-scale synthetic data for the benchmark (bulk inserts)."""

import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from landwatch.scale import generate


class Command(BaseCommand):
    help = "Generate county-scale data: townships, villages, cases with events, patrol logs with findings. Rerunnable."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--townships", type=int, default=10)
        parser.add_argument("--villages", type=int, default=200, help="Villages in all, spread over the townships.")
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--patrol-logs", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, **opts) -> None:
        started = time.monotonic()
        try:
            timings = generate(
                townships=opts["townships"],
                villages=opts["villages"],
                cases=opts["cases"],
                patrol_logs=opts["patrol_logs"],
                seed=opts["seed"],
                progress=lambda msg: self.stdout.write(f"  {msg}"),
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        parts = " ".join(f"{k}={v:.1f}" for k, v in timings.items())
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s ({parts})"))
