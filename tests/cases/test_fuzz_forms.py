"""Every form of the case pages fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st
from PIL import Image

from cases import forms
from cases.models import CaseStatus
from cases.transitions import default_disposition
from landwatch.vocabulary import Category
from tests import fuzz

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


def _today():
    return timezone.localdate()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


def test_register_form(client, territory, office, officer):
    client.force_login(office)
    url = reverse("cases:register")
    valid = {
        "party_kind": "person", "party_name": "张三", "party_id_number": "330100199001010011",
        "party_phone": "13800000000", "party_address": "甲一村三组", "title": "张三违法占地建房",
        "village": str(territory.village_a.pk), "location_text": "三组村道东侧", "latitude": "29.1",
        "longitude": "120.2", "land_type": "farmland", "area_m2": "120.5", "farmland_area_m2": "20",
        "basic_farmland_area_m2": "5",
        "category": Category.EXTRA_HOMESTEAD, "plough_layer_damaged": "", "causes": [],
        "source": "dynamic_patrol", "discovered_on": (_today() - datetime.timedelta(days=3)).isoformat(),
        "registered_on": (_today() - datetime.timedelta(days=1)).isoformat(),
        "assignee": str(officer.pk), "description": "建新不拆旧。",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    from cases.views import _register_form

    request = type("R", (), {"user": office})()
    form = _register_form(request)
    kwargs = dict(villages=form.fields["village"].queryset, parties=form.fields["party"].queryset,
                  officers=form.fields["assignee"].queryset)
    related = {
        "latitude": {"longitude"}, "longitude": {"longitude"}, "area_m2": {"farmland_area_m2"},
        "party": {"party_name"}, "village": {"party"},
    }
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(forms.RegisterCaseForm, form_kwargs=kwargs))
    fuzz.fuzz_view(client, url, strategy, label="cases.RegisterCaseForm", related=related)


def test_register_from_finding_form(client, territory, office, officer):
    from tests.factories import PatrolFindingFactory

    finding = PatrolFindingFactory(log__village=territory.village_a)
    client.force_login(office)
    url = reverse("cases:register-from-finding", args=[finding.pk])
    valid = {
        "party_kind": "company", "party_name": "某某公司", "title": "厂房占地", "village": str(territory.village_a.pk),
        "location_text": "工业路", "latitude": "", "longitude": "", "land_type": "farmland", "area_m2": "300",
        "farmland_area_m2": "0", "category": Category.COMMERCIAL, "plough_layer_damaged": "", "source":
        "dynamic_patrol", "discovered_on": _today().isoformat(), "registered_on": _today().isoformat(),
        "description": "",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    from cases.views import _register_form

    form = _register_form(type("R", (), {"user": office})())
    related = {"latitude": {"longitude"}, "longitude": {"longitude"}, "area_m2": {"farmland_area_m2"},
               "party": {"party_name"}, "village": {"party"}}
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, form), label="cases.RegisterCaseForm[finding]",
                   related=related)


def test_case_facts_form(client, case, office, territory):
    client.force_login(office)
    url = reverse("cases:edit-facts", args=[case.pk])
    valid = {
        "version": str(case.version), "title": "张三违法占地建房（更正）", "party": str(case.party_id),
        "location_text": "三组村道西侧", "latitude": "29.1", "longitude": "120.2", "land_type": "farmland",
        "area_m2": "130", "farmland_area_m2": "30", "basic_farmland_area_m2": "10",
        "category": Category.EXTRA_HOMESTEAD,
        "plough_layer_damaged": "", "causes": [], "source": "dynamic_patrol",
        # Not after the registration (issue #27).
        "discovered_on": (case.registered_on - datetime.timedelta(days=5)).isoformat(), "description": "更正",
    }
    fuzz.assert_valid_post_accepted(client, url, valid)
    from cases.models import Party

    kwargs = dict(parties=Party.objects.filter(township=territory.township))
    related = {"latitude": {"longitude"}, "longitude": {"longitude"},
               "area_m2": {"farmland_area_m2"}, "farmland_area_m2": {"basic_farmland_area_m2"}}
    strategy = fuzz.fuzz_data(valid, forms.CaseFactsForm(**kwargs),
                              extra=fuzz.form_examples(forms.CaseFactsForm, form_kwargs=kwargs))
    fuzz.fuzz_view(client, url, strategy, label="cases.CaseFactsForm", related=related)


def _transition_cases(case_in, today):
    """name → (status and fields of the case, actor fixture name, a POST the view accepts)."""
    past = (today - datetime.timedelta(days=1)).isoformat()
    return {
        "decide": ({}, "office", {"category": Category.EXTRA_HOMESTEAD, "plough_layer_damaged": "",
                                  "disposition": default_disposition(Category.EXTRA_HOMESTEAD, None),
                                  "reason": "", "no_action_ground": "", "occurred_on": past}),
        "self_correct": ({"status": CaseStatus.NOTIFIED}, "office", {"corrected_on": past, "note": "已自行拆除"}),
        "reinspection_passed": ({"status": CaseStatus.CORRECTED}, "office", {"inspected_on": past, "note": "复查"}),
        "reinspection_failed": ({"status": CaseStatus.CORRECTED}, "office",
                                {"inspected_on": past, "new_deadline": (today + datetime.timedelta(days=10))
                                 .isoformat(), "note": "未拆除"}),
        "approve_enforcement": ({"status": CaseStatus.NOTIFIED, "deadline": today - datetime.timedelta(days=3)},
                                "leader", {"note": "同意强制", "occurred_on": past}),
        "resolve": ({"status": CaseStatus.DEFERRED}, "office", {"reason": "规划内解决", "occurred_on": past}),
        "withdraw": ({}, "office", {"reason": "登记错误", "occurred_on": past}),
        "reopen": ({"status": CaseStatus.CLOSED}, "office", {"reason": "回潮", "occurred_on": today.isoformat()}),
        # 立案 and the investigation (cases/procedure.py); the report needs a record (test_report_form).
        "file": ({"discovered_on": today - datetime.timedelta(days=20)}, "leader", {
            "conditions": ["party", "violation", "liability", "competence", "limitation"],
            "violation_started_on": (today - datetime.timedelta(days=40)).isoformat(),
            "violation_continuing": "on", "violation_ended_on": "", "note": "同意立案", "occurred_on": past}),
        "suspend": ({"status": CaseStatus.FILED}, "leader", {"ground": "force_majeure", "reason": "台风",
                                                             "occurred_on": past}),
        "resume": ({"status": CaseStatus.SUSPENDED}, "leader", {"reason": "台风过境", "occurred_on": past}),
        "terminate": ({"status": CaseStatus.FILED}, "leader", {"ground": "other", "reason": "另案处理",
                                                               "occurred_on": past}),
        # 结案 by the head's approval (cases/closing.py).
        "approve_closing": ({"status": CaseStatus.DECIDED}, "leader", {"ground": "other", "no_action_ground": "",
                                                                       "note": "当事人死亡，无遗产可供执行",
                                                                       "occurred_on": past}),
    }


# "notify" is issued through the documents pages (tests/documents/test_fuzz_forms.py);
# "enforcement_done" needs an action recorded first (test_enforcement_done_form).
TRANSITIONS = ["decide", "self_correct", "reinspection_passed", "reinspection_failed",
               "approve_enforcement", "resolve", "withdraw", "reopen", "file", "suspend", "resume", "terminate",
               "approve_closing"]


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition_forms(name, client, case_in, office, leader, request):
    today = _today()
    fields, actor, valid = _transition_cases(case_in, today)[name]
    case = case_in(**fields)
    client.force_login(request.getfixturevalue(actor))
    url = reverse(f"cases:{name.replace('_', '-')}", args=[case.pk])
    valid = {"version": str(case.version), **valid}
    fuzz.assert_valid_post_accepted(client, url, valid)
    form_class = __import__("cases.views", fromlist=["TRANSITION_FORMS"]).TRANSITION_FORMS[name][0]
    related = {"served_on": {"deadline"}, "inspected_on": {"new_deadline"}, "category": {"reason"},
               "plough_layer_damaged": {"reason"}, "disposition": {"reason", "no_action_ground"},
               "ground": {"no_action_ground", "note"},
               "violation_started_on": {"violation_ended_on"}, "violation_continuing": {"violation_ended_on"}}
    strategy = fuzz.fuzz_data(valid, form_class(), extra=fuzz.form_examples(form_class))
    fuzz.fuzz_view(client, url, strategy, label=f"cases.{form_class.__name__}[{name}]", related=related)


def test_enforcement_done_form(client, case_in, office, territory):
    from cases.services import record_enforcement

    case = case_in(CaseStatus.ENFORCING)
    record_enforcement(case, by=office, kind="power_cut", carried_out_on=_today(), units=[territory.department])
    case.refresh_from_db()
    client.force_login(office)
    url = reverse("cases:enforcement-done", args=[case.pk])
    valid = {"version": str(case.version), "verified_on": _today().isoformat(), "note": "已拆除"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.EnforcementDoneForm(), extra=fuzz.form_examples(forms.EnforcementDoneForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.EnforcementDoneForm")


def test_enforcement_action_form(client, case_in, office, territory):
    case = case_in(CaseStatus.ENFORCING)
    client.force_login(office)
    url = reverse("cases:enforcement-add", args=[case.pk])
    valid = {"version": str(case.version), "kind": "demolition", "carried_out_on": _today().isoformat(),
             "units": [str(territory.department.pk)], "area_m2": "88.5", "amount_yuan": "", "result": "已拆除",
             "started_at": "09:00", "residence": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    from territory.models import ResponsibilityUnit

    departments = ResponsibilityUnit.objects.filter(pk=territory.department.pk)
    form = forms.EnforcementActionForm(departments=departments)
    related = {"kind": {"area_m2", "amount_yuan", "residence"}, "residence": {"kind"}}
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(
        forms.EnforcementActionForm, form_kwargs={"departments": departments}))
    fuzz.fuzz_view(client, url, strategy, label="cases.EnforcementActionForm", related=related)


def test_disciplinary_form(client, case, office):
    client.force_login(office)
    url = reverse("cases:disciplinary-add", args=[case.pk])
    valid = {"version": str(case.version), "person_name": "李四", "post": "村主任", "measure": "warning",
             "status": "decided", "proposed_by": "纪委", "decided_on": _today().isoformat(), "note": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    related = {"status": {"decided_on"}}
    strategy = fuzz.fuzz_data(valid, forms.DisciplinaryForm(), extra=fuzz.form_examples(forms.DisciplinaryForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.DisciplinaryForm", related=related)


def test_attachment_form_text_fields(client, case, office):
    """The file is a real PNG each time; the kind and description are fuzzed (uploads: test_uploads_http)."""
    client.force_login(office)
    url = reverse("cases:attachment-add", args=[case.pk])
    valid = {"kind": "photo", "description": "现场照片"}
    fuzz.assert_valid_post_accepted(client, url, {**valid, "file": _png()})
    strategy = fuzz.fuzz_data(valid, forms.AttachmentForm()).map(lambda ex: ({**ex[0], "file": _png()}, ex[1]))
    fuzz.fuzz_view(client, url, strategy, label="cases.AttachmentForm")


def test_campaign_attach_form(client, case, office, territory):
    """Counting a case in a campaign on purpose: the campaign and the reason fuzzed."""
    from campaigns.models import Campaign
    from tests.factories.campaigns import campaign_with_phases

    campaign = campaign_with_phases(territory.township, name="2022年土地监察专项整治行动")
    client.force_login(office)
    url = reverse("cases:campaign-attach", args=[case.pk])
    valid = {"version": str(case.version), "campaign": str(campaign.pk), "reason": "市局交办，列入本次行动"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    kwargs = {"campaigns": Campaign.objects.filter(township=territory.township)}
    strategy = fuzz.fuzz_data(valid, forms.CampaignAttachForm(**kwargs),
                              extra=fuzz.form_examples(forms.CampaignAttachForm, form_kwargs=kwargs))
    fuzz.fuzz_view(client, url, strategy, label="cases.CampaignAttachForm")


def test_campaign_detach_form(client, case, office, territory):
    from tests.factories.campaigns import campaign_with_phases

    case.campaign = campaign_with_phases(territory.township, name="2022年土地监察专项整治行动")
    case.save()
    client.force_login(office)
    url = reverse("cases:campaign-detach", args=[case.pk])
    valid = {"version": str(case.version), "reason": "属日常巡查案件"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.ReasonForm(), extra=fuzz.form_examples(forms.ReasonForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ReasonForm[campaign-detach]")


def test_note_form(client, case, office):
    """Answered by a redirect: an empty or refused note is a message, and writes nothing."""
    client.force_login(office)
    url = reverse("cases:note-add", args=[case.pk])
    strategy = st.tuples(st.fixed_dictionaries({"note": fuzz.TEXT, "occurred_on": fuzz.TEXT}), st.none())
    fuzz.fuzz_view(client, url, strategy, label="cases.NoteForm")


def test_bulk_assign_form(client, case_in, office, officer, other_officer):
    client.force_login(office)
    cases = [case_in(assignee=None), case_in(assignee=None)]
    url = reverse("cases:bulk-assign")
    valid = {"cases": [str(c.pk) for c in cases], "to": str(other_officer.pk), "note": "请处理", "next": "/cases/"}
    form = forms.BulkAssignForm(cases=None, officers=None)
    strategy = fuzz.fuzz_data(valid, form)

    def stays_on_site(response):
        assert response["Location"].startswith("/"), response["Location"]
        assert not response["Location"].startswith("//")

    fuzz.fuzz_view(client, url, strategy, label="cases.BulkAssignForm", redirect_ok=stays_on_site)


@pytest.mark.parametrize("back", ["0", "list", "cases:list", "//evil.example/", "https://evil.example/x", "\x00",
                                  "javascript:alert(1)"])
def test_bulk_assign_goes_back_only_to_a_path_on_this_site(back, client, case_in, office, other_officer):
    """Found by the fuzzing: next="0" was taken for a URL name to reverse (a 500)."""
    client.force_login(office)
    case = case_in(assignee=None)
    response = client.post(reverse("cases:bulk-assign"),
                           {"cases": [str(case.pk)], "to": str(other_officer.pk), "next": back})
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")


def test_hand_over_form(client, case_in, office, county_departments):
    """移送's form: any input gives the form again with a message or one hand-over, never a 500."""
    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    client.force_login(office)
    url = reverse("cases:hand-over", args=[case.pk])
    valid = {"version": str(case.version), "occurred_on": _today().isoformat(), "note": "随案移送"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.HandOverForm(), extra=fuzz.form_examples(forms.HandOverForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.HandOverForm")
# --- review, notice, hearing and decision (cases/penalty_views.py) ----------------------------------


def _penalty_case(name, case_in, territory, office, leader):
    """A case in the state where ``name``'s valid POST is accepted; returns (case, actor, valid data)."""
    from cases import penalty
    from cases.models import PenaltyMeasure
    from documents import services as doc_services
    from territory.models import Credential, CredentialKind
    from tests.factories import ViolationCaseFactory, member
    from tests.factories.documents import serve

    today = _today()
    ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    reviewer = member(territory.office_unit, "office", username=f"reviewer-{name}")
    Credential.objects.create(user=reviewer, kind=CredentialKind.LEGAL_REVIEW, number=f"FZ-{name}",
                              valid_from=ago(800))
    status = CaseStatus.INFORMED if name in ("statement", "recheck") else CaseStatus.REVIEWING
    case = ViolationCaseFactory(village=territory.village_a, status=status, created_by=office,
                                assignee=case_in().assignee, discovered_on=ago(120), registered_on=ago(110),
                                filed_on=ago(40), penalty_measures=[PenaltyMeasure.DEMOLISH])
    if name == "collective_discussion":  # the heads discuss after a passed legal review (第五十八条)
        penalty.record_legal_review(case, by=reviewer, reviewed_on=ago(2), measures=[PenaltyMeasure.DEMOLISH],
                                    opinion="同意", passed=True)
    if name in ("hearing_request", "schedule_hearing", "hearing", "decide_penalty"):
        penalty.record_legal_review(case, by=reviewer, reviewed_on=ago(30), measures=[PenaltyMeasure.DEMOLISH],
                                    opinion="同意", passed=True)
        penalty.record_collective_discussion(case, by=leader, held_on=ago(30), participants="镇长", conclusion="同意")
        on = {"decide_penalty": ago(20), "hearing": ago(14), "schedule_hearing": ago(14)}.get(name, ago(1))
        serve(case, "penalty_notice", by=office, on=on)
        serve(case, "hearing_notice", by=office, on=on)
    if name in ("hearing", "schedule_hearing"):
        penalty.record_hearing_request(case, by=office, requested_on=ago(13))
    if name == "hearing":  # told of the time and place at least seven working days before (第六十四条(二))
        hearing_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 30)))
        summons = penalty.schedule_hearing(case, by=office, hearing_at=hearing_at, place="镇政府", presiding=leader)
        doc_services.issue_document(summons, by=office, issued_on=ago(13))
        doc_services.serve_document(summons, by=office, method="direct", served_on=ago(13), recipient="张三")
    case.refresh_from_db()
    valid = {
        "legal_review": (reviewer, {"measures": ["demolish"], "fine_yuan": "", "amount_large": "", "passed": "true",
                                    "opinion": "事实清楚", "reviewed_on": today.isoformat()}),
        "collective_discussion": (leader, {"participants": "镇长、副镇长", "conclusion": "同意",
                                           "held_on": today.isoformat()}),
        "statement": (office, {"statement": "房屋系自住", "waived": "", "received_on": today.isoformat()}),
        "hearing_request": (office, {"requested_on": today.isoformat(), "note": "要求听证"}),
        "schedule_hearing": (office, {"hearing_at": f"{today + datetime.timedelta(days=10)}T09:30",
                                      "place": "镇政府会议室", "presiding": str(leader.pk)}),
        "hearing": (office, {"presiding": str(leader.pk), "summary": "听证情况", "absent": "",
                             "held_on": today.isoformat()}),
        "recheck": (office, {"conclusion": "不成立", "accepted": "", "rechecked_on": today.isoformat()}),
        "extend_decision_clock": (leader, {"reason": "案情复杂", "approved_on": today.isoformat(), "days": "30",
                                           "particularly_complex": "", "participants": ""}),
        "exclude_period": (office, {"kind": "appraisal", "note": "土地鉴定", "started_on": ago(10).isoformat(),
                                    "ended_on": ago(3).isoformat()}),
        "decide_penalty": (leader, {"measures": ["demolish"], "fine_yuan": "", "note": "",
                                    "occurred_on": today.isoformat()}),
    }[name]
    return case, valid[0], {"version": str(case.version), **valid[1]}


