"""Fines (cases/fines.py): the amount within the legal range and the 裁量基准, payment to the bank,
the 15 days from service, the 3 %-a-day surcharge capped at the fine, deferral and instalments
with the head's approval, and the hand-over of confiscated buildings within 90 days."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import fines, penalty
from cases.errors import CaseError
from cases.fine_models import ArrangementKind, Fine, FineBand, FinePayment
from cases.models import CaseEvent, CaseStatus, EventKind, LandType, PenaltyMeasure, ViolationCase
from deadlines import clock
from deadlines.services import load_shipped
from documents.models import DocumentKind
from tests.cases.test_penalty_procedure import ago, decide, review
from tests.factories.documents import serve

pytestmark = pytest.mark.django_db

M = PenaltyMeasure
D = Decimal
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def tables(db):
    load_shipped([2024, 2025, 2026])


AMOUNT = D(60000)
JAN_10 = datetime.date(2026, 1, 10)


def ensure_bands() -> None:
    """The default 裁量基准 of migration 0023, again: a transactional (browser) test flushes it."""
    from cases.fines import load_default_bands

    load_default_bands()


def fined(case, *, reviewer, leader, office, amount=AMOUNT, decided=30, served=30, measures=(M.FINE,)):
    """A case whose fine (120 m² of farmland: band 60 000–96 000 yuan in the defaults) was decided
    and served ``served`` days ago."""
    review(case, reviewer, on=ago(decided + 10), measures=list(measures), fine=amount)
    serve(case, DocumentKind.PENALTY_NOTICE, by=office, on=ago(decided + 8))
    if M.CONFISCATE_BUILDINGS in measures:  # a hearing notice and the heads' discussion (办法 第三十四条)
        serve(case, DocumentKind.HEARING_NOTICE, by=office, on=ago(decided + 8))
        penalty.record_collective_discussion(case, by=leader, held_on=ago(decided + 9), participants="镇长",
                                             conclusion="同意")
    decide(case, leader, on=ago(decided), measures=list(measures), fine=amount)
    if served is not None:
        serve(case, DocumentKind.PENALTY_DECISION, by=office, on=ago(served))
    case.refresh_from_db()
    return case


# --- the amount ---------------------------------------------------------------------------------


def test_the_default_bands_lie_inside_the_legal_range():
    bands = list(FineBand.objects.all())
    assert len(bands) == 9
    for band in bands:
        band.full_clean()
        assert D(100) <= band.min_per_m2 <= band.max_per_m2 <= D(1000)


def test_a_band_outside_the_legal_range_is_refused_in_the_admin(admin_client):
    band = FineBand.objects.get(land_group="farmland", circumstance="general")
    url = reverse("admin:cases_fineband_change", args=[band.pk])
    response = admin_client.post(url, {"basis": "occupation", "land_group": "farmland", "circumstance": "general",
                                       "min_per_m2": "50", "max_per_m2": "800", "source": "x"})
    assert response.status_code == 200
    assert "第五十七条" in response.content.decode()
    band.refresh_from_db()
    assert band.min_per_m2 == D(500)


def test_the_legal_range_and_band_follow_area_and_land(reviewing):
    found = fines.assessment(reviewing, "general")  # 120 m² of farmland
    assert (found.legal_low, found.legal_high) == (D(12000), D(120000))
    assert (found.band_low, found.band_high) == (D(60000), D(96000))
    ViolationCase.objects.filter(pk=reviewing.pk).update(land_type=LandType.BASIC_FARMLAND)
    reviewing.refresh_from_db()
    assert fines.assessment(reviewing, "serious").band_low == D(108000)


def test_a_fine_outside_the_legal_range_is_refused_at_the_legal_review(client, reviewing, reviewer):
    client.force_login(reviewer)
    url = reverse("cases:legal-review", args=[reviewing.pk])
    page = client.get(url).content.decode()
    assert "12000.00" in page and "120000.00" in page  # the range shown as help
    response = client.post(url, {"measures": ["fine"], "fine_yuan": "130000", "fine_circumstance": "serious",
                                 "fine_reason": "情节特别严重", "passed": "true", "opinion": "同意",
                                 "reviewed_on": ago(1).isoformat(), "version": reviewing.version})
    assert response.status_code == 200
    assert "第五十七条" in response.content.decode()
    assert not reviewing.events.filter(kind=EventKind.LEGAL_REVIEWED).exists()


def test_a_fine_outside_the_band_needs_a_written_reason(client, reviewing, reviewer):
    client.force_login(reviewer)
    url = reverse("cases:legal-review", args=[reviewing.pk])
    data = {"measures": ["fine"], "fine_yuan": "30000", "fine_circumstance": "general", "fine_reason": "",
            "passed": "true", "opinion": "同意", "reviewed_on": ago(1).isoformat(), "version": reviewing.version}
    response = client.post(url, data)
    assert "第三十四条" in response.content.decode()
    assert not reviewing.events.filter(kind=EventKind.LEGAL_REVIEWED).exists()
    response = client.post(url, {**data, "fine_reason": "当事人主动拆除一半，从轻处罚"})
    assert response.status_code == 302
    event = reviewing.events.get(kind=EventKind.LEGAL_REVIEWED)
    assert event.data["fine"]["in_band"] is False
    assert event.data["fine"]["reason"] == "当事人主动拆除一半，从轻处罚"
    assert event.data["fine"]["band_low"] == "60000.00"


def test_the_decision_writes_the_fine_with_its_computation(reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, served=None)
    fine = Fine.objects.get(case=reviewing)
    assert fine.amount_yuan == D(60000)
    assert (fine.land_group, fine.circumstance) == ("farmland", "general")
    assert (fine.band_min_per_m2, fine.band_max_per_m2) == (D(500), D(800))
    assert fine.due_on is None  # runs from the service
    assert reviewing.events.get(kind=EventKind.PENALTY_DECIDED).data["fine"]["legal_high"] == "120000.00"


# --- the 15 days and the surcharge ----------------------------------------------------------------


def test_the_fifteen_days_run_from_the_decisions_service(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    fine = Fine.objects.get(case=reviewing)
    assert fine.due_on == clock.deadline("fine_payment", ago(30)).date
    assert fine.due_basis["period"] == "fine_payment" and fine.due_basis["length"] == 15


def test_fifteen_calendar_days_end_after_the_national_day_holiday(db):
    load_shipped([2024])
    # Served on 2024-09-16: the 15th day, 2024-10-01, is a 法定节假日; the period ends on the next working day.
    assert clock.deadline("fine_payment", datetime.date(2024, 9, 16)).date == datetime.date(2024, 10, 8)


def _fine() -> Fine:
    return Fine(amount_yuan=D(10000), due_on=JAN_10)


def _paid(amount, on) -> FinePayment:
    return FinePayment(amount_yuan=D(amount), paid_on=on)


def test_surcharge_is_three_percent_a_day_of_the_unpaid_fine():
    fine = _fine()
    account = fines.account(fine, today=datetime.date(2026, 1, 20), arrangements=[], payments=[])
    assert account.surcharge == D(3000)  # 10 days × 3 % × 10 000
    assert account.outstanding == D(13000)
    assert account.overdue_since == datetime.date(2026, 1, 11)
    on_the_day = fines.account(fine, today=datetime.date(2026, 1, 10), arrangements=[], payments=[])
    assert on_the_day.surcharge == 0 and on_the_day.overdue_since is None


def test_surcharge_never_exceeds_the_fine():
    account = fines.account(_fine(), today=datetime.date(2026, 3, 1), arrangements=[], payments=[])
    assert account.surcharge == D(10000)
    assert account.outstanding == D(20000)


def test_a_part_paid_late_stops_its_own_surcharge_on_the_day_it_was_paid():
    payments = [_paid(4000, datetime.date(2026, 1, 15))]
    account = fines.account(_fine(), today=datetime.date(2026, 1, 20), arrangements=[], payments=payments)
    # 4 000 × 5 days × 3 % = 600; 6 000 × 10 days × 3 % = 1 800
    assert account.surcharge == D(2400)
    assert account.principal_paid == D(4000)
    assert account.outstanding == D(6000) + D(2400)


def test_payment_beyond_the_fine_goes_to_the_surcharge_and_settles_it():
    payments = [_paid(10300, datetime.date(2026, 1, 11))]
    account = fines.account(_fine(), today=datetime.date(2026, 2, 1), arrangements=[], payments=payments)
    assert (account.surcharge, account.surcharge_paid) == (D(300), D(300))
    assert account.settled


# --- payment through the page -------------------------------------------------------------------------


def test_the_case_page_shows_paid_outstanding_and_surcharge_today(client, tables, reviewing, reviewer, leader,
                                                                  office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    fine = Fine.objects.get(case=reviewing)
    client.force_login(office)
    response = client.post(reverse("cases:fine-payment", args=[reviewing.pk]), {
        "paid_on": fine.due_on.isoformat(), "amount": "20000", "bank": "农业银行城关支行", "receipt_number": "NO-1",
        "version": reviewing.version, "scan": SimpleUploadedFile("r.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    payment = FinePayment.objects.get(fine=fine)
    assert payment.scan is not None and payment.scan.case_id == reviewing.pk
    event = reviewing.events.get(kind=EventKind.FINE_PAID)
    assert event.data["receipt"] == "NO-1" and event.data["settled"] is False
    days = (datetime.date.today() - fine.due_on).days
    surcharge = min(D(40000) * days * D("0.03"), D(60000)).quantize(D("0.01"))
    page = client.get(reviewing.get_absolute_url()).content.decode()
    assert 'data-fine-panel' in page
    assert f"{surcharge}" in page
    assert f"{D(40000) + surcharge}" in page
    fine.refresh_from_db()
    assert fine.paid_yuan == D(20000) and fine.settled_on is None


def test_the_panel_reads_payments_and_arrangements_only_once_the_fine_has_them(tables, reviewing, reviewer, leader,
                                                                               office):
    """An unpaid fine nobody has deferred (most of them) is read in one query: whether it has
    payments and arrangements is asked in it. Once it has them, the panel reads and shows them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=5, served=5)

    def panel_reads():
        reviewing.refresh_from_db()
        with CaptureQueriesContext(connection) as read:
            panel = fines.panel(reviewing)
        # Each query's own table: the last FROM of its text (the EXISTS come before it).
        return panel, [re.findall(r'FROM "(\w+)"', q["sql"])[-1] for q in read.captured_queries]

    panel, tables_read = panel_reads()
    assert panel["fine"]["payments"] == [] and panel["fine"]["arrangements"] == []
    assert tables_read == ["cases_fine"], tables_read

    fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.INSTALMENTS, applied_on=ago(2),
                              approved_on=ago(1), reason="家庭经济困难，申请分两期缴纳",
                              instalments=[(ago(-10), D(30000)), (ago(-40), D(30000))])
    reviewing.refresh_from_db()
    fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=ago(0), amount=D(100))
    panel, tables_read = panel_reads()
    assert [p.receipt_number for p in panel["fine"]["payments"]] == ["A"]
    assert [a.reason for a in panel["fine"]["arrangements"]] == ["家庭经济困难，申请分两期缴纳"]
    assert panel["fine"]["account"].principal_paid == D(100)
    assert tables_read == ["cases_fine", "cases_finearrangement", "cases_fineinstalment", "cases_finepayment"], \
        tables_read


