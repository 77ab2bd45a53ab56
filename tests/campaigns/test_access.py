"""Who may see and do what: the permission triad on every page, and task visibility per role."""

import datetime

import pytest
from django.utils import timezone

from campaigns import services
from campaigns.models import TaskEvent, TaskStatus
from tests.factories.campaigns import MeetingFactory, TaskFactory

D = datetime.date
# A task is given a date still to come (campaigns.forms.TaskForm.clean_due_date).
FUTURE = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()

READ_PAGES = ["", "tasks/", "meetings/", "publicity/", "group/", "report/", "report.xlsx"]
WRITE_PAGES = ["edit/", "phases/", "tasks/new/", "meetings/new/", "reviews/new/"]


@pytest.fixture
def tasks(campaign, territory, officer, office):
    return {
        "dept": TaskFactory(campaign=campaign, owner_unit=territory.department, title="部门任务", created_by=office),
        "officer": TaskFactory(
            campaign=campaign, owner=officer, owner_unit=territory.department, title="个人任务", created_by=office
        ),
        "village_a": TaskFactory(
            campaign=campaign, owner_unit=territory.village_a, title="甲一村任务", created_by=office
        ),
        "village_b": TaskFactory(
            campaign=campaign, owner_unit=territory.village_b, title="甲二村任务", created_by=office
        ),
    }


@pytest.mark.parametrize("page", READ_PAGES + WRITE_PAGES)
def test_anonymous_is_sent_to_login(client, campaign, page):
    response = client.get(f"/campaigns/{campaign.pk}/{page}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", READ_PAGES + WRITE_PAGES)
def test_another_townships_office_gets_404(client, campaign, other_office, page):
    client.force_login(other_office)
    assert client.get(f"/campaigns/{campaign.pk}/{page}").status_code == 404


