from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """The one deadline engine: every date the law or the plan counts is computed here.

    Imports nothing of ours but ``landwatch``; every app above uses it (docs/ARCHITECTURE.md).
    The working-day clock with its holiday table (法定节假日 and 调休 days) joins this app with the
    lawful procedure; until then every period is counted in calendar days.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "deadlines"
    verbose_name = _("Deadlines")