def test_a_fine_paid_in_full_with_its_surcharge_is_done(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    fine = Fine.objects.get(case=reviewing)
    fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=fine.due_on, amount=D(60000))
    reviewing.refresh_from_db()
    fine.refresh_from_db()
    assert fine.settled_on == fine.due_on
    with pytest.raises(CaseError, match="全额缴纳"):
        fines.record_payment(reviewing, by=office, bank="农行", receipt_number="B", paid_on=ago(0), amount=D(1))


def test_payment_refusals(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, served=None)
    with pytest.raises(CaseError, match="第六十七条"):
        fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=ago(1), amount=D(10))
    serve(reviewing, DocumentKind.PENALTY_DECISION, by=office, on=ago(30))
    reviewing.refresh_from_db()
    fine = Fine.objects.get(case=reviewing)
    with pytest.raises(CaseError):  # more than is owed that day (no surcharge on the due day)
        fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=fine.due_on,
                             amount=D("60000.01"))
    fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=fine.due_on, amount=D(100))
    reviewing.refresh_from_db()
    with pytest.raises(CaseError, match="A"):
        fines.record_payment(reviewing, by=office, bank="农行", receipt_number="A", paid_on=fine.due_on,
                             amount=D(100))
    assert FinePayment.objects.filter(fine=fine).count() == 1


