from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandwatchConfig(AppConfig):
    name = "landwatch"
    verbose_name = _("LandWatch")

    def ready(self) -> None:
        from . import audit, dataversion, security  # noqa: F401  (security connects the login signal receivers)

        audit.connect()
        dataversion.connect()