@pytest.mark.parametrize("name", ["legal_review", "collective_discussion", "statement", "hearing_request",
                                  "schedule_hearing", "hearing",
                                  "recheck", "extend_decision_clock", "exclude_period", "decide_penalty"])
def test_penalty_forms(name, client, case_in, territory, office, leader):
    from cases import penalty
    from cases.penalty_views import STEPS

    case, actor, valid = _penalty_case(name, case_in, territory, office, leader)
    client.force_login(actor)
    url = reverse(f"cases:{name.replace('_', '-')}", args=[case.pk])
    fuzz.assert_valid_post_accepted(client, url, valid)
    form_class = STEPS[name].form
    kwargs = {"hosts": penalty.hearing_hosts(case)} if name in ("hearing", "schedule_hearing") else {}
    related = {"measures": {"fine_yuan"}, "fine_yuan": {"measures"}, "statement": {"waived"}, "waived": {"statement"},
               "particularly_complex": {"participants"}, "participants": {"particularly_complex"}}
    strategy = fuzz.fuzz_data(valid, form_class(**kwargs), extra=fuzz.form_examples(form_class, form_kwargs=kwargs))
    fuzz.fuzz_view(client, url, strategy, label=f"cases.{form_class.__name__}[{name}]", related=related)
def _certified_record(case, officer, other_officer):
    from cases import procedure
    from tests.factories import CredentialFactory

    CredentialFactory(user=officer)
    CredentialFactory(user=other_officer)
    now = timezone.now()
    return procedure.add_investigation_record(
        case, by=officer, kind="inquiry_record", started_at=now - datetime.timedelta(hours=1), ended_at=now,
        place="村委会", persons_present="张三", content="问：…答：…", officers=[officer, other_officer])