def test_a_hostile_receipt_scan_is_refused_and_nothing_is_recorded(client, tables, reviewing, reviewer, leader,
                                                                   office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(office)
    response = client.post(reverse("cases:fine-payment", args=[reviewing.pk]), {
        "paid_on": ago(1).isoformat(), "amount": "100", "bank": "农行", "receipt_number": "X",
        "version": reviewing.version,
        "scan": SimpleUploadedFile("r.png", b"<script>alert(1)</script>", content_type="image/png")})
    assert response.status_code == 200
    assert not FinePayment.objects.exists()


def test_only_the_chain_staff_record_payments(client, tables, reviewing, reviewer, leader, office, coordinator_a):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(coordinator_a)
    assert client.get(reverse("cases:fine-payment", args=[reviewing.pk])).status_code == 403


# --- deferral and instalments ---------------------------------------------------------------------------


def test_instalments_need_the_heads_approval_and_move_the_period(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=5, served=5)
    fine = Fine.objects.get(case=reviewing)
    plan = [(ago(-10), D(30000)), (ago(-40), D(30000))]
    with pytest.raises(PermissionDenied):  # the office may not approve (行政处罚法 第六十六条: the authority approves)
        fines.approve_arrangement(reviewing, by=office, kind=ArrangementKind.INSTALMENTS, applied_on=ago(2),
                                  approved_on=ago(1), reason="经济困难", instalments=plan)
    fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.INSTALMENTS, applied_on=ago(2),
                              approved_on=ago(1), reason="家庭经济困难，申请分两期缴纳", instalments=plan)
    reviewing.refresh_from_db()
    assert fines.schedule(fine) == [(ago(-10), D(30000)), (ago(-40), D(30000))]
    # After the first instalment's day, only it accrues.
    later = fines.account(fine, today=ago(-12))
    assert later.surcharge == D(30000) * 2 * D("0.03")
    assert reviewing.events.get(kind=EventKind.FINE_ARRANGED).data["kind"] == "instalments"


