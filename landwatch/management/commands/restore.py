from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from landwatch.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured (empty) PostgreSQL database and the media folder, "
        "then compare every table's row count and checksum with the backup's manifest."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="A folder written by `manage.py backup`.")

    def handle(self, *args, source: str, **options) -> None:
        differences = restore(Path(source))
        if differences:
            for table, diff in differences.items():
                self.stderr.write(f"{table}: expected {diff['expected']}, restored {diff['actual']}")
            raise CommandError(f"{len(differences)} table(s) differ from the backup.")
        self.stdout.write(self.style.SUCCESS("Restored; every table's row count and checksum match the backup."))
