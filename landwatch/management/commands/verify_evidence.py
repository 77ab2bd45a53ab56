from django.core.management.base import BaseCommand, CommandError

from landwatch.evidence import verify_all


class Command(BaseCommand):
    help = "Re-hash every stored evidence file and report any that is missing or whose SHA-256 changed."

    def handle(self, *args, **options) -> None:
        checked = 0
        problems = []
        for _spec, _pk, problem in verify_all():
            checked += 1
            if problem:
                problems.append(problem)
                self.stderr.write(f"{problem.kind.upper()}: {problem.label} #{problem.pk} {problem.name}")
        if problems:
            raise CommandError(f"{len(problems)} of {checked} evidence files failed verification.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} evidence files match their recorded SHA-256."))
