"""Every form of the campaign pages fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from campaigns import forms
from campaigns.models import MeetingDecision
from tests import fuzz
from tests.factories import MeetingFactory, TaskFactory

pytestmark = pytest.mark.django_db

PHASES_2022 = {
    "mobilisation_start": "2022-03-15", "mobilisation_end": "2022-03-25", "correction_start": "2022-03-26",
    "correction_end": "2022-05-20", "improvement_start": "2022-05-21", "improvement_end": "2022-05-31",
}
# A rule over all six dates (order, gaps, overlaps) may answer on any of them or above the form.
PHASE_FIELDS = set(PHASES_2022)
PHASE_RELATED = {name: PHASE_FIELDS for name in PHASE_FIELDS}


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


def _reason_like(url, client, label, field):
    strategy = st.tuples(st.fixed_dictionaries({field: fuzz.TEXT}), st.none())
    fuzz.fuzz_view(client, url, strategy, label=label)


def test_campaign_create_form(client, territory, office):
    client.force_login(office)
    url = reverse("campaigns:create")
    valid = {"township": str(territory.township.pk), "name": "2024年土地监察专项整治行动", "basis": "市局通知",
             "goals": "拆除违法建筑", **{k: v.replace("2022", "2024") for k, v in PHASES_2022.items()}}
    fuzz.assert_valid_post_accepted(client, url, valid)
    from territory.models import ResponsibilityUnit

    townships = ResponsibilityUnit.objects.filter(pk=territory.township.pk)
    form = forms.CampaignCreateForm(townships=townships)
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(
        forms.CampaignCreateForm, form_kwargs={"townships": townships}))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.CampaignCreateForm", related=PHASE_RELATED)


def test_campaign_edit_form(client, campaign, office):
    client.force_login(office)
    url = reverse("campaigns:edit", args=[campaign.pk])
    valid = {"name": "2022年土地监察专项整治行动（修订）", "basis": "市局通知", "goals": "拆除"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.CampaignForm(), extra=fuzz.form_examples(forms.CampaignForm))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.CampaignForm")


def test_phases_form(client, campaign, office):
    client.force_login(office)
    url = reverse("campaigns:phases", args=[campaign.pk])
    valid = {**PHASES_2022, "improvement_end": "2022-06-10"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.PhasesForm(), extra=fuzz.form_examples(forms.PhasesForm))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.PhasesForm", related=PHASE_RELATED)


def _task_post(campaign, territory) -> dict:
    return {"phase": str(campaign.phases.order_by("start_date")[1].pk), "title": "拆除违法建筑",
            "description": "限期完成", "owner_unit": str(territory.department.pk), "owner": "",
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()}


@pytest.mark.parametrize("page", ["create", "edit"])
def test_task_form(page, client, campaign, territory, office):
    client.force_login(office)
    if page == "create":
        url = reverse("campaigns:task-create", args=[campaign.pk])
    else:
        task = TaskFactory(campaign=campaign, created_by=office, owner_unit=territory.department)
        url = reverse("campaigns:task-edit", args=[task.pk])
    valid = _task_post(campaign, territory)
    fuzz.assert_valid_post_accepted(client, url, valid)
    # (from_form cannot draw the person field: spoiled valid posts only.)
    strategy = fuzz.fuzz_data(valid, forms.TaskForm(campaign=campaign))
    # The service checks the due date against the phase: it may answer on either.
    related = {"phase": {"due_date", "owner_unit", "owner"}, "due_date": {"phase"},
               "owner_unit": {"owner"}, "owner": {"owner_unit"}}
    fuzz.fuzz_view(client, url, strategy, label=f"campaigns.TaskForm[{page}]", related=related)


def test_task_progress_and_status_forms(client, campaign, territory, office):
    task = TaskFactory(campaign=campaign, created_by=office, owner_unit=territory.department)
    client.force_login(office)
    _reason_like(reverse("campaigns:task-progress", args=[task.pk]), client, "campaigns.ProgressForm", "note")
    strategy = st.tuples(st.fixed_dictionaries({
        "to_status": st.one_of(st.sampled_from(["pending", "in_progress", "done", "cancelled"]), fuzz.TEXT),
        "note": fuzz.TEXT,
    }), st.none())
    fuzz.fuzz_view(client, reverse("campaigns:task-status", args=[task.pk]), strategy,
                   label="campaigns.TaskStatusForm")


def test_meeting_form(client, campaign, office):
    client.force_login(office)
    url = reverse("campaigns:meeting-create", args=[campaign.pk])
    valid = {"kind": "joint", "title": "第一次土地联席会议", "date": "2022-04-01", "location": "镇政府三楼",
             "chair": "谷培坚", "attendees": "国土所、派出所", "attendee_count": "12", "minutes": "会议纪要",
             "decisions": "拆除甲村违建\n约谈乙村"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.MeetingForm(), extra=fuzz.form_examples(forms.MeetingForm))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.MeetingForm")


def test_decision_forms(client, campaign, territory, office):
    meeting = MeetingFactory(campaign=campaign, recorded_by=office)
    client.force_login(office)
    _reason_like(reverse("campaigns:decision-add", args=[meeting.pk]), client, "campaigns.DecisionForm", "text")
    decision = MeetingDecision.objects.create(meeting=meeting, text="拆除甲村违建")
    url = reverse("campaigns:decision-task", args=[decision.pk])
    valid = {k: v for k, v in _task_post(campaign, territory).items() if k != "description"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    related = {"phase": {"due_date", "owner_unit", "owner"}, "due_date": {"phase"},
               "owner_unit": {"owner"}, "owner": {"owner_unit"}}
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.DecisionTaskForm(campaign=campaign)),
                   label="campaigns.DecisionTaskForm", related=related)


def test_publicity_form(client, campaign, territory, office):
    client.force_login(office)
    url = reverse("campaigns:publicity", args=[campaign.pk])
    valid = {"date": "2022-03-20", "kind": "leaflet", "village": str(territory.village_a.pk),
             "description": "发放宣传单", "audience": "300", "materials": "500"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.PublicityForm(campaign=campaign)
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(forms.PublicityForm,
                                                                    form_kwargs={"campaign": campaign}))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.PublicityForm")


@pytest.mark.parametrize("which", ["group", "team"])
def test_leading_group_forms(which, client, campaign, territory, office):
    client.force_login(office)
    url = reverse("campaigns:group", args=[campaign.pk])
    if which == "group":
        form_class = forms.GroupMemberForm
        valid = {"form": "group", "group-role": "member", "group-user": "", "group-name": "王五",
                 "group-department": "国土所"}
    else:
        form_class = forms.TeamMemberForm
        valid = {"form": "team", "team-department": str(territory.department.pk), "team-user": "",
                 "team-name": "赵六", "team-post": "所长", "team-is_team_leader": "on"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    prefix = f"{which}-"
    related = {f"{prefix}user": {"name"}, f"{prefix}name": {"user"}}
    strategy = fuzz.fuzz_data(valid, form_class(campaign=campaign), prefix=prefix)
    fuzz.fuzz_view(client, url, strategy, label=f"campaigns.{form_class.__name__}", form_key=f"{which}_form",
                   prefix=prefix, related=related)


def test_review_form(client, campaign, office):
    client.force_login(office)
    url = reverse("campaigns:review-create", args=[campaign.pk])
    valid = {"date": "2022-06-10", "authority": "市国土资源局", "reviewers": "张科长、李科员", "result": "passed",
             "remarks": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.ReviewForm(), extra=fuzz.form_examples(forms.ReviewForm))
    fuzz.fuzz_view(client, url, strategy, label="campaigns.ReviewForm")


@pytest.mark.parametrize("page", ["meeting", "publicity"])
@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999", "-1"])
def test_a_count_beyond_the_column_is_a_field_error(page, number, client, campaign, territory, office):
    """Found by probing the fuzzed forms: these forms skip the model's validation, and 2147483648
    attendees reached PostgreSQL's integer column (a 500)."""
    client.force_login(office)
    if page == "meeting":
        url = reverse("campaigns:meeting-create", args=[campaign.pk])
        data, field = {"kind": "joint", "title": "联席会议", "date": "2022-04-01", "attendee_count": number}, \
            "attendee_count"
    else:
        url = reverse("campaigns:publicity", args=[campaign.pk])
        data, field = {"date": "2022-03-20", "kind": "leaflet", "village": str(territory.village_a.pk),
                       "audience": number, "materials": "0"}, "audience"
    before = fuzz.row_counts()
    response = client.post(url, data)
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    fuzz.assert_shown(response, response.context["form"].errors[field])
    assert fuzz.row_counts() == before
