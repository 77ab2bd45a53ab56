"""Home-page panels contributed by the apps.

An app that has something to show on a user's home page provides ``<app>/home.py`` with
``panels(request) -> list[Panel]``; the home view renders them in app order. Each app
decides itself which roles see its panels and keeps its queries flat.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def home_panels(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
            continue
        panels.extend(module.panels(request))
    return sorted(panels, key=lambda p: p.order)
