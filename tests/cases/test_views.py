"""The permission triad on every case view, and success paths checked in the database."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.models import CaseAttachment, CaseEvent, CaseStatus, Disposition, ViolationCase
from landwatch.vocabulary import Category


def png(name="site.png"):
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def login(client, user):
    client.force_login(user)
    return client


# (url name, needs a case pk, method, state of the case, who may open it)
VIEWS = [
    ("cases:detail", "get", CaseStatus.REGISTERED, "coordinator_a"),
    ("cases:decide", "get", CaseStatus.REGISTERED, "office"),
    ("cases:edit-facts", "get", CaseStatus.NOTIFIED, "office"),
    ("cases:self-correct", "get", CaseStatus.NOTIFIED, "officer"),
    ("cases:reinspection-passed", "get", CaseStatus.CORRECTED, "office"),
    ("cases:reinspection-failed", "get", CaseStatus.CORRECTED, "officer"),
    ("cases:approve-enforcement", "get", CaseStatus.NOTIFIED, "leader"),
    ("cases:enforcement-done", "get", CaseStatus.ENFORCING, "officer"),
    ("cases:resolve", "get", CaseStatus.DEFERRED, "office"),
    ("cases:withdraw", "get", CaseStatus.REGISTERED, "office"),
    ("cases:reopen", "get", CaseStatus.CLOSED, "office"),
    ("cases:enforcement-add", "get", CaseStatus.ENFORCING, "officer"),
    ("cases:disciplinary-add", "get", CaseStatus.NOTIFIED, "office"),
    ("cases:attachment-add", "get", CaseStatus.NOTIFIED, "officer"),
]


@pytest.mark.parametrize("url_name,method,status,allowed", VIEWS)
def test_case_view_triad(url_name, method, status, allowed, request, client, case_in, other_office,
                         other_officer, county_user):
    case = case_in(status, disposition=Disposition.DEMOLISH)
    url = reverse(url_name, args=[case.pk])
    # anonymous → login
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # outsider (another township) → 404, the case's existence is not revealed
    assert login(client, other_office).get(url).status_code == 404
    # right role → 200 with the case on the page
    response = login(client, request.getfixturevalue(allowed)).get(url)
    assert response.status_code == 200
    assert case.number in response.content.decode()
    # read-only insider → 403 (except the detail page they may read)
    if url_name != "cases:detail":
        assert login(client, county_user).get(url).status_code == 403
        assert login(client, other_officer).get(url).status_code == 403
    # wrong method → 405
    assert login(client, request.getfixturevalue(allowed)).put(url).status_code == 405


@pytest.mark.parametrize("url_name", ["cases:list", "cases:mine", "cases:register"])
def test_list_pages_triad(url_name, client, office, officer, coordinator_a, case_in):
    case = case_in(CaseStatus.NOTIFIED)
    url = reverse(url_name)
    assert client.get(url).status_code == 302
    user = {"cases:list": coordinator_a, "cases:mine": officer, "cases:register": office}[url_name]
    response = login(client, user).get(url)
    assert response.status_code == 200
    if url_name != "cases:register":
        assert case.number in response.content.decode()
    assert client.delete(url).status_code == 405
    if url_name == "cases:register":
        assert login(client, officer).get(url).status_code == 403


def test_the_list_hides_other_villages_from_a_coordinator(client, case_in, coordinator_a, territory):
    mine = case_in(village=territory.village_a)
    other = case_in(village=territory.village_b)
    body = login(client, coordinator_a).get(reverse("cases:list")).content.decode()
    assert mine.number in body and other.number not in body
    assert login(client, coordinator_a).get(reverse("cases:detail", args=[other.pk])).status_code == 404


def test_detail_shows_only_the_buttons_this_user_may_press(client, case_in, office, officer, other_officer, leader):
    case = case_in(CaseStatus.NOTIFIED, deadline=timezone.localdate() - datetime.timedelta(days=2))
    url = reverse("cases:detail", args=[case.pk])
    as_officer = login(client, officer).get(url).content.decode()
    assert 'data-action="self_correct"' in as_officer and 'data-action="approve_enforcement"' not in as_officer
    as_other = login(client, other_officer).get(url).content.decode()
    assert "data-action=" not in as_other
    as_leader = login(client, leader).get(url).content.decode()
    assert 'data-action="approve_enforcement"' in as_leader and 'data-action="self_correct"' not in as_leader
    as_office = login(client, office).get(url).content.decode()
    assert 'data-action="assign"' in as_office


def test_a_notice_is_issued_in_documents_not_recorded_on_the_case_page(client, case_in, office, officer):
    """The interim "record notice" step is gone: the office drafts a real 整改通知书 instead."""
    case = case_in(CaseStatus.REGISTERED, disposition=Disposition.RESTORE_FARMLAND)
    url = reverse("cases:detail", args=[case.pk])
    as_office = login(client, office).get(url).content.decode()
    assert 'data-action="notify"' not in as_office
    link = reverse("documents:create", args=[case.pk]) + "?kind=rectification"
    assert f'href="{link}" data-action="issue-notice"' in as_office
    # The officer serves documents but does not draft them; nobody records a bare notice event.
    as_officer = login(client, officer).get(url).content.decode()
    assert 'data-action="issue-notice"' not in as_officer and 'data-action="notify"' not in as_officer
    assert client.get(f"/cases/{case.pk}/notify/").status_code == 404
    undecided = case_in(CaseStatus.REGISTERED)
    as_office = login(client, office).get(reverse("cases:detail", args=[undecided.pk])).content.decode()
    assert 'data-action="issue-notice"' not in as_office


def test_interim_notice_events_stay_readable_on_the_timeline(client, case_in, office):
    from cases.services import record_notice

    case = case_in(CaseStatus.REGISTERED, disposition=Disposition.DEMOLISH, predates_chain=True)
    served = timezone.localdate() - datetime.timedelta(days=3)
    record_notice(case, by=office, deadline=served + datetime.timedelta(days=15), served_on=served,
                  requirements="限期自行拆除")
    html = login(client, office).get(reverse("cases:detail", args=[case.pk])).content.decode()
    served_text = f"{served.year}年{served.month}月{served.day}日"  # data dates are written as the page's
    assert 'data-event="notified"' in html and served_text in html and "限期自行拆除" in html


def test_register_page_registers_a_case(client, office, territory):
    response = login(client, office).post(reverse("cases:register"), {
        "party_kind": "person", "party_name": "王五", "party_id_number": "330100198001010022",
        "title": "王五未批先建案", "village": territory.village_a.pk, "location_text": "三组路口",
        "land_type": "farmland", "area_m2": "200", "farmland_area_m2": "120", "category": Category.EXTRA_HOMESTEAD,
        "causes": ["housing_freeze"], "source": "report", "discovered_on": "2026-11-20",
    })
    case = ViolationCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.party.name == "王五" and case.created_by == office and case.farmland_area_m2 == 120
    assert case.events.get().kind == "registered"


def test_register_warns_about_an_open_case_of_the_same_party(client, office, territory, case_in, party):
    existing = case_in()
    data = {
        "party": party.pk, "party_kind": "person", "title": "再次违建", "village": territory.village_a.pk,
        "location_text": "别处", "land_type": "farmland", "area_m2": "50", "category": Category.OTHER,
        "source": "report", "discovered_on": "2026-11-20",
    }
    response = login(client, office).post(reverse("cases:register"), data)
    assert response.status_code == 200
    assert existing.number in response.content.decode()
    assert ViolationCase.objects.count() == 1
    response = client.post(reverse("cases:register"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302 and ViolationCase.objects.count() == 2


def test_transition_form_moves_the_case(client, case_in, officer):
    case = case_in(CaseStatus.NOTIFIED)
    response = login(client, officer).post(reverse("cases:self-correct", args=[case.pk]), {
        "version": case.version, "corrected_on": timezone.localdate().isoformat(), "note": "已自行拆除",
    })
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED
    event = case.events.get()
    assert (event.kind, event.actor, event.note) == ("self_corrected", officer, "已自行拆除")


def test_a_stale_form_is_refused_with_a_message(client, case_in, officer):
    case = case_in(CaseStatus.NOTIFIED)
    response = login(client, officer).post(reverse("cases:self-correct", args=[case.pk]), {
        "version": case.version - 1, "corrected_on": timezone.localdate().isoformat(),
    }, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED and not CaseEvent.objects.exists()
    assert "刚刚被" in response.content.decode()


def test_decide_form_requires_a_reason_to_override(client, case_in, office):
    case = case_in(category=Category.EXTRA_HOMESTEAD)
    url = reverse("cases:decide", args=[case.pk])
    response = login(client, office).post(url, {"version": case.version, "category": Category.EXTRA_HOMESTEAD,
                                                "disposition": Disposition.PLANNING, "reason": ""})
    assert response.status_code == 200 and "理由" in response.content.decode()
    case.refresh_from_db()
    assert case.disposition == ""


def test_bulk_assign(client, case_in, office, other_officer):
    cases = [case_in(assignee=None) for _ in range(3)]
    response = login(client, office).post(reverse("cases:bulk-assign"), {
        "cases": [c.pk for c in cases], "to": other_officer.pk, "next": reverse("cases:list"),
    })
    assert response.status_code == 302
    assert ViolationCase.objects.filter(assignee=other_officer).count() == 3
    assert client.get(reverse("cases:bulk-assign")).status_code == 405


def test_bulk_assign_refuses_non_office(client, case_in, officer, other_officer):
    case = case_in(assignee=None)
    response = login(client, officer).post(reverse("cases:bulk-assign"), {"cases": [case.pk], "to": other_officer.pk})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.assignee is None


def test_upload_and_protected_download(client, case_in, officer, coordinator_a, other_office):
    case = case_in(CaseStatus.NOTIFIED)
    response = login(client, officer).post(reverse("cases:attachment-add", args=[case.pk]), {
        "file": png(), "kind": "photo", "description": "现场照片",
    })
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    assert len(attachment.sha256) == 64 and attachment.uploaded_by == officer and attachment.file_type == "png"
    assert attachment.event.kind == "attachment_added"
    url = reverse("cases:attachment-file", args=[case.pk, attachment.pk])
    response = login(client, coordinator_a).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert login(client, other_office).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_renamed_non_image_is_rejected(client, case_in, officer):
    case = case_in(CaseStatus.NOTIFIED)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = login(client, officer).post(reverse("cases:attachment-add", args=[case.pk]),
                                           {"file": fake, "kind": "photo"})
    assert response.status_code == 200
    assert not CaseAttachment.objects.exists() and not CaseEvent.objects.exists()


def test_note_requires_post_and_the_right(client, case_in, officer, county_user):
    case = case_in()
    url = reverse("cases:note-add", args=[case.pk])
    assert login(client, officer).get(url).status_code == 405
    assert login(client, county_user).post(url, {"note": "x"}).status_code == 403
    assert login(client, officer).post(url, {"note": "电话联系当事人"}).status_code == 302
    assert case.events.get().note == "电话联系当事人"


def test_party_page(client, case_in, party, coordinator_a, other_office):
    case = case_in()
    url = reverse("cases:party-detail", args=[party.pk])
    assert client.get(url).status_code == 302
    body = login(client, coordinator_a).get(url).content.decode()
    assert party.name in body and case.number in body
    assert login(client, other_office).get(url).status_code == 404
    assert login(client, coordinator_a).post(url).status_code == 405


def test_enforcement_and_disciplinary_forms(client, case_in, officer, office, territory):
    case = case_in(CaseStatus.ENFORCING)
    response = login(client, officer).post(reverse("cases:enforcement-add", args=[case.pk]), {
        "version": case.version, "kind": "demolition", "carried_out_on": timezone.localdate().isoformat(),
        "units": [territory.department.pk], "area_m2": "80", "result": "已拆除",
    })
    assert response.status_code == 302 and case.enforcement_actions.get().area_m2 == 80
    case.refresh_from_db()
    response = login(client, office).post(reverse("cases:disciplinary-add", args=[case.pk]), {
        "version": case.version, "person_name": "某村干部", "post": "村主任", "measure": "warning",
        "status": "proposed", "proposed_by": "市国土局",
    })
    assert response.status_code == 302 and case.disciplinary_actions.get().person_name == "某村干部"
    assert login(client, officer).get(reverse("cases:disciplinary-add", args=[case.pk])).status_code == 403


def test_home_panels(client, case_in, office, officer):
    case_in(CaseStatus.NOTIFIED, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert 'data-panel="my-cases"' in login(client, officer).get("/").content.decode()
    assert "data-panel=\"my-cases\"" in login(client, office).get("/").content.decode()


@pytest.mark.parametrize("status", [s.value for s in CaseStatus])
@pytest.mark.parametrize("actor", ["office", "leader", "officer", "county_user"])
def test_detail_renders_in_every_state_for_every_role(status, actor, request, client, case_in):
    case = case_in(status, category=Category.COMMERCIAL)
    response = login(client, request.getfixturevalue(actor)).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200 and case.number in response.content.decode()


def test_a_leader_decides_no_action_on_a_commercial_case(client, case_in, leader, office):
    case = case_in(category=Category.COMMERCIAL)
    url = reverse("cases:decide", args=[case.pk])
    assert 'data-action="decide"' in login(client, leader).get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = client.post(url, {"version": case.version, "category": Category.COMMERCIAL,
                                 "disposition": Disposition.PROSECUTE})
    assert response.status_code == 200  # the ordinary decision is the office's
    response = client.post(url, {"version": case.version, "category": Category.COMMERCIAL,
                                 "disposition": Disposition.NO_ACTION, "reason": "已补办用地手续",
                                 "no_action_ground": "minor_corrected"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.events.get().data["approval"]["by"] == leader.pk


def test_the_list_and_the_timeline_write_dates_the_chinese_way(client, case_in, office):
    case = case_in(CaseStatus.NOTIFIED, deadline=datetime.date(2027, 1, 5))
    at = datetime.datetime(2026, 3, 15, 1, 30, tzinfo=datetime.UTC)
    CaseEvent.objects.create(case=case, kind="note", actor=office, note="现场复核", at=at)
    login(client, office)
    assert "2027年1月5日" in client.get(reverse("cases:list")).content.decode()
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "2026年3月15日 09:30" in html  # Asia/Shanghai
    assert "2026-03-15" not in html


CONFIRM_BOX = 'type="checkbox" name="confirm_duplicate"'


def test_register_anyway_is_offered_only_once_a_duplicate_was_found(client, office, territory, case_in, party):
    """The "仍然登记" box answers the duplicate check: not on the empty form, nor when none was found."""
    login(client, office)
    assert CONFIRM_BOX not in client.get(reverse("cases:register")).content.decode()
    data = {
        "party": party.pk, "party_kind": "person", "title": "再次违建", "village": territory.village_a.pk,
        "location_text": "别处", "land_type": "farmland", "area_m2": "50", "category": Category.OTHER,
        "source": "report", "discovered_on": "2026-11-20",
    }
    # No duplicate, another field wrong: the page comes back without the box.
    page = client.post(reverse("cases:register"), {**data, "area_m2": "abc"}).content.decode()
    assert CONFIRM_BOX not in page and "data-duplicates" not in page
    existing = case_in()
    page = client.post(reverse("cases:register"), data).content.decode()
    assert "data-duplicates" in page and existing.number in page and CONFIRM_BOX in page
    assert ViolationCase.objects.count() == 1
