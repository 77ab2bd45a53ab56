"""The task board says when it hides finished tasks; a task is never given a date already passed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Task, TaskStatus
from tests.factories.campaigns import TaskFactory

pytestmark = pytest.mark.django_db


def _board(client, campaign, **params):
    return client.get(reverse("campaigns:tasks", args=[campaign.pk]), params)


def test_the_board_says_how_many_finished_tasks_it_hides(client, campaign, territory, office):
    TaskFactory(campaign=campaign, owner_unit=territory.department, title="排摸违法用地", created_by=office)
    TaskFactory(campaign=campaign, owner_unit=territory.village_a, title="拆除违建", status=TaskStatus.DONE,
                created_by=office)
    TaskFactory(campaign=campaign, owner_unit=territory.village_b, title="复耕", status=TaskStatus.CANCELLED,
                created_by=office)
    client.force_login(office)
    page = _board(client, campaign).content.decode()
    assert "排摸违法用地" in page and "拆除违建" not in page
    assert 'data-hidden-tasks="2"' in page and "已隐藏 2 项已完成或已取消的任务" in page
    link = re.search(r'href="\?([^"]*status=all[^"]*)"', page)
    assert link is not None
    everything = client.get(reverse("campaigns:tasks", args=[campaign.pk]) + "?" + link.group(1).replace("&amp;", "&"))
    shown = everything.content.decode()
    assert "拆除违建" in shown and "复耕" in shown and "data-hidden-tasks" not in shown


def test_the_note_keeps_the_other_filters_and_counts_within_them(client, campaign, territory, office):
    TaskFactory(campaign=campaign, owner_unit=territory.village_a, status=TaskStatus.DONE, created_by=office)
    TaskFactory(campaign=campaign, owner_unit=territory.village_b, status=TaskStatus.DONE, created_by=office)
    client.force_login(office)
    page = _board(client, campaign, unit=territory.village_a.pk).content.decode()
    assert 'data-hidden-tasks="1"' in page and f"unit={territory.village_a.pk}" in page
    # Nothing hidden, nothing said; an explicit status hides nothing silently either.
    assert "data-hidden-tasks" not in _board(client, campaign, status="done").content.decode()


def test_the_board_costs_the_same_queries_for_few_and_many_finished_tasks(client, campaign, territory, office):
    client.force_login(office)
    TaskFactory(campaign=campaign, owner_unit=territory.department, status=TaskStatus.DONE, created_by=office)
    TaskFactory(campaign=campaign, owner_unit=territory.department, created_by=office)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert _board(client, campaign).status_code == 200
        return len(ctx.captured_queries)

    count()  # the session's first page reads the user's seats once
    few = count()
    for i in range(20):
        TaskFactory(campaign=campaign, owner_unit=territory.village_a, created_by=office,
                    status=TaskStatus.DONE if i % 2 else TaskStatus.PENDING)
    assert count() == few


def _task_post(campaign, territory, due: datetime.date) -> dict:
    return {"phase": str(campaign.phases.order_by("start_date")[1].pk), "title": "拆除违法建筑",
            "description": "", "owner_unit": str(territory.department.pk), "owner": "", "due_date": due.isoformat()}


@pytest.mark.parametrize("page", ["create", "decision"])
def test_a_new_task_cannot_be_due_in_the_past(client, campaign, territory, office, page):
    from tests.factories import MeetingFactory

    client.force_login(office)
    if page == "create":
        url = reverse("campaigns:task-create", args=[campaign.pk])
    else:
        decision = MeetingFactory(campaign=campaign, recorded_by=office).decisions.create(text="拆除甲村违建")
        url = reverse("campaigns:decision-task", args=[decision.pk])
    today = timezone.localdate()
    response = client.post(url, _task_post(campaign, territory, datetime.date(2019, 4, 30)))
    assert response.status_code == 200 and not Task.objects.exists()
    assert response.context["form"].errors["due_date"] == ["截止日期不能早于今天。"]
    assert client.post(url, _task_post(campaign, territory, today)).status_code == 302
    assert Task.objects.get().due_date == today


def test_editing_an_overdue_task_keeps_its_date_but_cannot_move_it_further_back(client, campaign, territory, office):
    today = timezone.localdate()
    overdue = today - datetime.timedelta(days=30)
    task = TaskFactory(campaign=campaign, owner_unit=territory.department, due_date=overdue, created_by=office)
    client.force_login(office)
    url = reverse("campaigns:task-edit", args=[task.pk])
    form_page = client.get(url).content.decode()
    assert 'min="' not in form_page  # the browser must not refuse the unchanged date
    data = {**_task_post(campaign, territory, overdue), "title": "拆除违法建筑（改）"}
    assert client.post(url, data).status_code == 302
    task.refresh_from_db()
    assert task.title == "拆除违法建筑（改）" and task.due_date == overdue
    response = client.post(url, {**data, "due_date": (overdue - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and "截止日期不能早于今天。" in response.content.decode()
    task.refresh_from_db()
    assert task.due_date == overdue
    create_page = client.get(reverse("campaigns:task-create", args=[campaign.pk])).content.decode()
    assert f'min="{today.isoformat()}"' in create_page
