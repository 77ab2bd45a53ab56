"""WSGI entry point (gunicorn landwatch.wsgi)."""

import gc
import importlib
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")
application = get_wsgi_application()

# What a worker loads at start (Django, the apps, their models, and with the URLconf every
# view module: ~120,000 objects) lives as long as the worker. Moved out of the collector's
# reach, a full collection, which requests trigger every few dozen, walks what they allocate
# only: it walked the whole heap for 37-47 ms, inside whichever request triggered it
# (docs/PERFORMANCE.md). The views are imported here rather than by the first request.
importlib.import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
