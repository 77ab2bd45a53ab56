"""The audit trail: one row per created, changed or deleted row of any table.

On PostgreSQL the rows are written by triggers (landwatch/audit.py installs them after
every migrate), so no code path — view, admin, command, ``queryset.update()``, raw SQL —
can change data without a trace. On SQLite (``make run`` only) model signals write the
same rows for ORM saves and deletes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        INSERT = "I", _("created")
        UPDATE = "U", _("changed")
        DELETE = "D", _("deleted")

    table_name = models.CharField(_("table"), max_length=100)
    row_id = models.CharField(_("row"), max_length=64)
    action = models.CharField(_("action"), max_length=1, choices=Action.choices)
    old_values = models.JSONField(_("old values"), null=True, blank=True)
    new_values = models.JSONField(_("new values"), null=True, blank=True)
    # No foreign key: an audit row must survive anything that happens to the user table.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    context = models.CharField(_("context"), max_length=300, blank=True, default="")
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["table_name", "row_id"], name="audit_table_row_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.table_name}#{self.row_id}"


class DataVersion(models.Model):
    """The version of one scope's data, raised by every committed write to it (landwatch/dataversion.py).

    ``id`` is the township's unit id, or 0 for the county-wide data (dataversion.COUNTY_WIDE),
    or a topic's code times ``dataversion.TOPIC_ID_BASE`` plus the township's (an app's rows
    in one township: dataversion.TOPICS).
    """

    value = models.BigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self) -> str:
        return str(self.value)
