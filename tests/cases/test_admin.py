"""Admin: data entry through the services; the timeline and the lifecycle are read-only."""

import re

from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, CaseNumberSequence, CaseStatus, EventKind, ViolationCase
from tests.factories import PartyFactory


def test_events_are_read_only_even_for_a_superuser(client, superuser, case_in, office):
    case = case_in()
    services.add_note(case, by=office, note="电话联系")
    event = CaseEvent.objects.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:cases_caseevent_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_caseevent_add")).status_code == 403
    assert client.post(reverse("admin:cases_caseevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:cases_caseevent_change", args=[event.pk]), {"note": "改"})
    event.refresh_from_db()
    assert event.note == "电话联系"


def test_case_admin_pages_render_and_status_is_not_a_field(client, superuser, case_in):
    case = case_in(CaseStatus.NOTIFIED)
    client.force_login(superuser)
    for name in ("party", "violationcase", "enforcementaction", "disciplinaryaction", "caseattachment",
                 "criminalreferral", "legalchallenge", "courtapplication"):
        assert client.get(reverse(f"admin:cases_{name}_changelist")).status_code == 200
    response = client.get(reverse("admin:cases_violationcase_change", args=[case.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.get(reverse("admin:cases_violationcase_add")).status_code == 200


# --- the case admin writes through the services (issue #26, finding 10) ---------------------


def _management(html: str) -> dict:
    """The inline formsets' management fields as the page renders them."""
    return dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', html))


def _form(client, url: str, **values) -> dict:
    return {**_management(client.get(url).content.decode()), **values}


def _facts(party, village, **over) -> dict:
    return {"title": "管理员录入案", "party": party.pk, "village": village.pk, "location_text": "五组河边",
            "land_type": "farmland", "area_m2": "300", "farmland_area_m2": "100",
            "basic_farmland_area_m2": "0", "category": "extra_homestead",
            "plough_layer_damaged": "unknown", "source": "dynamic_patrol", "discovered_on": "2026-11-02",
            "description": "", "latitude": "", "longitude": "", "campaign": "", **over}


def test_a_case_added_in_the_admin_is_registered_by_the_service(client, superuser, territory, officer):
    party = PartyFactory(township=territory.township)
    client.force_login(superuser)
    url = reverse("admin:cases_violationcase_add")
    year = timezone.localdate().year
    CaseNumberSequence.objects.create(year=year, last=16)
    response = client.post(url, _form(client, url, **_facts(party, territory.village_a, assignee=officer.pk,
                                                            causes=["housing_freeze"])))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = ViolationCase.objects.get()
    assert case.number == f"{year}-017" and case.status == CaseStatus.REGISTERED and case.version == 1
    assert case.created_by == superuser and case.assignee == officer
    assert list(case.causes.values_list("cause", flat=True)) == ["housing_freeze"]
    assert [e.kind for e in case.events.all()] == [EventKind.REGISTERED, EventKind.ASSIGNED]
    assert case.events.first().data["number"] == case.number


def test_a_change_in_the_admin_is_a_facts_correction_and_the_lifecycle_cannot_be_posted(client, superuser,
                                                                                        case_in, office):
    case = case_in(CaseStatus.NOTIFIED)
    old_title, old_number, deadline = case.title, case.number, case.deadline
    client.force_login(superuser)
    url = reverse("admin:cases_violationcase_change", args=[case.pk])
    data = _form(client, url, **_facts(case.party, case.village, title="管理员更正的标题", area_m2="120.00",
                                       farmland_area_m2="0", discovered_on="2026-11-01",
                                       location_text=case.location_text, seen_version=str(case.version)))
    # The lifecycle and what only its own step changes, posted by hand, are ignored.
    data.update(number="2000-999", status="closed", version="99", deadline="2030-01-01", disposition="no_action",
                closed_on="2026-01-01", assignee=office.pk, village=case.village.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.title == "管理员更正的标题" and case.version == 2
    assert (case.number, case.status, case.deadline, case.disposition, case.closed_on) == (
        old_number, CaseStatus.NOTIFIED, deadline, "demolish", None)
    assert case.assignee.username == "officer"
    event = case.events.get()
    assert event.kind == EventKind.EDITED and event.actor == superuser
    assert event.data["changed"] == {"title": {"from": old_title, "to": "管理员更正的标题"}}
    # The timeline shows the change, old and new, not an empty row.
    client.force_login(office)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    row = re.search(r'data-event="edited">(.*?)</li>', html, re.S).group(1)
    assert f"{old_title} → 管理员更正的标题" in row


def test_an_admin_change_from_a_stale_page_is_refused_with_a_message(client, superuser, case_in, office):
    case = case_in()
    client.force_login(superuser)
    url = reverse("admin:cases_violationcase_change", args=[case.pk])
    data = _form(client, url, **_facts(case.party, case.village, title="晚到的更正", area_m2="120.00",
                                       farmland_area_m2="0", discovered_on="2026-11-01",
                                       location_text=case.location_text, seen_version=str(case.version)))
    services.add_note(case, by=office, note="同时有人写了记录")
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.title != "晚到的更正" and case.version == 2
    assert not case.events.filter(kind=EventKind.EDITED).exists()
    assert "刚刚被" in response.content.decode()  # "This case was just changed by …"


def test_cases_are_not_deleted_and_ended_cases_not_changed_in_the_admin(client, superuser, case_in):
    closed = case_in(CaseStatus.CLOSED)
    client.force_login(superuser)
    assert client.get(reverse("admin:cases_violationcase_delete", args=[closed.pk])).status_code == 403
    url = reverse("admin:cases_violationcase_change", args=[closed.pk])
    response = client.post(url, _facts(closed.party, closed.village, title="改已办结的案件"))
    assert response.status_code == 403
    closed.refresh_from_db()
    assert closed.title != "改已办结的案件" and not closed.events.exists()
    assert ViolationCase.objects.filter(pk=closed.pk).exists()


def test_number_sequences_are_read_only_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:cases_casenumbersequence_add")).status_code == 403
