from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    """The responsibility-unit tree, who sits where in it, and the scope every other app filters by.

    It imports nothing of ours but ``landwatch``'s base helpers: every domain app builds on it.
    """

    name = "territory"
    verbose_name = _("Territory")
