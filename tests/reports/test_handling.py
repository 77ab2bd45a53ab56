"""The office handles a public report: accept (finding or case), merge, dismiss, reply; and what the
reporter's status page shows of it (the stage and the reply, never a party's data or an officer)."""

import pytest
from django.urls import reverse

from cases.models import ViolationCase
from patrols.models import PatrolFinding
from reports.models import PublicReport, ReportAction
from tests.factories import PublicReportFactory
from tests.factories.reports import CHECK_CODE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(territory):
    return PublicReportFactory(village=territory.village_a, reporter_name="王五", reporter_phone="13800138000")


def _status(client, report, code=CHECK_CODE):
    client.logout()
    return client.post(reverse("reports:status"), {"receipt": report.receipt, "code": code}, follow=True)


def test_the_office_accepts_a_report_as_a_finding_without_the_reporter(client, office, report, territory):
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]),
                           {"into": "finding", "village": territory.village_a.pk, "category": "commercial",
                            "urgency": "normal"})
    assert response.status_code == 302
    report.refresh_from_db()
    finding = PatrolFinding.objects.get()
    assert report.status == "accepted" and report.finding == finding and report.last_action_at is not None
    assert finding.description == report.what and finding.village == territory.village_a
    assert "王五" not in str(PatrolFinding.objects.values().get()) and "13800138000" not in finding.description
    assert ReportAction.objects.filter(report=report, kind="accepted", actor=office).exists()
    assert "正在现场核查" in _status(client, report).content.decode()


def test_the_office_accepts_a_report_into_a_case_and_the_reporter_reads_the_reply(client, office, report,
                                                                                   territory, officer):
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]),
                           {"into": "case", "village": territory.village_a.pk, "category": "commercial",
                            "urgency": "urgent", "title": "李四占用耕地建厂房", "party_name": "李四",
                            "area_m2": "320"})
    assert response.status_code == 302
    case = ViolationCase.objects.get()
    assert case.source == "report" and case.party.name == "李四" and case.source_finding.public_report == report
    client.post(reverse("reports:reply", args=[report.pk]), {"reply": "已立案查处，感谢您的监督。"})
    page = _status(client, report).content.decode()
    assert "已立案，正在查处" in page and "感谢您的监督" in page
    for secret in ("李四", case.number, office.first_name, office.username, officer.first_name, "王五"):
        assert secret not in page


def test_a_case_needs_its_party_title_and_area(client, office, report, territory):
    client.force_login(office)
    response = client.post(reverse("reports:accept", args=[report.pk]),
                           {"into": "case", "village": territory.village_a.pk, "category": "other",
                            "urgency": "normal"})
    assert response.status_code == 200 and "当事人" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "new" and not PatrolFinding.objects.exists() and not ViolationCase.objects.exists()


def test_a_wrong_check_code_or_number_shows_nothing(client, report):
    for receipt, code in ((report.receipt, "WRONG123"), ("0000000000", CHECK_CODE)):
        page = client.post(reverse("reports:status"), {"receipt": receipt, "code": code}).content.decode()
        assert "没有与该受理编号和查询码相符的举报" in page and "data-report-status" not in page


def test_dismissing_needs_a_reason_and_the_reporter_sees_it_was_looked_into(client, office, report):
    client.force_login(office)
    refused = client.post(reverse("reports:dismiss", args=[report.pk]), {"reason": "  "})
    assert refused.status_code == 200
    report.refresh_from_db()
    assert report.status == "new"
    client.post(reverse("reports:dismiss", args=[report.pk]), {"reason": "经核实为合法审批用地"})
    report.refresh_from_db()
    assert report.status == "dismissed" and report.dismiss_reason == "经核实为合法审批用地"
    assert "已核查，未立案" in _status(client, report).content.decode()


def test_a_merged_report_follows_the_one_it_was_merged_into(client, office, report, territory):
    other = PublicReportFactory(village=territory.village_a)
    client.force_login(office)
    assert client.post(reverse("reports:merge", args=[other.pk]), {"into": report.receipt}).status_code == 302
    other.refresh_from_db()
    assert other.status == "merged" and other.merged_into == report
    client.post(reverse("reports:reply", args=[report.pk]), {"reply": "已转交国土所核查。"})
    assert "已转交国土所核查" in _status(client, other).content.decode()
    # A handled report is not handled twice.
    client.force_login(office)
    again = client.post(reverse("reports:dismiss", args=[other.pk]), {"reason": "重复"})
    assert again.status_code == 200 and "已处理" in again.content.decode()


def test_a_report_of_another_township_cannot_be_merged_into(client, office, report, territory):
    foreign = PublicReportFactory(village=territory.other_village)
    client.force_login(office)
    response = client.post(reverse("reports:merge", args=[report.pk]), {"into": foreign.receipt})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == "new"


def test_only_the_office_of_the_township_handles_its_reports(client, report, leader, officer, other_office,
                                                               county_user, coordinator_a):
    data = {"reason": "无"}
    for user, expected in ((leader, 403), (county_user, 403), (officer, 404), (coordinator_a, 404),
                           (other_office, 404)):
        client.force_login(user)
        assert client.post(reverse("reports:dismiss", args=[report.pk]), data).status_code == expected, user
    report.refresh_from_db()
    assert report.status == "new"


def test_the_reporter_is_shown_to_the_office_and_above_only(client, report, office, leader, county_user,
                                                              officer, coordinator_a, other_office):
    for user in (office, leader, county_user):
        client.force_login(user)
        assert "13800138000" in client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert report.receipt in client.get(reverse("reports:list")).content.decode()
    for user in (officer, coordinator_a, other_office):
        client.force_login(user)
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
        assert report.receipt not in client.get(reverse("reports:list")).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_detail_cost_the_same_queries_for_more_rows(client, office, territory):
    from decimal import Decimal

    from reports.models import ReportAction, ReportPhoto

    client.force_login(office)
    pin = {"latitude": Decimal("30.5"), "longitude": Decimal("114.3")}
    report = PublicReportFactory(village=territory.village_a, **pin)
    PublicReportFactory(village=territory.village_a, **pin)
    client.get(reverse("reports:list"))  # the session and the holiday table, once
    few = (_queries(client, reverse("reports:list")), _queries(client, reverse("reports:detail", args=[report.pk])))
    PublicReportFactory.create_batch(10, village=territory.village_b, **pin)
    for _i in range(5):
        ReportAction.objects.create(report=report, kind="replied", actor=office, note="已答复")
        ReportPhoto.objects.create(report=report, kind="png", sha256="0" * 64, file="reports/x.png")
    many = (_queries(client, reverse("reports:list")), _queries(client, reverse("reports:detail", args=[report.pk])))
    assert many == few
    assert PublicReport.objects.count() == 12
