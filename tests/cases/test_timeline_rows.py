"""Every kind of event the services write shows what happened on the timeline (issue #26, finding 10).

The data of each kind is built by ``cases/events.py`` and read back by the same module; a row
that shows only its kind and time — as an admin edit or a default decision once did — fails here.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases import events, services
from cases.models import Disposition, EventKind, ViolationCase
from landwatch.vocabulary import Category
from tests.factories.campaigns import CampaignFactory

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li class="list-group-item" data-event="(\w+)">(.*?)</li>', re.S)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


def _register(territory, office, officer, party, category, title, registered_on=None):
    return services.register_case(
        by=office, village=territory.village_a, title=title, party=party, location_text="三组路口",
        area_m2=Decimal(100), source="dynamic_patrol", discovered_on=datetime.date(2026, 11, 1),
        category=category, assignee=officer, registered_on=registered_on,
    )


def _rows(client, case) -> list[tuple[str, str]]:
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return ROW.findall(html)


def test_every_event_kind_the_services_write_shows_a_row_with_content(client, territory, office, officer, leader,
                                                                      party, county_departments):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    # One case walked through correction, re-inspection, reopening and the records around them.
    a = _register(territory, office, officer, party, Category.EXTRA_HOMESTEAD, "甲案")
    services.update_case_facts(a, by=office, title="甲案（更正）", causes=["housing_freeze"])
    services.decide_case(a, by=office, disposition=Disposition.DEMOLISH)  # the default: no reason, no note
    ViolationCase.objects.filter(pk=a.pk).update(predates_chain=True)  # the old path: a notice orders demolition
    a.refresh_from_db()
    services.record_notice(a, by=office, deadline=today + 10 * day, served_on=today)
    services.record_self_correction(a, by=office, corrected_on=today)
    services.fail_reinspection(a, by=office, inspected_on=today, new_deadline=today + 5 * day, note="未拆净")
    services.record_self_correction(a, by=office, corrected_on=today)
    services.pass_reinspection(a, by=office, inspected_on=today)
    services.reopen_case(a, by=office, reason="原址又建")
    services.add_note(a, by=office, note="电话回访")
    services.record_reminder(a.pk, data=events.reminder_sent(
        kind="notice", kind_label="整改期限", stage="due_soon", stage_label="即将到期", level="assignee",
        level_label="承办人", due_on=today, recipients=[officer]))
    action = services.record_disciplinary(a, by=office, person_name="李四", measure="warning")
    services.correct_record(action, by=office, reason="处分种类记错", measure="demerit")
    a.refresh_from_db()  # the amendment was written on the case as the service read it
    services.add_attachment(a, by=office, upload=_png())
    services.attach_to_campaign(a, by=office, campaign=CampaignFactory(township=territory.township),
                                reason="市局交办，列入专项行动")
    services.detach_from_campaign(a, by=office, reason="属日常巡查案件")
    from tests.factories import metre_box

    services.set_case_outline(a, geom=metre_box(500000, 3340000, 100, 50), how="drawn", by=office)
    # Planning rectification, then resolved.
    b = _register(territory, office, officer, party, Category.VILLAGER_HOUSING, "乙案")
    services.decide_case(b, by=office, disposition=Disposition.PLANNING)
    services.resolve_deferred(b, by=office, note="纳入村庄规划")
    # No action.
    c = _register(territory, office, officer, party, Category.OTHER, "丙案")
    services.decide_case(c, by=office, disposition=Disposition.NO_ACTION, reason="已自行拆除",
                         no_action_ground="minor_corrected")
    # Deadline missed: enforcement.
    # Registered, decided and served on paper three weeks ago (issue #27): entered with their dates.
    d = _register(territory, office, officer, party, Category.EXTRA_HOMESTEAD, "丁案", today - 21 * day)
    services.decide_case(d, by=office, disposition=Disposition.DEMOLISH, occurred_on=today - 21 * day)
    ViolationCase.objects.filter(pk=d.pk).update(predates_chain=True)  # the old path: a notice orders demolition
    d.refresh_from_db()
    services.record_notice(d, by=office, deadline=today - 5 * day, served_on=today - 20 * day)
    services.approve_enforcement(d, by=leader)
    services.record_enforcement(d, by=office, kind="demolition", carried_out_on=today)  # no result written
    services.complete_enforcement(d, by=office, verified_on=today)
    # Registered in error.
    e = _register(territory, office, officer, party, Category.OTHER, "戊案")
    services.withdraw_case(e, by=office, reason="重复登记")
    # A case of the county's natural resources department, handed over with its transfer letter (移送).
    from documents.services import hand_over_case

    f = _register(territory, office, officer, party, Category.COMMERCIAL, "己案")
    hand_over_case(f, by=office)

    client.force_login(office)
    seen = set()
    for case in (a, b, c, d, e, f):
        for kind, row in _rows(client, case):
            seen.add(kind)
            assert "data-detail" in row or "data-note" in row or "📎" in row, f"empty {kind} row on {case}"
    # The penalty chain's own rows are walked by the chain's tests:
    # test_filing_investigation.py::test_each_step_of_filing_and_investigation_shows_a_timeline_row_with_content
    # and test_penalty_procedure.py::test_every_chain_event_shows_a_row_with_content.
    # The case file's row: tests/documents/test_archive.py::test_the_archiving_and_the_reopening_show_on_the_timeline.
    assert seen == set(EventKind.values) - CHAIN_KINDS - {EventKind.ARCHIVED}


CHAIN_KINDS = {
    EventKind.FILING_APPROVED, EventKind.INVESTIGATION_SUSPENDED, EventKind.INVESTIGATION_RESUMED,
    EventKind.INVESTIGATION_TERMINATED, EventKind.INVESTIGATION_RECORDED, EventKind.REPORT_SUBMITTED,
    EventKind.LEGAL_REVIEWED, EventKind.COLLECTIVE_DISCUSSION, EventKind.PARTY_INFORMED,
    EventKind.STATEMENT_RECEIVED, EventKind.HEARING_REQUESTED, EventKind.HEARING_HELD, EventKind.RECHECKED,
    EventKind.DECISION_CLOCK_EXTENDED, EventKind.PENALTY_DECIDED, EventKind.DECISION_SERVED,
    EventKind.CLOCK_PAUSE_RECORDED,
    # Fines (tests/cases/test_fines.py::test_every_fine_event_shows_a_row_with_content).
    EventKind.FINE_PAID, EventKind.FINE_ARRANGED, EventKind.CONFISCATION_HANDED_OVER,
    # Referrals (tests/cases/test_referrals.py::test_the_referral_and_the_answer_show_rows_with_content).
    EventKind.REFERRED_TO_POLICE, EventKind.REFERRAL_ANSWERED,
    # Enforcement through the court (tests/cases/test_enforcement.py::test_every_enforcement_event_shows_a_row_…
    # and ::test_the_demolition_decision_shows_a_row_with_content).
    EventKind.CHALLENGE_FILED, EventKind.CHALLENGE_ENDED, EventKind.COURT_APPLIED, EventKind.COURT_RULED,
    EventKind.DEMOLITION_DECIDED,
    # 公示 (tests/cases/test_publicity.py::test_the_publication_and_withdrawal_show_rows_with_content).
    EventKind.DECISION_PUBLISHED, EventKind.PUBLICATION_WITHDRAWN,
    # 结案 and the demand's 陈述申辩 (tests/cases/test_closing.py::test_the_closing_approval_shows_a_row_with_content,
    # tests/cases/test_demand_statement.py::test_the_statement_and_its_review_show_rows_with_content).
    EventKind.CASE_CLOSED, EventKind.DEMAND_STATEMENT, EventKind.DEMAND_STATEMENT_REVIEWED,
}


def test_the_edited_row_shows_each_field_with_its_old_and_new_value(client, case_in, office):
    case = case_in()
    old = case.title
    services.update_case_facts(case, by=office, title="更正后的标题", area_m2=Decimal("88.50"))
    client.force_login(office)
    (row,) = [row for kind, row in _rows(client, case) if kind == EventKind.EDITED]
    assert f"{old} → 更正后的标题" in row
    assert "120.00 → 88.50" in row


def test_an_edit_stored_by_the_old_admin_still_shows_which_fields_changed(client, case_in, office):
    from cases.models import CaseEvent

    case = case_in()
    CaseEvent.objects.create(case=case, kind=EventKind.EDITED, actor=office, data={"fields": ["title"]})
    client.force_login(office)
    (row,) = [row for kind, row in _rows(client, case) if kind == EventKind.EDITED]
    assert "data-detail" in row and "案件名称" in row  # the title's label


def test_a_file_shows_on_the_row_of_the_event_it_came_with(client, territory, office, officer, party):
    """The timeline hangs each file on its event's row, from the one read of the case's evidence."""
    case = _register(territory, office, officer, party, Category.EXTRA_HOMESTEAD, "甲案")
    services.add_attachment(case, by=office, upload=_png(), description="东侧围墙")
    case.refresh_from_db()
    services.add_attachment(case, by=office, upload=_png(), description="西侧屋顶")
    client.force_login(office)
    rows = [row for kind, row in ROW.findall(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
            if kind == EventKind.ATTACHMENT_ADDED]
    assert len(rows) == 2
    assert [("东侧围墙" in row, "西侧屋顶" in row) for row in rows] == [(True, False), (False, True)]
    assert all(row.count("📎") == 1 for row in rows)
