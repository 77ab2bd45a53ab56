"""What every app's demo and scale steps share: the step registries and the demo's clock.

The steps are named in settings (``LANDWATCH_DEMO_STEPS``, ``LANDWATCH_SCALE_STEPS``), in the
order they run, like ``MIDDLEWARE``: each app contributes its own part through its own
services or bulk module, and ``landwatch`` only runs the list, knowing no app's tables.

The demo is dated relative to the day it is loaded (README, "Two commands"): it replays the
last weeks of a township at work through the app's services, each act on its day. The
services record "now" (an event's time, a log's creation, a case number's year), so the demo
runs each act under ``demo_clock(moment)``: the one place where the recorded time is that of
the act rather than of the load. Where a service takes the act's date (``issued_on``,
``served_on``, ``inspected_on`` …) the demo passes it as well.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


def steps(setting: str) -> list[tuple[str, Callable]]:
    """The steps named in ``settings.<setting>``, imported; a step that does not import fails here."""
    return [(path, import_string(path)) for path in getattr(settings, setting)]


_REAL_DATETIME = timezone.datetime


def load_day() -> datetime.date:
    """The day the demo is loaded (local), also inside ``demo_clock``: the scenario's days count from it."""
    return timezone.localtime(_REAL_DATETIME.now(datetime.UTC)).date()


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour`` o'clock, local time (aware)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def demo_clock(moment: datetime.datetime | datetime.date, hour: int = 10) -> Iterator[None]:
    """Run the enclosed service calls as if it were ``moment`` (a day is taken at ``hour``).

    ``django.utils.timezone.now`` (and so ``localdate``, ``auto_now`` fields and the
    ``default=timezone.now`` of every model) reads the clock through the module's ``datetime``;
    it is replaced for the duration by one that answers ``moment``. For the demo loader only
    (one thread, a management command); never around a request. ``moment`` may not be a day
    to come: the demo records what happened (an hour of today not yet reached is taken as now).
    """
    import django.utils.timezone as tz

    if not isinstance(moment, datetime.datetime):
        moment = at(moment, hour)
    if timezone.localdate(moment) > load_day():
        raise ValueError(f"the demo cannot act on a day to come ({moment.isoformat()})")
    moment = min(moment, _REAL_DATETIME.now(datetime.UTC))
    real = tz.datetime

    class _Stopped(real):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz is not None else timezone.make_naive(moment)

    tz.datetime = _Stopped
    try:
        yield
    finally:
        tz.datetime = real
