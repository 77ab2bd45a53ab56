"""The generated county's holiday tables (``generate_scale``): last, this and next year, where we ship them.

A step of its own (``LANDWATCH_SCALE_STEPS``): the territory sits beside deadlines, not above it.
"""

from landwatch.scale import ScaleRun

from .models import HolidayYear
from .services import load_shipped


def load_holidays(run: ScaleRun) -> None:
    years = range(run.today.year - 1, run.today.year + 2)
    wanted = [y for y in years if not HolidayYear.objects.filter(year=y).exists()]
    run.progress(f"holiday tables loaded: {load_shipped(wanted) or 'none new'}")