def test_report_form(client, case_in, officer, other_officer):
    case = case_in(CaseStatus.FILED, filed_on=_today() - datetime.timedelta(days=3))
    _certified_record(case, officer, other_officer)
    case.refresh_from_db()
    client.force_login(officer)
    url = reverse("cases:submit-report", args=[case.pk])
    valid = {"version": str(case.version), "facts": "占地建房", "evidence": "询问笔录一份", "proposal": "限期拆除",
             "occurred_on": _today().isoformat()}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.ReportForm(), extra=fuzz.form_examples(forms.ReportForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ReportForm")


def test_investigation_record_form(client, case_in, officer, other_officer):
    from cases.selectors import certified_officers
    from tests.factories import CredentialFactory

    case = case_in(CaseStatus.FILED, filed_on=_today() - datetime.timedelta(days=3))
    CredentialFactory(user=officer)
    CredentialFactory(user=other_officer)
    client.force_login(officer)
    url = reverse("cases:record-add", args=[case.pk])
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    valid = {"version": str(case.version), "kind": "inspection_record",
             "started_at": start.strftime("%Y-%m-%dT%H:%M"),
             "ended_at": (start + datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"), "place": "甲一村三组",
             "persons_present": "当事人张三", "content": "现场新建房屋一栋。", "officer_1": str(officer.pk),
             "officer_2": str(other_officer.pk)}
    fuzz.assert_valid_post_accepted(client, url, valid)
    kwargs = {"officers": certified_officers(case)}
    related = {"started_at": {"ended_at"}, "ended_at": {"started_at"}, "officer_1": {"officer_2"}}
    strategy = fuzz.fuzz_data(valid, forms.InvestigationRecordForm(**kwargs),
                              extra=fuzz.form_examples(forms.InvestigationRecordForm, form_kwargs=kwargs))
    fuzz.fuzz_view(client, url, strategy, label="cases.InvestigationRecordForm", related=related)


def test_reopen_form_on_an_archived_case(client, case_in, leader):
    """The head's reopening of an archived case (立卷归档, documents/archive.py): the same form, its own right."""
    from django.utils import timezone

    case = case_in(CaseStatus.CLOSED, archived_at=timezone.now(), archive_sha256="0" * 64)
    client.force_login(leader)
    url = reverse("cases:reopen", args=[case.pk])
    valid = {"version": str(case.version), "reason": "回潮", "occurred_on": _today().isoformat()}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.ReasonForm(), extra=fuzz.form_examples(forms.ReasonForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ReasonForm[reopen archived]")
# --- fines, payment and confiscation (cases/fine_views.py) --------------------------------------


def _fined_case(case_in, office, *, measures=("fine",)):
    """A decided case whose decision was served two days ago, with a fine due in 13 days."""
    from cases.events import decision_served
    from cases.fine_models import Fine
    from cases.models import CaseEvent, EventKind

    served = _today() - datetime.timedelta(days=2)
    case = case_in(CaseStatus.DECIDED, penalty_measures=list(measures), fine_yuan=60000)
    Fine.objects.create(case=case, decided_on=served, amount_yuan=60000, land_group="farmland",
                        circumstance="general", area_m2=120, created_by=office,
                        due_on=served + datetime.timedelta(days=15))
    CaseEvent.objects.create(case=case, kind=EventKind.DECISION_SERVED, actor=office, occurred_on=served,
                             data=decision_served(document=0, served_on=served, due=None, late=False, deadline=None))
    case.refresh_from_db()
    return case


def test_fine_payment_form(client, case_in, office):
    from cases.fine_forms import FinePaymentForm

    case = _fined_case(case_in, office)
    client.force_login(office)
    url = reverse("cases:fine-payment", args=[case.pk])
    valid = {"version": str(case.version), "paid_on": _today().isoformat(), "amount": "1000", "bank": "农业银行",
             "receipt_number": "NO.0001"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    case.refresh_from_db()
    valid = {**valid, "version": str(case.version), "receipt_number": "NO.0002"}
    strategy = fuzz.fuzz_data(valid, FinePaymentForm(), skip=("scan",), extra=fuzz.form_examples(FinePaymentForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.FinePaymentForm", related={"amount": {"receipt_number"}})


def test_fine_arrangement_form(client, case_in, office, leader):
    from cases.fine_forms import FineArrangementForm

    case = _fined_case(case_in, office)
    client.force_login(leader)
    url = reverse("cases:fine-arrangement", args=[case.pk])
    later = (_today() + datetime.timedelta(days=40)).isoformat()
    valid = {"version": str(case.version), "kind": "deferral", "applied_on": _today().isoformat(),
             "approved_on": _today().isoformat(), "reason": "家庭经济困难", "due_1": later, "amount_1": "",
             "due_2": "", "amount_2": "", "due_3": "", "amount_3": "", "due_4": "", "amount_4": ""}
    strategy = fuzz.fuzz_data(valid, FineArrangementForm(), extra=fuzz.form_examples(FineArrangementForm))
    # An instalment's day and amount go together: a spoiled one may name the other.
    related = {f"{a}_{n}": {"kind", f"{b}_{n}"} for n in range(1, 5) for a, b in (("due", "amount"), ("amount", "due"))}
    fuzz.fuzz_view(client, url, strategy, label="cases.FineArrangementForm", related={"kind": set(valid), **related})
    fuzz.assert_valid_post_accepted(client, url, valid)


def test_confiscation_handover_form(client, case_in, office):
    from cases.fine_forms import ConfiscationHandoverForm

    case = _fined_case(case_in, office, measures=("confiscate_buildings",))
    client.force_login(office)
    url = reverse("cases:confiscation-handover", args=[case.pk])
    valid = {"version": str(case.version), "handed_over_on": _today().isoformat(), "handed_to": "县人民政府",
             "document": "没收财物移交清单 第1号", "note": ""}
    strategy = fuzz.fuzz_data(valid, ConfiscationHandoverForm(), extra=fuzz.form_examples(ConfiscationHandoverForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ConfiscationHandoverForm")
    fuzz.assert_valid_post_accepted(client, url, valid)
def test_referral_forms(client, case_in, office):
    from cases import referral_views
    case = case_in(CaseStatus.REGISTERED, discovered_on=_today() - datetime.timedelta(days=30))
    client.force_login(office)
    url = reverse("cases:referral-add", args=[case.pk])
    day = (_today() - datetime.timedelta(days=1)).isoformat()
    valid = {"version": str(case.version), "police_organ": "某县公安局",
             "approved_on": day, "sent_on": day, "received_on": "", "note": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    related = {"approved_on": {"sent_on"}, "sent_on": {"approved_on", "received_on"}}
    strategy = fuzz.fuzz_data(valid, referral_views.ReferralForm(),
                              extra=fuzz.form_examples(referral_views.ReferralForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ReferralForm", related=related)

    from cases import referrals

    referral = referrals.record_referral(case, by=office, police_organ="某县公安局",
                                         approved_on=_today(), sent_on=_today())
    url = reverse("cases:referral-answer", args=[case.pk, referral.pk])
    case.refresh_from_db()
    valid = {"version": str(case.version), "received_on": _today().isoformat(), "outcome": "filed",
             "outcome_on": _today().isoformat()}
    related = {"outcome": {"outcome_on"}, "outcome_on": {"outcome"}}
    strategy = fuzz.fuzz_data(valid, referral_views.ReferralAnswerForm(),
                              extra=fuzz.form_examples(referral_views.ReferralAnswerForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.ReferralAnswerForm", related=related)
# --- enforcement (cases/enforcement_views.py) ----------------------------------------------------


def _enforcement_case(name, case_in, office, leader):
    """A decided case whose decision and demand are served (tests/cases/test_enforcement.py), in the
    state where ``name``'s valid POST is accepted; returns (case, actor, valid data)."""
    from cases import enforcement
    from cases.models import ApplicationMaterial
    from deadlines.services import load_shipped
    from tests.factories.documents import serve

    d = datetime.date
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=["demolish"], deadline=None, discovered_on=d(2025, 6, 2),
                   registered_on=d(2025, 6, 3), filed_on=d(2025, 6, 4))
    serve(case, "penalty_decision", by=office, on=d(2025, 9, 1))
    serve(case, "demand", by=office, on=d(2025, 9, 22))
    if name == "decide_demolition":
        serve(case, "demolition_notice", by=office, on=d(2025, 9, 26))  # 行政强制法 第四十四条
    if name == "end_challenge":
        enforcement.record_challenge(case, by=office, kind="lawsuit", body="测试县人民法院", filed_on=d(2025, 10, 20))
    if name == "court_ruling":
        enforcement.apply_to_court(case, by=leader, court="测试县人民法院", filed_on=d(2025, 12, 1),
                                   materials=ApplicationMaterial.values)
    if name == "review_demand_statement":
        from cases import closing

        closing.record_demand_statement(case, by=office, received_on=d(2025, 9, 24), content="房屋系祖屋，请求缓拆")
    case.refresh_from_db()
    actor, valid = {
        "record_challenge": (office, {"kind": "lawsuit", "body": "测试县人民法院", "filed_on": "2025-10-20"}),
        "end_challenge": (office, {"outcome": "upheld", "outcome_on": "2025-12-10"}),
        "apply_to_court": (leader, {"court": "测试县人民法院", "filed_on": "2025-12-01",
                                    "materials": list(ApplicationMaterial.values)}),
        "court_ruling": (office, {"ruling": "accepted", "ruled_on": "2025-12-20", "note": "准予执行"}),
        "decide_demolition": (leader, {"decided_on": "2025-11-03", "note": "强制拆除"}),
        "demand_statement": (office, {"received_on": "2025-09-24", "content": "房屋系祖屋，请求缓拆"}),
        "review_demand_statement": (leader, {"review": "not_accepted", "reasons": "无新的事实和证据",
                                             "reviewed_on": "2025-09-26"}),
    }[name]
    return case, actor, {"version": str(case.version), **valid}


@pytest.mark.parametrize("name", ["record_challenge", "end_challenge", "apply_to_court", "court_ruling",
                                  "decide_demolition", "demand_statement", "review_demand_statement"])
def test_enforcement_forms(name, client, case_in, office, leader):
    from cases.enforcement_views import STEPS

    case, actor, valid = _enforcement_case(name, case_in, office, leader)
    client.force_login(actor)
    url = reverse(f"cases:{name.replace('_', '-')}", args=[case.pk])
    fuzz.assert_valid_post_accepted(client, url, valid)
    form_class = STEPS[name].form
    strategy = fuzz.fuzz_data(valid, form_class(), extra=fuzz.form_examples(form_class))
    fuzz.fuzz_view(client, url, strategy, label=f"cases.{form_class.__name__}[{name}]")


# --- 公示 of the penalty decision (cases/publicity_views.py) -------------------------------------


def test_publication_forms(client, case_in, office):
    from cases import publicity
    from cases.publicity_forms import PublicationForm, WithdrawalForm
    from documents import services as doc_services

    made = _today() - datetime.timedelta(days=2)
    case = case_in(CaseStatus.DECIDED, penalty_measures=["demolish"], discovered_on=made - datetime.timedelta(days=40),
                   registered_on=made - datetime.timedelta(days=35), filed_on=made - datetime.timedelta(days=30))
    doc_services.issue_document(doc_services.create_document(case, by=office, kind="penalty_decision"), by=office,
                                issued_on=made)
    case.refresh_from_db()
    client.force_login(office)
    url = reverse("cases:publication-add", args=[case.pk])
    valid = {"version": str(case.version), "channel": "website", "location": "https://www.example.gov.cn/1.html",
             "published_on": _today().isoformat(), "text": publicity.draft_text(case, publicity.current_decision(case))}
    # The address is checked against the channel, and the text against the party's data, by the service.
    related = {"channel": {"location"}, "location": {"channel"}}
    strategy = fuzz.fuzz_data(valid, PublicationForm(), extra=fuzz.form_examples(PublicationForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.PublicationForm", related=related)
    fuzz.assert_valid_post_accepted(client, url, valid)

    publication = publicity.publish(case, by=office, channel="notice_board", location="镇政府公示栏",
                                    published_on=_today(), text=valid["text"])
    case.refresh_from_db()
    url = reverse("cases:publication-correct", args=[case.pk, publication.pk])
    correction = {**valid, "version": str(case.version), "correction_reason": "网址录错"}
    strategy = fuzz.fuzz_data(correction, PublicationForm(correcting=True),
                              extra=fuzz.form_examples(PublicationForm, form_kwargs={"correcting": True}))
    fuzz.fuzz_view(client, url, strategy, label="cases.PublicationForm (correction)", related=related)
    fuzz.assert_valid_post_accepted(client, url, correction)
    url = reverse("cases:publication-withdraw", args=[case.pk, publication.pk])
    valid = {"version": str(case.version), "withdrawn_on": _today().isoformat(), "reason": "原决定被撤销"}
    strategy = fuzz.fuzz_data(valid, WithdrawalForm(), extra=fuzz.form_examples(WithdrawalForm))
    fuzz.fuzz_view(client, url, strategy, label="cases.WithdrawalForm")
    fuzz.assert_valid_post_accepted(client, url, valid)
