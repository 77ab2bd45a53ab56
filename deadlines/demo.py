"""The demo's holiday table: this year's and next year's arrangement, where we ship them."""

from landwatch.demo import load_day

from .models import HolidayYear
from .services import load_shipped


def load_holidays(*, stdout) -> None:
    """Load the shipped tables of the current and the next year that are not loaded yet.

    A year we do not ship (2027 as of chinese-calendar 1.11.0) stays missing: the office then
    sees the warning to load it, as a real township would.
    """
    year = load_day().year
    wanted = [y for y in (year, year + 1) if not HolidayYear.objects.filter(year=y).exists()]
    loaded = load_shipped(wanted)
    stdout.write(f"    holiday tables loaded: {loaded or 'none new'}")
