"""Public reports (举报): what anyone may tell the township without an account, and its handling.

A report is a lead (线索) of the village it falls in (or of the township office when no village
is known) until the office accepts it (into a patrol finding, and from there a case), merges it
into another report or dismisses it with a reason. The reporter reads its progress and the
office's reply on a status page opened with the receipt number and a check code; the reporter's
name, phone and address are seen by the office and above only (``reports.rules``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from landwatch import links
from landwatch.appendonly import AppendOnly
from landwatch.uploads import UploadTo
from landwatch.vocabulary import ChoiceLabels
from territory.models import ResponsibilityUnit, UnitKind


class ReportStatus(models.TextChoices):
    NEW = "new", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into another report")
    DISMISSED = "dismissed", _("Dismissed")


class PublicReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.NEW)


class PublicReport(ChoiceLabels, models.Model):
    receipt = models.CharField(_("receipt number"), max_length=12, unique=True, editable=False)
    # SHA-256 of the check code: the code is shown to the reporter once and kept nowhere else.
    check_hash = models.CharField(_("check code hash"), max_length=64, editable=False)
    township = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("township"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": UnitKind.TOWNSHIP},
    )
    village = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="public_reports", limit_choices_to={"kind": UnitKind.VILLAGE},
    )
    what = models.TextField(_("what you saw"))
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    # An HMAC of the sender's address, for the hourly limit only: the address itself is not kept.
    sender_hash = models.CharField(_("sender hash"), max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW, editable=False
    )
    finding = models.OneToOneField(
        "patrols.PatrolFinding", verbose_name=_("finding"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="public_report", editable=False,
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged", editable=False,
    )
    dismiss_reason = models.TextField(_("reason for dismissal"), blank=True, editable=False)
    reply = models.TextField(_("reply to the reporter"), blank=True, editable=False)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    # The last time the office did anything with the report (accepted, merged, dismissed, replied):
    # ``selectors.leads_untouched`` escalates open reports whose last action is too old.
    last_action_at = models.DateTimeField(_("last handled at"), null=True, blank=True, editable=False)

    objects = PublicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["sender_hash", "submitted_at"], name="report_sender_time_idx"),
            models.Index(fields=["reporter_phone", "submitted_at"], name="report_phone_time_idx"),
            models.Index(fields=["township", "status", "submitted_at"], name="report_township_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | ~models.Q(dismiss_reason=""),
                name="report_dismissed_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="report_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(finding__isnull=False),
                name="report_accepted_has_finding",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    def get_absolute_url(self) -> str:
        return links.pk_url("reports:detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.NEW


class ReportPhoto(AppendOnly):
    """A photo sent with a report, with its hash; append-only like every piece of evidence."""

    report = models.ForeignKey(PublicReport, verbose_name=_("report"), on_delete=models.PROTECT,
                               related_name="photos")
    file = models.FileField(_("file"), upload_to=UploadTo("reports/photos"))
    kind = models.CharField(_("file type"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.pk}"

    def get_absolute_url(self) -> str:
        return links.pk_url("reports:photo", self.pk)


class ReportAction(ChoiceLabels, AppendOnly):
    """The audit trail of a report: received, accepted, merged, dismissed, replied; who and when."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted as a finding")
        MERGED = "merged", _("Merged into another report")
        DISMISSED = "dismissed", _("Dismissed")
        REPLIED = "replied", _("Reply written")

    report = models.ForeignKey(PublicReport, verbose_name=_("report"), on_delete=models.PROTECT,
                               related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report action")
        verbose_name_plural = _("report actions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_kind_display()}"
