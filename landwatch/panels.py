"""Home-page panels contributed by the apps.

An app that has something to show on a user's home page provides ``<app>/home.py`` with
``panels(request) -> list[Panel]`` and is named in ``HOME_MODULES``; the home view renders
them by their order. Each app decides itself which roles see its panels and keeps its
queries flat. The list is explicit: a module renamed or gone fails the home page (and its
tests) instead of its panels silently disappearing.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.http import HttpRequest

HOME_MODULES = ("deadlines.home", "territory.home", "patrols.home", "cases.home", "campaigns.home", "dashboards.home")


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def home_panels(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for name in HOME_MODULES:
        panels.extend(import_module(name).panels(request))
    return sorted(panels, key=lambda p: p.order)
