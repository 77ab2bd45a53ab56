"""The permission triad on every patrols view: anonymous, outsider, wrong role, right role, wrong method."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import FindingStatus, PatrolEvent, PatrolLog, PatrolPhoto
from tests.factories import (
    FarmlandPledgeFactory,
    LandProjectFactory,
    PatrolFindingFactory,
    PatrolLogFactory,
    PatrolPlanFactory,
)

from .conftest import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(territory, coordinator_a, office):
    log = PatrolLogFactory(village=territory.village_a, created_by=coordinator_a, patrolled_on=timezone.localdate())
    finding = PatrolFindingFactory(log=log)
    photo = PatrolPhoto.objects.create(
        file="patrols/photos/x.png", kind="png", sha256="0" * 64, log=log, uploaded_by=coordinator_a
    )
    plan = PatrolPlanFactory(responsible_unit=territory.office_unit, villages=[territory.village_a], created_by=office)
    pledge = FarmlandPledgeFactory(village=territory.village_a, created_by=office)
    project = LandProjectFactory(village=territory.village_a, created_by=office)
    return {"log": log, "finding": finding, "photo": photo, "plan": plan, "pledge": pledge, "project": project}


READ_VIEWS = [
    ("patrols:log-detail", "log"),
    ("patrols:finding-detail", "finding"),
    ("patrols:plan-detail", "plan"),
    ("patrols:pledge-detail", "pledge"),
    ("patrols:project-detail", "project"),
]
LISTS = [
    "patrols:log-list",
    "patrols:finding-list",
    "patrols:coverage",
    "patrols:plan-list",
    "patrols:pledge-list",
    "patrols:project-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_need_a_login_and_show_only_the_users_scope(client, objects, other_office, office, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(other_office)
    response = client.get(url)
    assert response.status_code == 200
    assert "甲一村" not in response.content.decode()
    client.force_login(office)
    response = client.get(url)
    assert response.status_code == 200
    if name != "patrols:plan-list":
        assert "甲一村" in response.content.decode()


@pytest.mark.parametrize(("name", "key"), [*READ_VIEWS, ("territory:unit-detail", None), ("patrols:photo", "photo"),
                                           ("patrols:pledge-scan", "pledge"), *((n, None) for n in LISTS),
                                           ("territory:unit-list", None)])
def test_read_pages_refuse_post(client, objects, territory, office, name, key):
    """A page that only reads answers POST with 405, not with the page (found by the permission matrix)."""
    if key is None and name == "territory:unit-detail":
        url = reverse(name, args=[territory.village_a.pk])
    else:
        url = reverse(name, args=[objects[key].pk]) if key else reverse(name)
    client.force_login(office)
    assert client.post(url, {}).status_code == 405


@pytest.mark.parametrize(("name", "key"), READ_VIEWS)
def test_object_pages_anonymous_outsider_and_insiders(
    client, objects, other_office, coordinator_b, office, leader, name, key
):
    url = reverse(name, args=[objects[key].pk])
    assert client.get(url).status_code == 302
    client.force_login(other_office)
    assert client.get(url).status_code == 404
    if key != "plan":  # plans belong to the township, which a coordinator of another village shares
        client.force_login(coordinator_b)
        assert client.get(url).status_code == 404
    for user in (office, leader):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_photos_are_served_only_inside_the_scope(client, objects, other_office, coordinator_a, settings, tmp_path):
    photo = objects["photo"]
    from django.core.files.base import ContentFile

    # the row is append-only: the stored file is put where the row already points
    assert photo.file.storage.save(photo.file.name, ContentFile(b"\x89PNG\r\n\x1a\n")) == photo.file.name
    url = reverse("patrols:photo", args=[photo.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_office)
    assert client.get(url).status_code == 404
    client.force_login(coordinator_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


# --- Patrol logs --------------------------------------------------------------------------


def log_post(**extra):
    data = {
        "patrolled_on": timezone.localdate().isoformat(),
        "started_at": "09:30",
        "duration_minutes": "80",
        "route": "村委会—二组—河堤",
        "weather": "sunny",
        "result": "nothing_found",
        "notes": "",
        "draft_key": "ab" * 16,
    }
    data.update(extra)
    return data


def test_log_create_triad(client, territory, coordinator_a, coordinator_b, leader, county_user):
    url = reverse("patrols:log-create")
    assert client.get(url).status_code == 302
    for wrong_role in (leader, county_user):
        client.force_login(wrong_role)
        assert client.get(url).status_code == 403
        assert client.post(url, log_post(village=territory.village_a.pk)).status_code == 403
    client.force_login(coordinator_b)
    assert client.get(url, {"village": territory.village_a.pk}).status_code == 404
    assert client.post(url, log_post(village=territory.village_a.pk)).status_code == 404
    assert not PatrolLog.objects.exists()
    client.force_login(coordinator_a)
    response = client.get(url)  # their only village is chosen for them
    assert response.status_code == 200 and "甲一村" in response.content.decode()
    assert 'capture="environment"' in response.content.decode()
    response = client.post(url, log_post(village=territory.village_a.pk))
    log = PatrolLog.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(log.get_absolute_url())
    assert log.village == territory.village_a and log.created_by == coordinator_a
    assert list(log.patrollers.all()) == [coordinator_a]
    assert PatrolEvent.objects.filter(log=log, kind="log_created").exists()


def test_office_chooses_among_its_villages_and_may_not_log_in_another_township(client, territory, office):
    client.force_login(office)
    response = client.get(reverse("patrols:log-create"))
    assert (
        response.status_code == 200 and "甲一村" in response.content.decode() and "甲二村" in response.content.decode()
    )
    response = client.get(reverse("patrols:log-create"), {"village": territory.other_village.pk})
    assert response.status_code == 404


def test_log_with_a_finding_departments_and_gps(client, territory, officer):
    client.force_login(officer)
    data = log_post(
        village=territory.village_a.pk,
        result="suspected_violation",
        departments=[territory.department.pk],
        other_villages=[territory.village_b.pk],
        gps_points='[{"lat": 30.1234567, "lng": 120.5, "acc": 12.3, "t": "2026-11-27T01:00:00Z"}]',
        **{
            "finding-location_text": "二组河边",
            "finding-description": "新建地基",
            "finding-suspected_category": "villager_housing",
            "finding-urgency": "urgent",
            "finding-latitude": "30.123457",
            "finding-longitude": "120.500000",
        },
    )
    response = client.post(reverse("patrols:log-create"), data)
    assert response.status_code == 302
    log = PatrolLog.objects.get()
    assert log.result == "suspected_violation"
    assert log.gps_points == [{"lat": 30.123457, "lng": 120.5, "acc": 12.3, "t": "2026-11-27T01:00:00Z"}]
    assert list(log.departments.all()) == [territory.department]
    assert list(log.other_villages.all()) == [territory.village_b]
    finding = log.findings.get()
    assert finding.status == FindingStatus.REPORTED and finding.village == territory.village_a
    assert finding.urgency == "urgent" and str(finding.latitude) == "30.123457"


@pytest.mark.parametrize(
    "gps_points",
    ["[" * 5000, "[" * 5000 + "]" * 5000, "{", '[{"lat": 91, "lng": 0}]', '[{"lat": 30}]', '"[]"'],
    ids=["unclosed-deep", "closed-deep", "broken", "off-the-globe", "no-longitude", "not-a-list"],
)
def test_an_unreadable_gps_track_is_refused_on_the_form(client, territory, coordinator_a, gps_points):
    client.force_login(coordinator_a)
    data = log_post(village=territory.village_a.pk, route="保留的路线文字", gps_points=gps_points)
    response = client.post(reverse("patrols:log-create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "定位数据无法读取" in body and "保留的路线文字" in body
    assert not PatrolLog.objects.exists()


def test_a_failed_submission_keeps_typed_fields_and_photos(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    data = log_post(
        village=territory.village_a.pk,
        patrolled_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),  # invalid: future
        route="保留的路线文字",
        result="suspected_violation",
        **{"finding-location_text": "", "finding-description": "看到的情况"},
    )
    data["photos"] = png_upload("patrol.png")
    data["finding-photos"] = png_upload("finding.png")
    response = client.post(reverse("patrols:log-create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "保留的路线文字" in body and "看到的情况" in body
    assert not PatrolLog.objects.exists()
    staged = PatrolPhoto.objects.filter(draft_key="ab" * 16)
    assert staged.count() == 2 and all(p.is_staged for p in staged)
    for photo in staged:
        assert photo.get_absolute_url() in body
    # Corrected and sent again (the browser no longer sends the files): the staged photos are attached.
    data = log_post(
        village=territory.village_a.pk,
        result="suspected_violation",
        **{
            "finding-location_text": "二组",
            "finding-description": "看到的情况",
            "finding-suspected_category": "other",
            "finding-urgency": "normal",
        },
    )
    response = client.post(reverse("patrols:log-create"), data)
    assert response.status_code == 302
    log = PatrolLog.objects.get()
    assert [p.original_name for p in log.photos.all()] == ["patrol.png"]
    assert [p.original_name for p in log.findings.get().photos.all()] == ["finding.png"]
    # attached: none is left staged (the draft key stays on the append-only rows)
    assert not PatrolPhoto.objects.filter(draft_key="ab" * 16, log__isnull=True, finding__isnull=True).exists()


def test_a_fake_photo_is_refused_and_the_form_is_kept(client, territory, coordinator_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator_a)
    data = log_post(village=territory.village_a.pk, route="路线甲")
    data["photos"] = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(reverse("patrols:log-create"), data)
    assert response.status_code == 200 and "路线甲" in response.content.decode()
    assert not PatrolLog.objects.exists() and not PatrolPhoto.objects.exists()


def test_photo_staging_endpoint(client, territory, coordinator_a, leader):
    url = reverse("patrols:photo-stage")
    client.force_login(coordinator_a)
    assert client.get(url).status_code == 405
    response = client.post(url, {"photo": png_upload(), "draft_key": "cd" * 16, "staged_for": "log"})
    assert response.status_code == 200
    photo = PatrolPhoto.objects.get(pk=response.json()["id"])
    assert photo.uploaded_by == coordinator_a and photo.is_staged and len(photo.sha256) == 64
    assert client.post(url, {"photo": png_upload(), "draft_key": "not-hex", "staged_for": "log"}).status_code == 400
    client.force_login(leader)
    assert client.post(url, {"photo": png_upload(), "draft_key": "cd" * 16, "staged_for": "log"}).status_code == 403
    # Permission before the shape of the request: a malformed one from someone who may stage nothing is a 403.
    for data in ({}, {"draft_key": "not-hex", "staged_for": "log"}, {"draft_key": "cd" * 16, "staged_for": "x"}):
        assert client.post(url, data).status_code == 403
    # Another user cannot see a photo staged by someone else.
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_withdraw_log_triad(client, objects, coordinator_b, leader, office):
    log = objects["log"]
    url = reverse("patrols:log-withdraw", args=[log.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302 and not PatrolLog.objects.withdrawn().exists()
    client.force_login(office)
    assert client.get(url).status_code == 405
    client.force_login(coordinator_b)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(leader)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(office)
    assert client.post(url, {"reason": "  "}).status_code == 302
    log.refresh_from_db()
    assert not log.is_withdrawn
    assert client.post(url, {"reason": "重复录入"}).status_code == 302
    log.refresh_from_db()
    assert log.is_withdrawn and log.withdraw_reason == "重复录入" and log.withdrawn_by == office
    assert PatrolEvent.objects.filter(log=log, kind="log_withdrawn").count() == 1


def test_the_author_may_withdraw_their_own_log(client, objects, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(reverse("patrols:log-withdraw", args=[objects["log"].pk]), {"reason": "日期填错"})
    assert response.status_code == 302
    objects["log"].refresh_from_db()
    assert objects["log"].is_withdrawn


# --- Findings -----------------------------------------------------------------------------


def test_finding_create_triad(client, territory, coordinator_a, coordinator_b, leader, objects):
    url = reverse("patrols:finding-create")
    data = {
        "location_text": "三组",
        "description": "新搭棚",
        "suspected_category": "farmland_breeding",
        "urgency": "normal",
        "draft_key": "ef" * 16,
    }
    assert client.get(url).status_code == 302
    client.force_login(leader)
    assert client.post(url, {**data, "village": territory.village_a.pk}).status_code == 403
    client.force_login(coordinator_b)
    assert client.post(url, {**data, "village": territory.village_a.pk}).status_code == 404
    assert client.post(url, {**data, "log": objects["log"].pk}).status_code == 404
    client.force_login(coordinator_a)
    assert client.get(url, {"log": objects["log"].pk}).status_code == 200
    response = client.post(url, {**data, "log": objects["log"].pk, "photos": png_upload()})
    assert response.status_code == 302
    finding = objects["log"].findings.order_by("-pk").first()
    assert finding.location_text == "三组" and finding.reported_by == coordinator_a and finding.photos.count() == 1


def test_finding_dismiss_triad(client, objects, coordinator_a, other_office, office):
    finding = objects["finding"]
    url = reverse("patrols:finding-dismiss", args=[finding.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302
    client.force_login(office)
    assert client.get(url).status_code == 405
    client.force_login(other_office)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(coordinator_a)
    assert client.post(url, {"reason": "x"}).status_code == 403
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REPORTED
    client.force_login(office)
    assert client.post(url, {"reason": "经核实已批"}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED and finding.handled_by == office
    assert finding.dismiss_reason == "经核实已批"
    # A second dismissal changes nothing and says why.
    response = client.post(url, {"reason": "again"}, follow=True)
    finding.refresh_from_db()
    assert finding.dismiss_reason == "经核实已批"
    assert PatrolEvent.objects.filter(finding=finding, kind="finding_dismissed").count() == 1
    assert response.status_code == 200


def test_finding_queue_shows_new_findings_and_handling_only_to_the_office(client, objects, coordinator_a, office):
    client.force_login(office)
    body = client.get(reverse("patrols:finding-list")).content.decode()
    assert "东组河滩旁" in body
    detail = client.get(reverse("patrols:finding-detail", args=[objects["finding"].pk])).content.decode()
    assert reverse("patrols:finding-dismiss", args=[objects["finding"].pk]) in detail
    client.force_login(coordinator_a)
    detail = client.get(reverse("patrols:finding-detail", args=[objects["finding"].pk])).content.decode()
    assert reverse("patrols:finding-dismiss", args=[objects["finding"].pk]) not in detail


# --- Plans, pledges, projects -------------------------------------------------------------


def plan_post(territory, **extra):
    return {
        "name": "周巡查",
        "kind": "regular",
        "responsible_unit": territory.office_unit.pk,
        "villages": [territory.village_a.pk, territory.village_b.pk],
        "departments": [territory.department.pk],
        "times": "2",
        "period": "week",
        "months": ["9", "10"],
        "valid_from": "2026-09-01",
        "active": "on",
        "township": territory.township.pk,
        **extra,
    }


def test_plan_create_and_edit_triad(client, territory, objects, leader, other_office, office):
    url = reverse("patrols:plan-create")
    assert client.get(url).status_code == 302
    client.force_login(leader)
    assert client.get(url, {"township": territory.township.pk}).status_code == 403
    assert client.post(reverse("patrols:plan-edit", args=[objects["plan"].pk]), plan_post(territory)).status_code == 403
    client.force_login(other_office)
    assert client.get(url, {"township": territory.township.pk}).status_code == 404
    assert client.get(reverse("patrols:plan-edit", args=[objects["plan"].pk])).status_code == 404
    client.force_login(office)
    assert client.get(url).status_code == 200
    response = client.post(url, plan_post(territory))
    assert response.status_code == 302
    from patrols.models import PatrolPlan

    plan = PatrolPlan.objects.get(name="周巡查")
    assert plan.months == [9, 10] and plan.times == 2 and plan.villages.count() == 2
    assert plan.events.filter(kind="plan_saved").exists()
    response = client.post(url, plan_post(territory, villages=[territory.other_village.pk]))
    assert response.status_code == 200  # a village of another township is not a choice


def test_pledge_create_assess_and_scan(client, territory, leader, other_office, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from patrols.models import FarmlandPledge

    url = reverse("patrols:pledge-create")
    data = {
        "village": territory.village_b.pk,
        "year": "2026",
        "protected_farmland_mu": "1500",
        "basic_farmland_mu": "1200",
        "reclamation_task_mu": "10",
        "reclamation_done_mu": "5",
        "development_task_mu": "0",
        "development_done_mu": "0",
        "signed_on": "2026-03-20",
        "township_signatory": "顾培坚",
        "village_signatory": "王村长",
    }
    client.force_login(leader)
    assert client.post(url, data).status_code == 403
    client.force_login(other_office)
    assert client.post(url, data).status_code == 404
    client.force_login(office)
    response = client.post(url, {**data, "basic_farmland_mu": "1600"})
    assert response.status_code == 200 and not FarmlandPledge.objects.exists()
    data["scan_file"] = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf")
    assert client.post(url, data).status_code == 302
    pledge = FarmlandPledge.objects.get()
    assert pledge.reclamation_percent == 50 and len(pledge.scan_sha256) == 64
    scan = client.get(reverse("patrols:pledge-scan", args=[pledge.pk]))
    assert scan.status_code == 200
    assess = reverse("patrols:pledge-assess", args=[pledge.pk])
    scores = {
        "assessed_on": "2026-11-25",
        "farmland_score": "28",
        "basic_farmland_score": "19",
        "reclamation_score": "10",
        "development_score": "15",
        "violation_control_score": "18",
        "notes": "",
    }
    assert client.post(assess, {**scores, "farmland_score": "31"}).status_code == 200
    assert client.post(assess, scores).status_code == 302
    pledge.assessment.refresh_from_db()
    assert str(pledge.assessment.total) == "90.0" and pledge.assessment.result == "excellent"
    client.force_login(leader)
    assert client.post(assess, scores).status_code == 403
    page = client.get(reverse("patrols:pledge-list"), {"year": 2026}).content.decode()
    assert "90.0" in page and "甲二村" in page


def project_post(territory, **extra):
    return {
        "card_no": "GY-NEW-01",
        "name": "新项目",
        "company": "某某公司",
        "village": territory.village_a.pk,
        "parcel": "1号地块",
        "approved_area_mu": "12.5",
        "approved_on": "2025-01-01",
        "agreed_start_on": "2025-03-01",
        "agreed_completion_on": "2026-12-31",
        "required_plot_ratio": "1.2",
        "required_investment_intensity": "200",
        "construction_status": "under_construction",
        "actual_start_on": "2025-04-01",
        "active": "on",
        **extra,
    }


def test_project_create_edit_inspect_triad(
    client, territory, objects, leader, coordinator_a, officer, other_office, office
):
    create = reverse("patrols:project-create")
    project = objects["project"]
    client.force_login(leader)
    assert client.get(create).status_code == 403
    assert client.get(reverse("patrols:project-edit", args=[project.pk])).status_code == 403
    assert client.get(reverse("patrols:project-inspect", args=[project.pk])).status_code == 403
    client.force_login(other_office)
    assert client.get(reverse("patrols:project-edit", args=[project.pk])).status_code == 404
    client.force_login(office)
    response = client.post(create, project_post(territory, agreed_completion_on="2024-01-01"))
    assert response.status_code == 200
    assert client.post(create, project_post(territory)).status_code == 302
    client.force_login(officer)
    inspect = reverse("patrols:project-inspect", args=[project.pk])
    response = client.post(
        inspect,
        {
            "inspected_on": timezone.localdate().isoformat(),
            "inspectors": "沈国平",
            "findings": "红线外搭建工棚",
            "violation_found": "on",
            "draft_key": "12" * 16,
        },
    )
    assert response.status_code == 302
    inspection = project.inspections.get()
    assert inspection.finding is not None and inspection.finding.status == FindingStatus.REPORTED
    assert inspection.finding.village == territory.village_a
    client.force_login(coordinator_a)
    assert client.get(reverse("patrols:project-detail", args=[project.pk])).status_code == 200
    assert client.get(inspect).status_code == 403


def test_the_patrol_form_starts_with_today(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    body = client.get(reverse("patrols:log-create")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in body


def test_home_panels_per_role(client, territory, coordinator_a, office, objects):
    client.force_login(coordinator_a)
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="my-village-patrols"' in body
    assert f"{reverse('patrols:log-create')}?village={territory.village_a.pk}" in body
    assert 'data-panel="patrol-watch"' not in body
    client.force_login(office)
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="patrol-watch"' in body and 'data-panel="units"' in body
    assert 'data-new-findings>1<' in body
