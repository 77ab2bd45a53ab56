"""Every form of the patrols pages fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py.

Photos are left out here (tests/patrols/test_upload_refusals.py sends hostile files); the
forms below are posted without files, so a refused form must write nothing at all.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from patrols import forms
from territory.models import ResponsibilityUnit, UnitKind
from tests import fuzz
from tests.factories import FarmlandPledgeFactory, LandProjectFactory, PatrolFindingFactory, PatrolLogFactory

pytestmark = pytest.mark.django_db

DRAFT_KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


def _today():
    return timezone.localdate()


def test_patrol_log_form(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    url = reverse("patrols:log-create")
    valid = {
        "village": str(territory.village_a.pk), "draft_key": DRAFT_KEY, "gps_points": "",
        "patrolled_on": (_today() - datetime.timedelta(days=1)).isoformat(), "started_at": "09:00",
        "duration_minutes": "90", "route": "村委会—东组—河滩", "weather": "sunny", "result": "nothing_found",
        "departments": [str(territory.department.pk)], "other_patrollers": "李四", "notes": "未发现问题",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.PatrolLogForm(village=territory.village_a, may_cover_others=False, today=_today())
    gps = st.one_of(fuzz.TEXT, st.sampled_from([
        "[]", "{}", "null", '[{"lat": 91, "lng": 0}]', '[{"lat": "NaN", "lng": "NaN"}]', '[{"lat": 1e999, "lng": 0}]',
        '[{"lat": 30}]', "[" + ",".join(['{"lat":30,"lng":120}'] * 501) + "]", '[[1, 2]]', '"[]"', "[" * 5000,
    ]))
    # "result" is left valid: a suspected violation brings in the finding's own form (fuzzed below).
    strategy = fuzz.fuzz_data(valid, form, skip={"result"}).flatmap(
        lambda ex: st.one_of(st.just(ex), gps.map(lambda g: ({**ex[0], "gps_points": g}, ex[1] | {"gps_points"})))
    )
    fuzz.fuzz_view(client, url, strategy, label="patrols.PatrolLogForm")


def test_finding_within_a_patrol_log(client, territory, coordinator_a):
    """A suspected violation: the finding's fields (prefix "finding-") are fuzzed, its errors on its form."""
    client.force_login(coordinator_a)
    url = reverse("patrols:log-create")
    valid = {
        "village": str(territory.village_a.pk), "draft_key": DRAFT_KEY,
        "patrolled_on": _today().isoformat(), "started_at": "09:00", "duration_minutes": "60", "route": "东组",
        "weather": "rain", "result": "suspected_violation", "finding-location_text": "东组河滩旁",
        "finding-latitude": "29.1", "finding-longitude": "120.2", "finding-suspected_category": "villager_housing",
        "finding-urgency": "urgent", "finding-description": "新打地基",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.FindingForm(), prefix="finding-")
    fuzz.fuzz_view(client, url, strategy, label="patrols.FindingForm[log]", form_key="finding_form",
                   prefix="finding-")


def test_standalone_finding_form(client, territory, coordinator_a):
    client.force_login(coordinator_a)
    url = reverse("patrols:finding-create")
    valid = {
        "village": str(territory.village_a.pk), "draft_key": DRAFT_KEY, "location_text": "西组桥头",
        "latitude": "", "longitude": "", "suspected_category": "commercial", "urgency": "normal",
        "description": "堆放建材",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.StandaloneFindingForm(), extra=fuzz.form_examples(
        forms.StandaloneFindingForm).map(lambda ex: ({**ex[0], "village": str(territory.village_a.pk)}, None)))
    fuzz.fuzz_view(client, url, strategy, label="patrols.StandaloneFindingForm",
                   related={"latitude": {"longitude"}, "longitude": {"latitude"}})


@pytest.mark.parametrize("what", ["log", "finding"])
def test_reason_forms(what, client, territory, office, coordinator_a):
    """Withdrawing a log, dismissing a finding: answered by a redirect, a refusal is a message."""
    log = PatrolLogFactory(village=territory.village_a, created_by=coordinator_a)
    if what == "log":
        client.force_login(coordinator_a)
        url = reverse("patrols:log-withdraw", args=[log.pk])
    else:
        client.force_login(office)
        url = reverse("patrols:finding-dismiss", args=[PatrolFindingFactory(log=log).pk])
    strategy = st.tuples(st.fixed_dictionaries({"reason": fuzz.TEXT}), st.none())
    fuzz.fuzz_view(client, url, strategy, label=f"patrols.ReasonForm[{what}]")


