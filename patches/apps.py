from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatchesConfig(AppConfig):
    name = "patches"
    verbose_name = _("Satellite patches")