def test_arrangement_refusals(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=30, served=30)
    fine = Fine.objects.get(case=reviewing)
    with pytest.raises(CaseError, match="各期合计"):
        fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.INSTALMENTS, applied_on=fine.due_on,
                                  approved_on=ago(1), reason="困难", instalments=[(ago(-5), D(1)), (ago(-9), D(2))])
    with pytest.raises(CaseError, match="第六十六条"):  # applied after the payment fell due
        fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.DEFERRAL,
                                  applied_on=fine.due_on + datetime.timedelta(days=1), approved_on=ago(0),
                                  reason="困难", instalments=[(ago(-30), None)])
    assert not fine.arrangements.exists()


def test_a_deferral_applied_in_time_moves_the_day_and_stops_the_surcharge(tables, reviewing, reviewer, leader,
                                                                        office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=30, served=30)
    fine = Fine.objects.get(case=reviewing)
    assert fines.account(fine).surcharge > 0
    fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.DEFERRAL, applied_on=fine.due_on,
                              approved_on=ago(0), reason="因病暂缓", instalments=[(ago(-30), None)])
    assert fines.account(fine).surcharge == 0
    assert fines.schedule(fine) == [(ago(-30), D(60000))]


# --- confiscation ---------------------------------------------------------------------------------------


def test_handover_refused_without_confiscation(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    with pytest.raises(CaseError):
        fines.record_handover(reviewing, by=office, handed_to="县人民政府", handed_over_on=ago(1), document="移交单1")


def test_confiscation_handover_deadline_overdue_and_late(client, tables, reviewing, reviewer, leader, office):
    ViolationCase.objects.filter(pk=reviewing.pk).update(discovered_on=ago(210), registered_on=ago(200),
                                                         filed_on=ago(140))
    reviewing.refresh_from_db()
    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=100, served=100,
          measures=(M.FINE, M.CONFISCATE_BUILDINGS))
    due = clock.deadline("confiscation_handover", ago(100)).date
    client.force_login(office)
    page = client.get(reviewing.get_absolute_url()).content.decode()
    assert "data-handover-overdue" in page
    assert "第五十八条" in page
    response = client.post(reverse("cases:confiscation-handover", args=[reviewing.pk]), {
        "handed_over_on": ago(1).isoformat(), "handed_to": "县人民政府指定的县机关事务管理局",
        "document": "没收财物移交清单 第3号", "note": "", "version": reviewing.version})
    assert response.status_code == 302
    event = reviewing.events.get(kind=EventKind.CONFISCATION_HANDED_OVER)
    assert event.data["due"] == due.isoformat() and event.data["late"] is True
    page = client.get(reviewing.get_absolute_url()).content.decode()
    assert "data-handover-overdue" not in page