def test_patrol_plan_form(client, territory, office):
    client.force_login(office)
    url = reverse("patrols:plan-create")
    valid = {
        "township": str(territory.township.pk), "name": "春季常规巡查", "kind": "regular",
        "responsible_unit": str(territory.department.pk), "villages": [str(territory.village_a.pk)],
        "departments": [str(territory.department.pk)], "times": "2", "period": "week", "months": ["3", "4"],
        "valid_from": _today().isoformat(), "valid_to": "", "notes": "", "active": "on",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.PatrolPlanForm(township=territory.township)
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(
        forms.PatrolPlanForm, form_kwargs={"township": territory.township}).map(
        lambda ex: ({**ex[0], "township": str(territory.township.pk)}, None)))
    fuzz.fuzz_view(client, url, strategy, label="patrols.PatrolPlanForm", related={"valid_from": {"valid_to"}})


def test_farmland_pledge_form(client, territory, office):
    client.force_login(office)
    url = reverse("patrols:pledge-create")
    valid = {
        "village": str(territory.village_a.pk), "year": str(_today().year), "protected_farmland_mu": "2000",
        "basic_farmland_mu": "1600", "protected_area": "永久基本农田保护区", "reclamation_task_mu": "20",
        "reclamation_done_mu": "5", "development_task_mu": "10", "development_done_mu": "0",
        "signed_on": _today().isoformat(), "township_signatory": "王镇长", "village_signatory": "李书记", "notes": "",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    related = {"protected_farmland_mu": {"basic_farmland_mu"}}
    strategy = fuzz.fuzz_data(valid, forms.FarmlandPledgeForm())
    fuzz.fuzz_view(client, url, strategy, label="patrols.FarmlandPledgeForm", related=related)


def test_pledge_assessment_form(client, territory, office):
    pledge = FarmlandPledgeFactory(village=territory.village_a, year=_today().year)
    client.force_login(office)
    url = reverse("patrols:pledge-assess", args=[pledge.pk])
    valid = {"assessed_on": _today().isoformat(), "farmland_score": "28", "basic_farmland_score": "18",
             "reclamation_score": "12", "development_score": "15", "violation_control_score": "20", "notes": "良好"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.PledgeAssessmentForm(), extra=fuzz.form_examples(forms.PledgeAssessmentForm))
    fuzz.fuzz_view(client, url, strategy, label="patrols.PledgeAssessmentForm")


def test_land_project_form(client, territory, office):
    client.force_login(office)
    url = reverse("patrols:project-create")
    valid = {
        "card_no": "GY-9001", "name": "新材料厂房", "company": "某新材料有限公司",
        "village": str(territory.village_a.pk),
        "parcel": "工业点2号", "approval_no": "甲土批〔2024〕3号", "approved_area_mu": "25.5",
        "approved_on": "2024-01-10", "agreed_start_on": "2024-03-01", "agreed_completion_on": "2025-12-31",
        "actual_start_on": "2024-04-01", "actual_completion_on": "", "required_plot_ratio": "1.2",
        "actual_plot_ratio": "", "required_investment_intensity": "200", "actual_investment_intensity": "",
        "construction_status": "under_construction", "signboard_posted": "on", "contact_person": "赵六",
        "contact_phone": "13900000000", "notes": "", "active": "on",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    villages = ResponsibilityUnit.objects.filter(kind=UnitKind.VILLAGE, township=territory.township)
    related = {"approved_on": {"agreed_start_on"}, "agreed_start_on": {"agreed_completion_on"},
               "actual_start_on": {"actual_completion_on"}, "actual_completion_on": {"actual_start_on"}}
    strategy = fuzz.fuzz_data(valid, forms.LandProjectForm(villages=villages))
    fuzz.fuzz_view(client, url, strategy, label="patrols.LandProjectForm", related=related)


def test_project_inspection_form(client, territory, office):
    project = LandProjectFactory(village=territory.village_a)
    client.force_login(office)
    url = reverse("patrols:project-inspect", args=[project.pk])
    valid = {"draft_key": DRAFT_KEY, "inspected_on": _today().isoformat(), "inspectors": "国土所 王五",
             "progress": "主体封顶", "findings": "", "violation_found": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.InspectionForm(today=_today()))
    fuzz.fuzz_view(client, url, strategy, label="patrols.InspectionForm",
                   related={"violation_found": {"findings"}})
