from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Case documents (文书), their service (送达), the evidence file and the Excel ledger (台账).

    Depends on ``cases`` (and through it on ``patrols``); nothing in ``cases`` imports this app.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Case documents")
