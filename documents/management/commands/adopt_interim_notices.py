from django.core.management.base import BaseCommand

from documents.services import adopt_interim_notices


class Command(BaseCommand):
    help = (
        "Turn every interim rectification-notice event (recorded on the case timeline before the documents "
        "app existed) into a served rectification notice with its service record. Safe to run twice."
    )

    def handle(self, *args, **options) -> None:
        adopted = adopt_interim_notices()
        self.stdout.write(self.style.SUCCESS(f"{adopted} interim notice events adopted as documents."))
