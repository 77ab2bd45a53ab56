"""factory-boy factories, one module per area, all importable from ``tests.factories``."""

from importlib import import_module

from .territory import *  # noqa: F401,F403

# Every area's factories, importable from here by name.
for _name in ("campaigns", "cases", "patrols", "reports"):
    _module = import_module(f"{__name__}.{_name}")
    globals().update({k: v for k, v in vars(_module).items() if k.endswith("Factory")})
