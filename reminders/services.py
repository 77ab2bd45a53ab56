"""Sending reminders: the one writer of ``Reminder`` and ``InboxItem``, and their delivery.

``send_reminders`` is what the ``send_reminders`` command runs every few minutes. Each kind
(``registry.KINDS``) yields what falls due; each item gets its stage (due soon, due today,
overdue) and the rungs of the ladder it has reached, and each (kind, item, due date, stage,
rung) is sent once: the insert of its ``Reminder`` row is the test (``reminder_sent_once``),
so a second run, or two runs at once, send nothing twice. With the row, in one transaction:
the recipients' inbox items and, for a case, one event on its timeline. E-mail and SMS go
after the commit, each item claimed by a conditional UPDATE before it leaves (at most once).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import events as case_events
from cases import services as case_services
from cases.models import DUE_SOON_DAYS
from deadlines import clock, dates
from landwatch.roles import Role
from territory.models import UnitMembership

from . import sms
from .kinds import Due
from .models import Contact, EscalationRule, InboxItem, Level, Reminder, Stage
from .registry import KINDS, Kind

log = logging.getLogger(__name__)

# Messages not sent within a day of their reminder are not sent any more (a gateway configured
# today does not text last month's reminders).
DELIVERY_WINDOW = datetime.timedelta(days=1)


@dataclass
class Sent:
    reminders: int = 0
    items: int = 0
    emails: int = 0
    texts: int = 0
    failures: list[str] = field(default_factory=list)


def working_days_overdue(due_on: datetime.date, today: datetime.date, *, at_most: int) -> int:
    """Working days after ``due_on`` up to ``today`` (the holiday table's, ``deadlines.clock``),
    counted up to ``at_most`` (the last rung needs no more)."""
    count, day = 0, due_on
    while day < today and count < at_most:
        day += clock.ONE_DAY
        if clock.is_working_day(day):
            count += 1
    return count


def stage_of(due_on: datetime.date, today: datetime.date) -> str:
    if due_on < today:
        return Stage.OVERDUE
    return Stage.DUE_TODAY if due_on == today else Stage.DUE_SOON


def rungs(kind: Kind, due_on: datetime.date, today: datetime.date, rule: EscalationRule | None) -> list[str]:
    """The rungs reached: the person responsible at every stage; the office after N working days
    overdue, the leader after M (the kind's ``EscalationRule``, else its defaults)."""
    if due_on >= today:
        return [Level.ASSIGNEE]
    office_after = rule.office_after if rule else kind.office_after
    leader_after = rule.leader_after if rule else kind.leader_after
    late = working_days_overdue(due_on, today, at_most=max(office_after, leader_after))
    reached = [Level.ASSIGNEE]
    if late >= office_after:
        reached.append(Level.OFFICE)
    if late >= leader_after:
        reached.append(Level.LEADER)
    return reached


def _township_staff(township_id: int | None, role: str) -> list:
    if township_id is None:
        return []
    ids = UnitMembership.objects.filter(unit__township_id=township_id, role=role, active=True,
                                        user__is_active=True).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


def recipients(due: Due, level: str) -> list:
    """The people of a rung: the item's responsible people (the office when it has none), the
    township's office, or its leaders."""
    if level == Level.ASSIGNEE:
        people = list(get_user_model().objects.filter(pk__in=due.assignee_ids, is_active=True).order_by("pk"))
        return people or _township_staff(due.township_id, Role.OFFICE)
    return _township_staff(due.township_id, Role.OFFICE if level == Level.OFFICE else Role.LEADER)


LADDER = [Level.ASSIGNEE, Level.OFFICE, Level.LEADER]


def new_recipients(due: Due, level: str) -> tuple[list, list]:
    """The people of a rung, and those of them on no lower rung of the item: each is told once per stage.

    Where the office stands in for the responsible person (a public report, a finding), the
    office rung would tell the same clerk the same thing again (found by bench/soak.py).
    """
    everyone = recipients(due, level)
    lower = {user.pk for rung in LADDER[:LADDER.index(level)] for user in recipients(due, rung)}
    return everyone, [user for user in everyone if user.pk not in lower]


def _shown(label) -> str:
    """A label as the timeline keeps it: in the system's language (LANGUAGE_CODE), like a name
    kept as it was shown at the time (cases/events.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def _send_one(kind: Kind, due: Due, stage: str, level: str) -> Reminder | None:
    """Write the reminder, its inbox items and its timeline event; None when it was sent before,
    or when everyone of the rung was told on a lower rung."""
    everyone, people = new_recipients(due, level)
    if everyone and not people:
        return None
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind.key, subject=due.subject, due_on=due.due_on, stage=stage, level=level,
                title=due.title[:300], url=due.url, case_id=due.case_id, township_id=due.township_id)
            InboxItem.objects.bulk_create([InboxItem(reminder=reminder, recipient=user) for user in people])
            if due.case_id is not None:
                case_services.record_reminder(due.case_id, data=case_events.reminder_sent(
                    kind=kind.key, kind_label=_shown(kind.label), stage=stage,
                    stage_label=_shown(Stage(stage).label), level=level,
                    level_label=_shown(Level(level).label), due_on=due.due_on, recipients=people))
    except IntegrityError:
        return None  # sent already (by an earlier run, or one running now)
    reminder.people = people
    return reminder


def send_reminders(*, today: datetime.date | None = None, deliver: bool = True) -> Sent:
    """Send what is due by ``today`` (default: today in Asia/Shanghai) and not sent yet; then deliver."""
    today = today or dates.today()
    until = clock.due_soon_until(today, DUE_SOON_DAYS)
    rules = {rule.kind: rule for rule in EscalationRule.objects.all()}
    sent = Sent()
    for kind in KINDS:
        items = list(kind.items(today, until))
        if not items:
            continue
        # Most runs find everything sent already: read what was, and try only the rest (the
        # constraint still decides, should another run send it meanwhile).
        known = set(Reminder.objects.filter(kind=kind.key, due_on__lte=until,
                                            due_on__gte=min(item.due_on for item in items))
                    .values_list("subject", "due_on", "stage", "level"))
        for due in items:
            stage = stage_of(due.due_on, today)
            for level in rungs(kind, due.due_on, today, rules.get(kind.key)):
                if (due.subject, due.due_on, stage, level) in known:
                    continue
                reminder = _send_one(kind, due, stage, level)
                if reminder is not None:
                    sent.reminders += 1
                    sent.items += len(reminder.people)
    if deliver:
        deliver_pending(sent)
    return sent


def _text(item: InboxItem) -> str:
    link = settings.LANDWATCH_BASE_URL.rstrip("/") + item.reminder.url if settings.LANDWATCH_BASE_URL else ""
    lines = [f"【{_('LandWatch')}】{item.reminder.get_stage_display()}：{item.reminder.title}"]
    lines.append(_("Due %(date)s") % {"date": item.reminder.due_on.isoformat()})
    if link:
        lines.append(link)
    return "\n".join(lines)


def _claim(item: InboxItem, field_name: str) -> bool:
    """Mark ``item`` as sent on a channel unless a run did already: True when this run may send it."""
    return bool(InboxItem.objects.filter(pk=item.pk, **{f"{field_name}__isnull": True})
                .update(**{field_name: timezone.now()}))


def deliver_pending(sent: Sent | None = None) -> Sent:
    """E-mail and SMS for the inbox items of the last day not yet sent on that channel."""
    sent = sent or Sent()
    recent = InboxItem.objects.filter(reminder__sent_at__gte=timezone.now() - DELIVERY_WINDOW,
                                      recipient__is_active=True).select_related("reminder", "recipient")
    wants = ~Q(recipient__reminder_contact__email_wanted=False)
    for item in recent.filter(wants, emailed_at__isnull=True).exclude(recipient__email=""):
        if not _claim(item, "emailed_at"):
            continue
        try:
            send_mail(f"{item.reminder.get_stage_display()}：{item.reminder.title}"[:150], _text(item), None,
                      [item.recipient.email])
            sent.emails += 1
        except Exception as error:  # noqa: BLE001 (any failure of the mail server is recorded, not raised)
            InboxItem.objects.filter(pk=item.pk).update(email_error=str(error)[:200])
            sent.failures.append(f"e-mail {item.pk}: {error}")
    gateway = sms.gateway()
    if gateway is None:
        return sent
    phones = dict(Contact.objects.filter(sms_wanted=True).exclude(mobile="").values_list("user_id", "mobile"))
    for item in recent.filter(texted_at__isnull=True, recipient__in=list(phones)):
        if not _claim(item, "texted_at"):
            continue
        try:
            gateway.send(phones[item.recipient_id], _text(item))
            sent.texts += 1
        except sms.SmsError as error:
            InboxItem.objects.filter(pk=item.pk).update(sms_error=str(error)[:200])
            sent.failures.append(f"SMS {item.pk}: {error}")
    return sent


# --- the inbox --------------------------------------------------------------------------------


def mark_read(item: InboxItem, *, by) -> InboxItem:
    """The recipient read the item (only theirs reach here: ``selectors.get_item_for_user``)."""
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


def mark_all_read(*, by) -> int:
    return InboxItem.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())