def test_fine_writes_leave_no_trace_on_a_refusal(tables, reviewing, reviewer, leader, office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    before = CaseEvent.objects.filter(case=reviewing).count()
    with pytest.raises(CaseError):
        fines.record_payment(reviewing, by=office, bank="", receipt_number="", paid_on=ago(0), amount=D(1))
    assert CaseEvent.objects.filter(case=reviewing).count() == before
    assert reviewing.status == CaseStatus.DECIDED


def test_the_arrangement_page_names_what_the_instalments_must_cover(client, tables, reviewing, reviewer, leader,
                                                                    office):
    fined(reviewing, reviewer=reviewer, leader=leader, office=office)
    client.force_login(leader)
    page = client.get(reverse("cases:fine-arrangement", args=[reviewing.pk])).content.decode()
    assert "截至今日未缴罚款：60000.00 元" in page


def test_every_fine_event_shows_a_row_with_content(client, tables, reviewing, reviewer, leader, office):
    from tests.cases.test_timeline_rows import _rows

    fined(reviewing, reviewer=reviewer, leader=leader, office=office, decided=5, served=5,
          measures=(M.FINE, M.CONFISCATE_BUILDINGS))
    fine = Fine.objects.get(case=reviewing)
    fines.approve_arrangement(reviewing, by=leader, kind=ArrangementKind.DEFERRAL, applied_on=ago(1),
                              approved_on=ago(0), reason="因病暂缓", instalments=[(ago(-30), None)])
    fines.record_payment(reviewing, by=office, bank="农行", receipt_number="T-1", paid_on=ago(0), amount=D(100))
    fines.record_handover(reviewing, by=office, handed_to="县人民政府", handed_over_on=ago(0), document="移交清单1")
    client.force_login(office)
    rows = dict(_rows(client, reviewing))
    for kind, text in (("fine_paid", "T-1"), ("fine_arranged", "暂缓缴纳"), ("confiscation_handed_over", "移交清单1")):
        assert kind in rows and "data-detail" in rows[kind] and text in rows[kind], kind
    assert fine.arrangements.count() == 1
