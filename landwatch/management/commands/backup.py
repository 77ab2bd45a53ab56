from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from landwatch.backup import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the evidence files into a new folder, with a fingerprint manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", default=None, help="Folder to create (default: backups/landwatch-<time>).")

    def handle(self, *args, output=None, **options) -> None:
        target = Path(output or f"backups/landwatch-{timezone.localtime():%Y%m%d-%H%M%S}")
        backup(target)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
