"""移送: the township hands a county department's case over with its 案件移送书 and evidence file;
the department's people then see it and work the penalty chain; documents carry the issuing
authority's letterhead and numbers (自然资源行政处罚办法 第十一条; 行政处罚法 第二十二条、第二十四条)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases import services
from cases.models import CaseStatus, EventKind
from documents.models import DocumentKind
from documents.printing import render_print_html
from documents.services import create_document, hand_over_case, issue_document
from landwatch.vocabulary import Category
from tests.factories import ViolationCaseFactory

pytestmark = pytest.mark.django_db


def _png(name="现场.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def county_case(case_in, county_departments):
    """A registered commercial case of the county natural resources department, not handed over yet."""
    return case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)


def _hand_over_by_post(client, case, office, **data):
    client.force_login(office)
    return client.post(reverse("cases:hand-over", args=[case.pk]),
                       {"version": case.version, "occurred_on": timezone.localdate().isoformat(), **data})


def test_the_office_hands_a_county_case_over_with_its_transfer_letter_and_evidence(client, county_case, office):
    services.add_attachment(county_case, by=office, upload=_png(), kind="photo", description="现场照片")
    county_case.refresh_from_db()
    response = _hand_over_by_post(client, county_case, office, note="随案移送证据")
    assert response.status_code == 302
    county_case.refresh_from_db()
    assert county_case.handed_over_on == timezone.localdate()
    assert county_case.status == CaseStatus.REGISTERED  # the county files it (立案) next
    event = county_case.events.get(kind=EventKind.HANDED_OVER)
    letter = county_case.documents.get(kind=DocumentKind.TRANSFER)
    assert letter.status == "served" and letter.source_event == event
    # The letter is the township's own (it hands over), numbered in its sequence.
    assert letter.issuing_unit == county_case.village.township and letter.sequence == 1
    assert event.data["authority_name"] == "测试县自然资源局"
    assert event.data["reference"] == letter.reference
    assert event.data["evidence_files"] == 1 and len(event.data["evidence_sha256"]) == 64
    assert event.actor == office and event.note == "随案移送证据"


def test_the_transfer_letter_is_addressed_to_the_authority_and_claims_no_remedy(county_case, office):
    letter = hand_over_case(county_case, by=office)
    html = render_print_html(letter)
    assert "测试县自然资源局：" in html
    assert "行政复议" not in html  # a letter between authorities is no decision on the party


def test_a_case_of_the_township_itself_is_not_handed_over(client, case_in, office, territory):
    case = case_in(CaseStatus.REGISTERED, category=Category.VILLAGE_CONSTRUCTION, authority=territory.township)
    response = _hand_over_by_post(client, case, office)
    assert response.status_code == 200
    assert "nothing to hand over" in response.content.decode() or "无需移送" in response.content.decode()
    case.refresh_from_db()
    assert case.handed_over_on is None and not case.documents.exists()


def test_a_case_is_handed_over_once(client, county_case, office):
    hand_over_case(county_case, by=office)
    county_case.refresh_from_db()
    response = _hand_over_by_post(client, county_case, office)
    assert response.status_code == 200
    assert county_case.documents.filter(kind=DocumentKind.TRANSFER).count() == 1
    assert county_case.events.filter(kind=EventKind.HANDED_OVER).count() == 1


def test_the_hand_over_button_shows_only_while_the_case_awaits_it(client, county_case, case, office):
    client.force_login(office)
    assert 'data-action="hand_over"' in client.get(county_case.get_absolute_url()).content.decode()
    assert 'data-action="hand_over"' not in client.get(case.get_absolute_url()).content.decode()
    hand_over_case(county_case, by=office)
    assert 'data-action="hand_over"' not in client.get(county_case.get_absolute_url()).content.decode()


def test_the_department_sees_the_case_only_once_it_is_handed_over(client, county_case, office, authority_staff):
    client.force_login(authority_staff)
    assert client.get(county_case.get_absolute_url()).status_code == 404
    assert county_case.number not in client.get(reverse("cases:list")).content.decode()
    hand_over_case(county_case, by=office)
    assert client.get(county_case.get_absolute_url()).status_code == 200
    assert county_case.number in client.get(reverse("cases:list")).content.decode()
    assert client.get(reverse("documents:case-documents", args=[county_case.pk])).status_code == 200


def test_a_department_of_another_county_never_sees_it(client, county_case, office, other_county_head):
    hand_over_case(county_case, by=office)
    client.force_login(other_county_head)
    assert client.get(county_case.get_absolute_url()).status_code == 404
    assert county_case.number not in client.get(reverse("cases:list")).content.decode()
    assert not other_county_head.has_perm("cases.file", county_case)


def test_the_penalty_chain_belongs_to_the_authority_and_the_township_keeps_rectifying(
        county_case, office, leader, officer, authority_head, authority_staff):
    hand_over_case(county_case, by=office)
    county_case.refresh_from_db()
    # A township cannot file, investigate or decide a county case.
    assert not leader.has_perm("cases.file", county_case)
    assert not leader.has_perm("cases.decide_penalty", county_case)
    assert not office.has_perm("cases.investigate", county_case)
    assert not officer.has_perm("cases.investigate", county_case)
    # The department's head files and decides; its staff investigate, and do not decide.
    assert authority_head.has_perm("cases.file", county_case)
    assert authority_head.has_perm("cases.decide_penalty", county_case)
    assert authority_staff.has_perm("cases.investigate", county_case)
    assert not authority_staff.has_perm("cases.file", county_case)
    assert not authority_staff.has_perm("cases.decide_penalty", county_case)
    # The township keeps stopping and rectifying, and reading.
    assert office.has_perm("cases.act", county_case) and office.has_perm("cases.decide", county_case)
    assert office.has_perm("cases.view", county_case)
    # The department does not take over the township's own rectification path.
    assert not authority_head.has_perm("cases.decide", county_case)


def test_before_the_hand_over_the_department_has_no_rights_on_the_case(county_case, authority_head):
    assert not authority_head.has_perm("cases.file", county_case)
    assert not authority_head.has_perm("cases.view", county_case)


def test_on_a_township_case_the_townships_people_keep_the_chain(case_in, territory, leader, office, authority_head):
    case = case_in(CaseStatus.REGISTERED, category=Category.VILLAGE_CONSTRUCTION, authority=territory.township)
    assert leader.has_perm("cases.file", case) and office.has_perm("cases.investigate", case)
    assert not authority_head.has_perm("cases.file", case)


def test_documents_carry_the_authoritys_letterhead_and_the_township_as_assisting(county_case, office,
                                                                                 authority_staff):
    hand_over_case(county_case, by=office)
    document = issue_document(create_document(county_case, by=authority_staff, kind=DocumentKind.STOP_WORK),
                              by=authority_staff)
    assert document.issuing_unit.name == "测试县自然资源局"
    assert document.reference.startswith("测自然资〔")
    html = render_print_html(document)
    assert '<header class="letterhead">测试县自然资源局</header>' in html
    assert "甲镇" in html.split('class="assisting"')[1]


def test_a_township_document_has_no_assisting_line(case, office):
    document = issue_document(create_document(case, by=office, kind=DocumentKind.STOP_WORK), by=office)
    assert 'class="assisting"' not in render_print_html(document)


def test_numbers_run_per_issuing_authority_across_townships(case_in, territory, county_departments, office,
                                                           other_office):
    authority = county_departments.natural_resources
    mine = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=authority)
    theirs = ViolationCaseFactory(village=territory.other_village, category=Category.COMMERCIAL, authority=authority,
                                  created_by=other_office)
    own = case_in(CaseStatus.REGISTERED, category=Category.VILLAGE_CONSTRUCTION, authority=territory.township)
    first = issue_document(create_document(mine, by=office, kind=DocumentKind.STOP_WORK), by=office)
    second = issue_document(create_document(theirs, by=other_office, kind=DocumentKind.STOP_WORK), by=other_office)
    township_own = issue_document(create_document(own, by=office, kind=DocumentKind.STOP_WORK), by=office)
    assert (first.issuing_unit, first.sequence) == (authority, 1)
    assert (second.issuing_unit, second.sequence) == (authority, 2)
    assert (township_own.issuing_unit, township_own.sequence) == (territory.township, 1)


def test_the_case_page_names_the_authority_and_the_rule(client, county_case, office):
    client.force_login(office)
    html = client.get(county_case.get_absolute_url()).content.decode()
    facts = html.split("data-authority")[1].split("</dd>")[0]
    assert "测试县自然资源局" in facts
    assert "第六条" in facts or "Article 6" in facts


@pytest.mark.parametrize("value,expected", [
    ("township", {"own"}), ("natural_resources", {"county"}), ("awaiting_hand_over", {"county"}), ("none", {"plain"}),
])
def test_the_list_filters_by_authority(client, case_in, territory, county_departments, office, value, expected):
    cases = {
        "county": case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL,
                          authority=county_departments.natural_resources),
        "own": case_in(CaseStatus.REGISTERED, category=Category.VILLAGE_CONSTRUCTION, authority=territory.township),
        "plain": case_in(CaseStatus.REGISTERED),
    }
    client.force_login(office)
    html = client.get(reverse("cases:list"), {"authority": value}).content.decode()
    assert {name for name, case in cases.items() if f"/cases/{case.pk}/" in html} == expected


def test_a_transfer_letter_cannot_be_drafted_for_a_case_that_does_not_await_it(case_in, territory, office):
    from documents.services import DocumentError

    case = case_in(CaseStatus.REGISTERED, category=Category.VILLAGE_CONSTRUCTION, authority=territory.township)
    with pytest.raises(DocumentError):
        create_document(case, by=office, kind=DocumentKind.TRANSFER)


def test_a_hand_over_is_dated_no_later_than_today(client, county_case, office):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _hand_over_by_post(client, county_case, office, occurred_on=tomorrow)
    assert response.status_code == 200
    county_case.refresh_from_db()
    assert county_case.handed_over_on is None and not county_case.documents.exists()


def test_the_departments_list_reads_a_fixed_number_of_queries(client, territory, county_departments, office,
                                                              authority_staff, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def handed_over(n):
        for _ in range(n):
            ViolationCaseFactory(village=territory.village_a, category=Category.COMMERCIAL, created_by=office,
                                 authority=county_departments.natural_resources, handed_over_on=timezone.localdate())

    handed_over(3)
    client.force_login(authority_staff)
    client.get(reverse("cases:list"))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("cases:list")).status_code == 200
    handed_over(60)
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200 and len(response.context["page"].rows) == 50


def test_the_papers_of_the_procedure_carry_the_authoritys_numbers_too(county_case, office, authority_staff):
    """An internal paper made by its step (a 笔录, the 立案审批表) is the 办案机关's like its notices."""
    from django.db import transaction

    from documents.services import record_document

    hand_over_case(county_case, by=office)
    county_case.refresh_from_db()
    with transaction.atomic():
        record = record_document(county_case, by=authority_staff, kind=DocumentKind.INQUIRY_RECORD,
                                 issued_on=county_case.registered_on, facts="问：……答：……")
    assert record.issuing_unit.name == "测试县自然资源局"
    assert record.reference.startswith("测自然资〔")
    assert '<header class="letterhead">测试县自然资源局</header>' in render_print_html(record)
