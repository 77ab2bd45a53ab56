"""Load the holiday table (法定节假日 and 调休 days) from a CSV/JSON file or from the files we ship.

    manage.py load_holidays path/to/2027.csv      # a year's arrangement, once the State Council publishes it
    manage.py load_holidays --shipped 2025 2026   # the files in deadlines/holidays/
    manage.py load_holidays --replace FILE        # load a year again (a corrected file)

Nothing is saved when any row is wrong; each bad row is named.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from deadlines.services import HolidayFileError, load_holidays, load_shipped, shipped_years


class Command(BaseCommand):
    help = "Load the holiday table (public holidays and adjusted working days) from a file or the shipped years."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", help="CSV or JSON files (or years, with --shipped).")
        parser.add_argument("--shipped", action="store_true",
                            help="Load the shipped files of the years given (all shipped years without any).")
        parser.add_argument("--replace", action="store_true", help="Replace years already loaded.")

    def handle(self, *args, files: list[str], shipped: bool, replace: bool, **options) -> None:
        try:
            if shipped:
                years = [int(y) for y in files] if files else shipped_years()
                loaded = load_shipped(years, replace=replace)
            else:
                if not files:
                    raise CommandError("Name a file, or use --shipped.")
                loaded = []
                for name in files:
                    loaded += load_holidays(Path(name).read_bytes(), name=Path(name).name, replace=replace)
        except HolidayFileError as exc:
            raise CommandError("Nothing was loaded:\n" + "\n".join(exc.errors)) from None
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Loaded: " + (", ".join(map(str, loaded)) or "nothing"))
