from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.services import refresh_authorities


class Command(BaseCommand):
    help = (
        "Give every open case not yet filed nor handed over the competent authority (办案机关) the rule gives it "
        "now: run after entering a county's departments or a delegation. Each change is recorded on the case."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--by", required=True, help="the administrator (a superuser) doing it")

    def handle(self, *args, **options) -> None:
        by = get_user_model().objects.filter(username=options["by"], is_superuser=True, is_active=True).first()
        if by is None:
            raise CommandError(f"{options['by']!r} is not an active superuser.")
        changed = refresh_authorities(by=by)
        self.stdout.write(self.style.SUCCESS(f"{changed} cases given their competent authority."))