@pytest.mark.parametrize("actor", ["leader", "county_user", "officer", "office"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_readers_see_every_page(client, campaign, actor, page, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(f"/campaigns/{campaign.pk}/{page}").status_code == 200


@pytest.mark.parametrize("page", ["", "tasks/", "meetings/", "report/", "report.xlsx"])
def test_read_pages_refuse_post(client, campaign, office, page):
    """Pages that only read answer POST with 405 (found by the permission matrix); publicity/ and group/ take forms."""
    client.force_login(office)
    assert client.post(f"/campaigns/{campaign.pk}/{page}", {}).status_code == 405


def test_read_pages_of_tasks_and_meetings_refuse_post(client, campaign, tasks, office):
    meeting = MeetingFactory(campaign=campaign, recorded_by=office)
    client.force_login(office)
    task = tasks["officer"]
    for url in ("/campaigns/tasks/mine/", f"/campaigns/tasks/{task.pk}/", f"/campaigns/meetings/{meeting.pk}/"):
        assert client.post(url, {}).status_code == 405, url


@pytest.mark.parametrize("actor", ["leader", "county_user", "officer", "coordinator_a"])
@pytest.mark.parametrize("page", WRITE_PAGES)
def test_only_the_office_writes(client, campaign, actor, page, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(f"/campaigns/{campaign.pk}/{page}").status_code == 403


@pytest.mark.parametrize("page", WRITE_PAGES)
def test_office_opens_the_forms(client, campaign, office, page):
    client.force_login(office)
    assert client.get(f"/campaigns/{campaign.pk}/{page}").status_code == 200


@pytest.mark.parametrize("page", ["", "meetings/", "publicity/", "group/", "report/", "report.xlsx"])
def test_a_coordinator_reads_no_campaign_page_but_the_task_board(client, campaign, coordinator_a, page):
    client.force_login(coordinator_a)
    assert client.get(f"/campaigns/{campaign.pk}/{page}").status_code == 403
    assert client.get(f"/campaigns/{campaign.pk}/tasks/").status_code == 200


def test_campaign_list_shows_own_townships_only(client, campaign, other_campaign, county_user, office):
    client.force_login(office)
    html = client.get("/campaigns/").content.decode()
    assert campaign.name in html and other_campaign.name not in html
    client.force_login(county_user)
    html = client.get("/campaigns/").content.decode()
    assert campaign.name in html and other_campaign.name in html


def board(client, campaign, query=""):
    return client.get(f"/campaigns/{campaign.pk}/tasks/{query}").content.decode()


def test_task_board_per_role(client, campaign, tasks, officer, coordinator_a, coordinator_b, leader):
    client.force_login(leader)
    html = board(client, campaign)
    assert all(t.title in html for t in tasks.values())
    client.force_login(coordinator_a)
    html = board(client, campaign)
    assert "甲一村任务" in html and "甲二村任务" not in html and "部门任务" not in html
    client.force_login(coordinator_b)
    html = board(client, campaign)
    assert "甲二村任务" in html and "甲一村任务" not in html
    client.force_login(officer)
    html = board(client, campaign, "?mine=1")
    assert "部门任务" in html and "个人任务" in html and "甲一村任务" not in html


def test_my_tasks_page(client, campaign, tasks, other_officer):
    client.force_login(other_officer)
    html = client.get("/campaigns/tasks/mine/").content.decode()
    # The department's unnamed task is theirs too; the task named for another officer is not.
    assert "部门任务" in html and "个人任务" not in html


def test_task_detail_access(client, tasks, coordinator_a, other_office, officer, other_officer):
    client.force_login(coordinator_a)
    assert client.get(f"/campaigns/tasks/{tasks['village_a'].pk}/").status_code == 200
    assert client.get(f"/campaigns/tasks/{tasks['village_b'].pk}/").status_code == 404
    assert client.get(f"/campaigns/tasks/{tasks['dept'].pk}/").status_code == 404
    client.force_login(other_office)
    assert client.get(f"/campaigns/tasks/{tasks['dept'].pk}/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/campaigns/tasks/{tasks['village_a'].pk}/").status_code == 200


def test_officer_reports_progress_on_own_task(client, tasks, officer):
    task = tasks["officer"]
    client.force_login(officer)
    response = client.post(f"/campaigns/tasks/{task.pk}/progress/", {"note": "已下达通知书12份"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.progress_note == "已下达通知书12份"
    event = TaskEvent.objects.filter(task=task).latest("pk")
    assert (event.actor, event.from_status, event.to_status) == (officer, TaskStatus.PENDING, TaskStatus.IN_PROGRESS)
    response = client.post(f"/campaigns/tasks/{task.pk}/status/", {"to_status": "done", "note": "全部完成"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_on is not None


def test_officer_cannot_update_someone_elses_task(client, tasks, other_officer, coordinator_a, leader):
    client.force_login(other_officer)
    assert client.post(f"/campaigns/tasks/{tasks['officer'].pk}/progress/", {"note": "x"}).status_code == 403
    client.force_login(coordinator_a)
    assert client.post(f"/campaigns/tasks/{tasks['village_a'].pk}/progress/", {"note": "x"}).status_code == 403
    client.force_login(leader)
    assert (
        client.post(f"/campaigns/tasks/{tasks['dept'].pk}/status/", {"to_status": "done", "note": "x"}).status_code
        == 403
    )
    tasks["officer"].refresh_from_db()
    assert tasks["officer"].status == TaskStatus.PENDING
    assert not TaskEvent.objects.exists()


@pytest.mark.parametrize("path", ["progress/", "status/"])
def test_transitions_are_post_only(client, tasks, officer, path):
    client.force_login(officer)
    assert client.get(f"/campaigns/tasks/{tasks['officer'].pk}/{path}").status_code == 405


def test_only_the_office_cancels(tasks, officer, office):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.change_task_status(tasks["officer"], by=officer, to_status=TaskStatus.CANCELLED)
    services.change_task_status(tasks["officer"], by=office, to_status=TaskStatus.CANCELLED, note="合并")
    tasks["officer"].refresh_from_db()
    assert tasks["officer"].status == TaskStatus.CANCELLED


def test_illegal_transition_changes_nothing(tasks, office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.change_task_status(tasks["dept"], by=office, to_status=TaskStatus.PENDING)
    tasks["dept"].refresh_from_db()
    assert tasks["dept"].status == TaskStatus.PENDING
    assert not TaskEvent.objects.exists()


def test_office_assigns_a_task(client, campaign, office, territory):
    client.force_login(office)
    phase = campaign.phases.get(kind="correction")
    response = client.post(
        f"/campaigns/{campaign.pk}/tasks/new/",
        {"phase": phase.pk, "title": "排摸违法用地", "owner_unit": territory.village_a.pk, "due_date": FUTURE},
    )
    assert response.status_code == 302
    task = campaign.tasks.get(title="排摸违法用地")
    assert task.created_by == office and task.events.count() == 1


def test_task_without_owner_is_refused(client, campaign, office):
    client.force_login(office)
    phase = campaign.phases.get(kind="correction")
    response = client.post(
        f"/campaigns/{campaign.pk}/tasks/new/", {"phase": phase.pk, "title": "无人任务", "due_date": FUTURE}
    )
    assert response.status_code == 200
    assert not campaign.tasks.exists()


def test_meeting_decision_becomes_a_task(client, campaign, office, territory):
    meeting = MeetingFactory(campaign=campaign, recorded_by=office)
    decision = services.add_decision(meeting, by=office, text="供电所对逾期企业停止供电")
    client.force_login(office)
    phase = campaign.phases.get(kind="correction")
    response = client.post(
        f"/campaigns/decisions/{decision.pk}/task/",
        {"phase": phase.pk, "title": decision.text, "owner_unit": territory.department.pk, "due_date": FUTURE},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.task.owner_unit == territory.department
    # Once only.
    response = client.post(
        f"/campaigns/decisions/{decision.pk}/task/",
        {"phase": phase.pk, "title": decision.text, "owner_unit": territory.department.pk, "due_date": FUTURE},
    )
    assert response.status_code == 200 and campaign.tasks.count() == 1


def test_office_records_meeting_publicity_and_review(client, campaign, office, territory):
    client.force_login(office)
    response = client.post(
        f"/campaigns/{campaign.pk}/meetings/new/",
        {
            "kind": "mobilisation",
            "title": "动员会",
            "date": "2022-03-16",
            "attendee_count": 60,
            "decisions": "甲\n乙\n",
        },
    )
    assert response.status_code == 302
    assert campaign.meetings.get().decisions.count() == 2
    response = client.post(
        f"/campaigns/{campaign.pk}/publicity/",
        {"date": "2022-03-18", "kind": "banner", "village": territory.village_a.pk, "audience": 0, "materials": 12},
    )
    assert response.status_code == 302 and campaign.publicity.get().materials == 12
    response = client.post(
        f"/campaigns/{campaign.pk}/reviews/new/",
        {"date": "2022-05-30", "authority": "市国土资源局", "reviewers": "监察支队", "result": "passed"},
    )
    assert response.status_code == 302 and campaign.reviews.get().result == "passed"


def test_publicity_of_another_township_village_is_refused(campaign, office, territory):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_publicity(
            campaign, by=office, date=D(2022, 3, 18), kind="banner", village=territory.other_village
        )


def test_home_panel_shows_phase_and_my_tasks(client, campaign, tasks, officer, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2022, 4, 1))
    client.force_login(officer)
    html = client.get("/").content.decode()
    assert 'data-panel="campaign"' in html
    assert "个人任务" in html and "查处纠正" in html


def test_office_manages_the_leading_group_and_team(client, campaign, office, leader, territory, officer):
    client.force_login(leader)
    assert (
        client.post(
            f"/campaigns/{campaign.pk}/group/", {"form": "group", "group-role": "head", "group-name": "顾培坚"}
        ).status_code
        == 403
    )
    client.force_login(office)
    response = client.post(
        f"/campaigns/{campaign.pk}/group/", {"form": "group", "group-role": "head", "group-name": "顾培坚"}
    )
    assert response.status_code == 302
    seat = campaign.group_members.get()
    assert (seat.display_name, seat.role) == ("顾培坚", "head")
    response = client.post(
        f"/campaigns/{campaign.pk}/group/",
        {"form": "team", "team-department": territory.department.pk, "team-user": officer.pk, "team-post": "队员"},
    )
    assert response.status_code == 302
    assert campaign.team_members.get().user == officer
    # Neither a user nor a name: refused with the message.
    response = client.post(f"/campaigns/{campaign.pk}/group/", {"form": "group", "group-role": "member"})
    assert response.status_code == 200 and "请选择用户或填写姓名" in response.content.decode()
    client.force_login(leader)
    assert client.post(f"/campaigns/group-members/{seat.pk}/remove/").status_code == 403
    client.force_login(office)
    assert client.get(f"/campaigns/group-members/{seat.pk}/remove/").status_code == 405
    assert client.post(f"/campaigns/group-members/{seat.pk}/remove/").status_code == 302
    assert not campaign.group_members.exists()
