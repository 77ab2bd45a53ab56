"""Reminders (催办提醒): what was sent, to whom, and how each kind escalates.

A ``Reminder`` is one item of one kind (a case's notice deadline, a finding …) at one stage
(due soon, due today, overdue) and one rung of the escalation ladder (the assignee, the office,
the leader), for one due date. It is sent once: the unique constraint ``reminder_sent_once``
is what makes ``send_reminders`` idempotent (an insert that collides means "already sent"),
not a look before the insert, so two runs at the same moment cannot both send it. Each
recipient's copy is an ``InboxItem`` (read/unread, and the e-mail and SMS sent for it).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch.vocabulary import ChoiceLabels


class Stage(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", pgettext_lazy("reminder stage", "Overdue")


class Level(models.TextChoices):
    """The rungs of the escalation ladder, in the order they are climbed."""

    ASSIGNEE = "assignee", _("The person responsible")
    OFFICE = "office", _("The leading group office")
    LEADER = "leader", _("The leader")


def kind_choices() -> list[tuple[str, str]]:
    from .registry import KINDS

    return [(kind.key, kind.label) for kind in KINDS]


class EscalationRule(models.Model):
    """N and M of one kind: after how many working days overdue the office, then the leader, are told.

    One row per kind, loaded with each kind's defaults by a migration and edited in the admin;
    a kind without a row (added since) uses its defaults (``registry.Kind``).
    """

    kind = models.CharField(_("kind"), max_length=40, unique=True, choices=kind_choices)
    office_after = models.PositiveSmallIntegerField(
        _("office after (working days overdue)"),
        help_text=_("The office is told when the item is this many working days overdue."))
    leader_after = models.PositiveSmallIntegerField(
        _("leader after (working days overdue)"),
        help_text=_("The leader is told when the item is this many working days overdue."))

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(leader_after__gte=models.F("office_after")),
                                   name="escalation_leader_after_office"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Reminder(ChoiceLabels, models.Model):
    # No page is kept on what was sent or read (the inbox and its count are read live): a run of
    # send_reminders or a reminder marked read must not throw away any township's kept pages
    # (landwatch/dataversion.py). The case's timeline row is a CaseEvent, tracked as every event.
    data_version_untracked = True

    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    # What it is about, within its kind: "case:12", "finding:7", "village:3" …
    subject = models.CharField(_("subject"), max_length=60)
    due_on = models.DateField(_("due on"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(pgettext_lazy("reminder", "title"), max_length=300)
    url = models.CharField(_("link"), max_length=200)
    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey("territory.ResponsibilityUnit", verbose_name=_("township"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "due_on", "stage", "level"],
                                    name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return self.title


class InboxItem(models.Model):
    """One recipient's copy of a reminder: the inbox row, and its e-mail and SMS (each sent at most once)."""

    data_version_untracked = True  # read live, as its reminder (above)

    reminder = models.ForeignKey(Reminder, verbose_name=_("reminder"), on_delete=models.PROTECT,
                                 related_name="items")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("reminder", "recipient"),
                                  on_delete=models.PROTECT, related_name="reminder_items")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Claimed before the message leaves (an UPDATE … WHERE emailed_at IS NULL): never sent twice.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_error = models.CharField(_("e-mail error"), max_length=200, blank=True)
    texted_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    sms_error = models.CharField(_("SMS error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox items")
        ordering = ["-reminder__sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "recipient"], name="inbox_item_once_per_recipient"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_recipient_read_idx")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.reminder}"

    def get_absolute_url(self) -> str:
        return reverse("reminders:inbox")

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Contact(models.Model):
    """Where a user's reminders go besides the inbox: the mobile number for SMS (e-mail is the user's own)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="reminder_contact")
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email_wanted = models.BooleanField(_("send e-mail"), default=True)
    sms_wanted = models.BooleanField(_("send SMS"), default=True)

    class Meta:
        verbose_name = _("reminder contact")
        verbose_name_plural = _("reminder contacts")

    def __str__(self) -> str:
        return str(self.user)
