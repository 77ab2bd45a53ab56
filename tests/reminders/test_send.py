"""send_reminders: each kind at its boundary days (with a holiday in between), the ladder,
idempotence, the timeline, e-mail in the outbox."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import TaskStatus
from cases.models import CaseEvent, CaseStatus, EventKind
from documents.models import DocumentKind, DocumentStatus, ServiceRecord
from landwatch.roles import Role
from patrols.models import PatrolFinding
from reminders.models import EscalationRule, InboxItem, Level, Reminder, Stage
from reminders.services import send_reminders
from reports import services as report_services
from reports.models import PublicReport
from tests.factories import (
    PatrolFindingFactory,
    PatrolLogFactory,
    PatrolPlanFactory,
    PublicReportFactory,
    TaskFactory,
    ViolationCaseFactory,
    member,
)
from tests.factories.campaigns import campaign_with_phases
from tests.factories.documents import CaseDocumentFactory

from .conftest import MON, day

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_case(territory, office, officer, holidays):
    def make(deadline):
        return ViolationCaseFactory(village=territory.village_a, status=CaseStatus.NOTIFIED, deadline=deadline,
                                    assignee=officer, created_by=office, discovered_on=day(8, 1))
    return make


def sent(kind: str, **filters) -> list[tuple]:
    return sorted(Reminder.objects.filter(kind=kind, **filters).values_list("stage", "level"))


# --- notice deadlines: the due-soon window counts working days ---------------------------------


def test_a_deadline_three_working_days_away_across_the_holiday_is_due_soon(notice_case, officer):
    case = notice_case(day(10, 5))  # Mon: Tue, Wed, (holidays, weekend), Mon = 3 working days
    later = notice_case(day(10, 6))  # the 4th working day: not yet
    send_reminders(today=MON, deliver=False)
    assert sent("notice", case=case) == [(Stage.DUE_SOON, Level.ASSIGNEE)]
    assert sent("notice", case=later) == []
    assert InboxItem.objects.get(reminder__case=case).recipient == officer


def test_without_the_holiday_table_the_window_would_end_before_the_holiday(notice_case, holidays):
    """The same case, the table emptied: three working days from Monday end on Thursday."""
    case = notice_case(day(10, 5))
    holidays.days.all().delete()
    from deadlines import clock
    clock.forget_table()
    send_reminders(today=MON, deliver=False)
    assert sent("notice", case=case) == []


def test_due_today_and_overdue_stages(notice_case):
    case = notice_case(day(9, 30))
    send_reminders(today=day(9, 30), deliver=False)
    assert sent("notice", case=case) == [(Stage.DUE_TODAY, Level.ASSIGNEE)]
    send_reminders(today=day(10, 1), deliver=False)
    assert (Stage.OVERDUE, Level.ASSIGNEE) in sent("notice", case=case)


# --- the ladder: N and M working days overdue ----------------------------------------------------


def test_the_ladder_climbs_by_working_days_overdue(notice_case, office, leader, officer):
    """notice: the office after 2 working days overdue, the leader after 5 (the migration's defaults).
    Due Wed 30 Sep: Mon 5 Oct is only the 1st working day overdue (holidays, weekend), Tue 6 the
    2nd, Fri 9 the 5th."""
    case = notice_case(day(9, 30))
    send_reminders(today=day(10, 5), deliver=False)
    assert sent("notice", case=case, stage=Stage.OVERDUE) == [(Stage.OVERDUE, Level.ASSIGNEE)]
    send_reminders(today=day(10, 6), deliver=False)
    assert sent("notice", case=case, stage=Stage.OVERDUE) == [(Stage.OVERDUE, Level.ASSIGNEE),
                                                               (Stage.OVERDUE, Level.OFFICE)]
    assert InboxItem.objects.get(reminder__level=Level.OFFICE).recipient == office
    send_reminders(today=day(10, 8), deliver=False)
    assert not Reminder.objects.filter(level=Level.LEADER).exists()
    send_reminders(today=day(10, 9), deliver=False)
    assert InboxItem.objects.get(reminder__level=Level.LEADER).recipient == leader


def test_n_and_m_come_from_the_admin_rule(notice_case, office):
    EscalationRule.objects.filter(kind="notice").update(office_after=1, leader_after=1)
    case = notice_case(day(9, 30))
    send_reminders(today=day(10, 5), deliver=False)
    assert sent("notice", case=case, stage=Stage.OVERDUE) == [
        (Stage.OVERDUE, Level.ASSIGNEE), (Stage.OVERDUE, Level.LEADER), (Stage.OVERDUE, Level.OFFICE)]


# --- idempotence ---------------------------------------------------------------------------------


def test_running_twice_sends_nothing_twice(notice_case, officer, office):
    officer.email, office.email = "officer@example.cn", "office@example.cn"
    officer.save(), office.save()
    case = notice_case(day(9, 30))
    first = send_reminders(today=day(10, 6))
    assert first.reminders == 2 and first.emails == 2
    outbox, events = len(mail.outbox), CaseEvent.objects.filter(kind=EventKind.REMINDER_SENT).count()
    second = send_reminders(today=day(10, 6))
    assert (second.reminders, second.items, second.emails) == (0, 0, 0)
    assert len(mail.outbox) == outbox == 2
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REMINDER_SENT).count() == events == 2
    assert Reminder.objects.count() == 2 and InboxItem.objects.count() == 2


def test_the_database_refuses_a_reminder_sent_twice(notice_case):
    case = notice_case(day(9, 30))
    send_reminders(today=day(9, 30), deliver=False)
    r = Reminder.objects.get(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(kind=r.kind, subject=r.subject, due_on=r.due_on, stage=r.stage, level=r.level,
                                title="again", url=r.url)


def test_each_reminder_is_written_on_the_case_timeline_once(client, notice_case, officer):
    case = notice_case(day(10, 5))
    send_reminders(today=MON, deliver=False)
    send_reminders(today=MON, deliver=False)
    event = CaseEvent.objects.get(case=case, kind=EventKind.REMINDER_SENT)
    assert event.actor is None and event.data["level"] == Level.ASSIGNEE and event.data["due_on"] == "2026-10-05"
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "提醒已发送" in page or "Reminder sent" in page
    assert "执法队员" in page


def test_email_goes_to_the_recipient_through_django_mail(notice_case, officer, settings):
    settings.LANDWATCH_BASE_URL = "https://landwatch.example.cn"
    officer.email = "officer@example.cn"
    officer.save()
    case = notice_case(day(10, 5))
    send_reminders(today=MON)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.cn"]
    assert case.number in message.subject
    assert f"https://landwatch.example.cn{case.get_absolute_url()}" in message.body
    assert InboxItem.objects.get().emailed_at is not None


# --- the penalty chain's periods -----------------------------------------------------------------


def _served(case, kind, on, by):
    document = CaseDocumentFactory(case=case, kind=kind, status=DocumentStatus.SERVED, created_by=by, year=2026,
                                   sequence=CaseDocumentFactory._meta.model.objects.count() + 1)
    ServiceRecord.objects.create(document=document, method="direct", served_on=on, recorded_by=by)
    return document


@pytest.fixture
def informed(territory, office, officer, holidays):
    case = ViolationCaseFactory(village=territory.village_a, status=CaseStatus.INFORMED, assignee=officer,
                                created_by=office, discovered_on=day(8, 1), filed_on=day(8, 3))
    return case


def test_statement_period_five_working_days_from_service(informed, office):
    """Served Wed 23 Sep: Thu 24, Fri 25, Mon 28, Tue 29, Wed 30 → the period ends Wed 30 Sep.
    Thursday and Friday 1–2 Oct are holidays: the 1st working day overdue is Monday 5 Oct."""
    _served(informed, DocumentKind.PENALTY_NOTICE, day(9, 23), office)
    send_reminders(today=day(9, 24), deliver=False)
    assert sent("statement", case=informed) == []  # Wed 30 is the 4th working day after Thu 24
    send_reminders(today=day(9, 25), deliver=False)
    assert sent("statement", case=informed) == [(Stage.DUE_SOON, Level.ASSIGNEE)]
    assert Reminder.objects.get(kind="statement").due_on == day(9, 30)
    send_reminders(today=day(10, 5), deliver=False)
    assert (Stage.OVERDUE, Level.OFFICE) in sent("statement", case=informed)  # office after 1


def test_statement_reminders_stop_once_the_statement_is_on_record(informed, office):
    _served(informed, DocumentKind.PENALTY_NOTICE, day(9, 23), office)
    CaseEvent.objects.create(case=informed, kind=EventKind.STATEMENT_RECEIVED, actor=office,
                             occurred_on=day(9, 24))
    send_reminders(today=day(9, 30), deliver=False)
    assert sent("statement", case=informed) == []


def test_hearing_request_period(informed, office):
    _served(informed, DocumentKind.HEARING_NOTICE, day(9, 23), office)
    send_reminders(today=day(9, 30), deliver=False)
    assert sent("hearing_request", case=informed) == [(Stage.DUE_TODAY, Level.ASSIGNEE)]


def test_decision_clock_ninety_days_from_filing(territory, office, officer, holidays):
    """Filed 3 July 2026: 90 days end Thu 1 October, a holiday: the last day moves to Mon 5 Oct."""
    case = ViolationCaseFactory(village=territory.village_a, status=CaseStatus.REVIEWING, assignee=officer,
                                created_by=office, discovered_on=day(7, 1), filed_on=day(7, 3))
    send_reminders(today=day(9, 24), deliver=False)  # Fri 25, Mon 28, Tue 29: not yet
    assert sent("decision", case=case) == []
    send_reminders(today=MON, deliver=False)
    assert Reminder.objects.get(kind="decision").due_on == day(10, 5)


# --- findings, patrols, tasks ----------------------------------------------------------------------


def test_a_finding_not_handled_three_working_days(territory, coordinator_a, office, holidays):
    """Reported Tue 29 Sep: Wed 30, (holidays, weekend), Mon 5, Tue 6 → due Tue 6 Oct (Fri 2 without
    the holidays); no one is assigned a finding, so the office gets it from the first rung."""
    finding = PatrolFindingFactory(village=territory.village_a, reported_by=coordinator_a)
    at = timezone.make_aware(datetime.datetime(2026, 9, 29, 10))
    PatrolFinding.objects.filter(pk=finding.pk).update(reported_at=at)
    send_reminders(today=day(9, 29), deliver=False)
    reminder = Reminder.objects.get(kind="finding")
    assert reminder.due_on == day(10, 6) and reminder.stage == Stage.DUE_SOON
    assert InboxItem.objects.get(reminder=reminder).recipient == office
    send_reminders(today=day(10, 6), deliver=False)
    send_reminders(today=day(10, 7), deliver=False)
    assert sent("finding") == [(Stage.DUE_SOON, Level.ASSIGNEE), (Stage.DUE_TODAY, Level.ASSIGNEE),
                               (Stage.OVERDUE, Level.ASSIGNEE)]
    send_reminders(today=day(10, 8), deliver=False)  # 2 working days overdue: the office's rung …
    # … reaches nobody new: the office was told on the first rung, and is told once per stage.
    assert (Stage.OVERDUE, Level.OFFICE) not in sent("finding")
    overdue = InboxItem.objects.filter(reminder__kind="finding", reminder__stage=Stage.OVERDUE)
    assert overdue.filter(recipient=office).count() == 1
    PatrolFinding.objects.filter(pk=finding.pk).update(status="dismissed", dismiss_reason="误报", handled_at=at)
    assert send_reminders(today=day(10, 20), deliver=False).reminders == 0


def test_a_village_whose_patrols_fall_behind(territory, coordinator_a, office, holidays):
    plan = PatrolPlanFactory(township=territory.township, responsible_unit=territory.village_a, times=1,
                             valid_from=day(1, 1), created_by=office)
    plan.villages.set([territory.village_a])
    PatrolLogFactory(village=territory.village_a, patrolled_on=day(9, 21), created_by=coordinator_a)
    send_reminders(today=day(9, 24), deliver=False)  # due 21 + 7 = Mon 28 Sep: Fri 25, Mon 28
    reminder = Reminder.objects.get(kind="patrol", subject=f"village:{territory.village_a.pk}")
    assert reminder.due_on == day(9, 28)
    assert InboxItem.objects.get(reminder=reminder).recipient == coordinator_a


def test_a_campaign_task_by_its_due_date(territory, office, officer, holidays):
    campaign = campaign_with_phases(territory.township)
    task = TaskFactory(campaign=campaign, owner=officer, due_date=day(10, 5),
                       created_by=office)
    send_reminders(today=MON, deliver=False)
    assert InboxItem.objects.get(reminder__kind="task").recipient == officer
    task.status = TaskStatus.DONE
    task.save()
    send_reminders(today=day(10, 5), deliver=False)
    assert not Reminder.objects.filter(kind="task", stage=Stage.DUE_TODAY).exists()


def test_another_township_gets_nothing(notice_case, territory, office):
    other_office = member(territory.other_township, Role.OFFICE, username="other_office_r")
    notice_case(day(9, 30))
    send_reminders(today=day(10, 9), deliver=False)
    assert not InboxItem.objects.filter(recipient=other_office).exists()


def received(report, at: datetime.datetime) -> None:
    PublicReport.objects.filter(pk=report.pk).update(submitted_at=timezone.make_aware(at))


def test_a_public_report_left_three_working_days_escalates_to_the_office_then_the_leaders(
        territory, office, leader, holidays):
    """Received Mon 28 Sep: Tue 29, Wed 30, (holidays, weekend), Mon 5 → left alone on Mon 5 Oct
    (Thu 1 without the holidays). The office is told before and on the day, the leaders the next
    working day; the reporter is named nowhere in what is sent."""
    report = PublicReportFactory(village=territory.village_a, reporter_name="举报人甲",
                                 reporter_phone="13900001111")
    received(report, datetime.datetime(2026, 9, 28, 9))
    send_reminders(today=day(9, 28), deliver=False)
    reminder = Reminder.objects.get(kind="report")
    assert reminder.due_on == day(10, 5) and reminder.stage == Stage.DUE_SOON
    assert InboxItem.objects.get(reminder=reminder).recipient == office
    send_reminders(today=day(10, 5), deliver=False)
    assert sent("report") == [(Stage.DUE_SOON, Level.ASSIGNEE), (Stage.DUE_TODAY, Level.ASSIGNEE)]
    send_reminders(today=day(10, 6), deliver=False)
    assert (Stage.OVERDUE, Level.LEADER) in sent("report")
    assert InboxItem.objects.filter(reminder__kind="report", recipient=leader).exists()
    assert not Reminder.objects.filter(kind="report", title__contains="举报人甲").exists()
    assert not Reminder.objects.filter(kind="report", title__contains="13900001111").exists()
    assert report.receipt in reminder.title


def test_a_handled_public_report_is_not_reminded_and_a_new_lull_counts_again(territory, office, holidays):
    report = PublicReportFactory(village=territory.village_a)
    received(report, datetime.datetime(2026, 9, 28, 9))
    send_reminders(today=day(10, 5), deliver=False)
    # The office replies on Tue 6 Oct: the count starts again from that day (due Fri 9 Oct).
    PublicReport.objects.filter(pk=report.pk).update(
        last_action_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 9)))
    send_reminders(today=day(10, 6), deliver=False)
    assert Reminder.objects.filter(kind="report", due_on=day(10, 9)).exists()
    report_services.dismiss_report(report, by=office, reason="经核实为合法用地")
    assert send_reminders(today=day(10, 20), deliver=False).reminders == 0


def test_a_clerk_who_is_both_the_responsible_person_and_the_office_is_told_once_per_stage(
        territory, office, leader, holidays):
    """A public report has no responsible person but the office: the office rung reaches nobody
    new, so the clerk gets the overdue reminder once (bench/soak.py counted it twice); the
    leaders still get theirs."""
    report = PublicReportFactory(village=territory.village_a)
    received(report, datetime.datetime(2026, 9, 28, 9))
    send_reminders(today=day(10, 6), deliver=False)
    send_reminders(today=day(10, 7), deliver=False)
    overdue = InboxItem.objects.filter(reminder__kind="report", reminder__stage=Stage.OVERDUE)
    assert overdue.filter(recipient=office).count() == 1
    assert overdue.filter(recipient=leader).count() == 1
    assert not Reminder.objects.filter(kind="report", stage=Stage.OVERDUE, level=Level.OFFICE).exists()
