"""Registration, numbering, parties, assignment and the disposition rules per category."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases import services
from cases.models import CaseCause, CaseEvent, CaseStatus, Disposition, Party, ViolationCase
from cases.transitions import default_disposition
from landwatch.vocabulary import Category, Cause, DiscoverySource


def register(by, village, party, **kw):
    fields = dict(
        title="违法建房案", location_text="一组王家门口", area_m2=Decimal("150"), source=DiscoverySource.REPORT,
        discovered_on=datetime.date(2026, 11, 20), category=Category.EXTRA_HOMESTEAD,
    )
    fields.update(kw)
    return services.register_case(by=by, village=village, party=party, **fields)


def test_registration_numbers_per_year_and_writes_the_event(territory, office, party):
    year = timezone.localdate().year
    first = register(office, territory.village_a, party, causes=[Cause.HOUSING_FREEZE, Cause.PLANNING_LIMITS])
    second = register(office, territory.village_b, party)
    assert (first.number, second.number) == (f"{year}-001", f"{year}-002")
    assert first.status == CaseStatus.REGISTERED and first.created_by == office
    assert set(first.causes.values_list("cause", flat=True)) == {Cause.HOUSING_FREEZE, Cause.PLANNING_LIMITS}
    event = first.events.get()
    assert (event.kind, event.to_status, event.actor) == ("registered", CaseStatus.REGISTERED, office)
    assert event.data["proposed_disposition"] == Disposition.DEMOLISH


def test_registration_with_an_assignee_writes_both_events(territory, office, officer, party):
    case = register(office, territory.village_a, party, assignee=officer)
    assert list(case.events.values_list("kind", flat=True)) == ["registered", "assigned"]


@pytest.mark.parametrize("actor", ["officer", "leader", "coordinator_a", "county_user", "other_office"])
def test_only_the_townships_office_registers(actor, request, territory, party):
    with pytest.raises(PermissionDenied):
        register(request.getfixturevalue(actor), territory.village_a, party)
    assert not ViolationCase.objects.exists()


def test_a_party_of_another_township_or_a_non_officer_assignee_is_refused(territory, office, party, coordinator_a):
    stranger = Party.objects.create(township=territory.other_township, name="外镇人")
    with pytest.raises(services.CaseError):
        register(office, territory.village_a, stranger)
    with pytest.raises(services.CaseError):
        register(office, territory.village_a, party, assignee=coordinator_a)
    assert not ViolationCase.objects.exists()


def test_farmland_larger_than_the_area_is_refused(territory, office, party):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        register(office, territory.village_a, party, area_m2=Decimal("10"), farmland_area_m2=Decimal("20"))


def test_find_or_create_party_reuses_the_id_number(territory, office):
    a = services.find_or_create_party(by=office, township=territory.township, name="李四", id_number="33010x")
    b = services.find_or_create_party(by=office, township=territory.township, name="李四", id_number="33010X",
                                      phone="13900000000")
    assert a.pk == b.pk and b.phone == "13900000000" and b.id_number == "33010X"
    c = services.find_or_create_party(by=office, township=territory.township, name="李四")
    assert c.pk != a.pk


def test_bulk_assignment_assigns_each_and_records_it(case_in, office, officer, other_officer):
    cases = [case_in(assignee=None) for _ in range(3)] + [case_in(CaseStatus.NOTIFIED)]
    changed = services.assign_cases(cases, to=other_officer, by=office)
    assert changed == 4
    assert set(ViolationCase.objects.values_list("assignee", flat=True)) == {other_officer.pk}
    event = CaseEvent.objects.filter(case=cases[-1], kind="assigned").get()
    assert event.data["from"] == officer.pk and event.data["to"] == other_officer.pk


def test_bulk_assignment_is_all_or_nothing(case_in, office, other_officer):
    cases = [case_in(assignee=None), case_in(CaseStatus.CLOSED, assignee=None)]
    with pytest.raises(services.IllegalTransitionError):
        services.assign_cases(cases, to=other_officer, by=office)
    assert not ViolationCase.objects.filter(assignee=other_officer).exists()
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("actor", ["officer", "leader", "coordinator_a", "other_office"])
def test_only_the_office_assigns(actor, request, case_in, other_officer):
    case = case_in(assignee=None)
    with pytest.raises(PermissionDenied):
        services.assign_cases([case], to=other_officer, by=request.getfixturevalue(actor))


def test_cases_are_assigned_only_to_officers_of_the_township(case_in, office, coordinator_a):
    with pytest.raises(services.CaseError):
        services.assign_cases([case_in(assignee=None)], to=coordinator_a, by=office)


# --- 分类处理 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category,damaged,expected",
    [
        (Category.COMMERCIAL, None, Disposition.PROSECUTE),
        (Category.VILLAGER_HOUSING, None, Disposition.PLANNING),
        (Category.FARMLAND_BREEDING, False, Disposition.NO_ACTION),
        (Category.FARMLAND_BREEDING, True, Disposition.RESTORE_FARMLAND),
        (Category.FARMLAND_BREEDING, None, Disposition.RESTORE_FARMLAND),
        (Category.EXTRA_HOMESTEAD, None, Disposition.DEMOLISH),
        (Category.OTHER, None, None),
    ],
)
def test_default_disposition_per_category(category, damaged, expected):
    assert default_disposition(category, damaged) == expected


@pytest.mark.parametrize(
    "category,damaged,disposition,status",
    [
        (Category.COMMERCIAL, None, Disposition.PROSECUTE, CaseStatus.REGISTERED),
        (Category.VILLAGER_HOUSING, None, Disposition.PLANNING, CaseStatus.DEFERRED),
        (Category.FARMLAND_BREEDING, False, Disposition.NO_ACTION, CaseStatus.CLOSED),
        (Category.FARMLAND_BREEDING, True, Disposition.RESTORE_FARMLAND, CaseStatus.REGISTERED),
        (Category.EXTRA_HOMESTEAD, None, Disposition.DEMOLISH, CaseStatus.REGISTERED),
    ],
)
def test_the_default_needs_no_reason(category, damaged, disposition, status, case_in, office):
    case = case_in(category=category)
    services.decide_case(case, by=office, disposition=disposition, plough_layer_damaged=damaged,
                         no_action_ground="not_established")
    case.refresh_from_db()
    assert (case.status, case.disposition, case.disposition_reason) == (status, disposition, "")
    assert case.events.get().data["overridden"] is False


@pytest.mark.parametrize(
    "category,disposition",
    [
        (Category.VILLAGER_HOUSING, Disposition.DEMOLISH),
        (Category.EXTRA_HOMESTEAD, Disposition.PLANNING),
        (Category.FARMLAND_BREEDING, Disposition.NO_ACTION),  # plough layer not known to be intact
        (Category.OTHER, Disposition.DEMOLISH),  # case by case: always a reason
    ],
)
def test_an_override_needs_a_written_reason(category, disposition, case_in, office):
    case = case_in(category=category)
    with pytest.raises(services.CaseError):
        services.decide_case(case, by=office, disposition=disposition, reason="  ", no_action_ground="first_minor")
    case.refresh_from_db()
    assert case.disposition == "" and not case.events.exists()
    services.decide_case(case, by=office, disposition=disposition, reason="经领导小组研究",
                         no_action_ground="first_minor")
    case.refresh_from_db()
    assert case.disposition == disposition and case.disposition_reason == "经领导小组研究"
    assert case.events.get().data["overridden"] is True


def test_no_action_on_a_commercial_case_needs_a_leader(case_in, office, leader):
    case = case_in(category=Category.COMMERCIAL)
    with pytest.raises(services.CaseError):
        services.decide_case(case, by=office, disposition=Disposition.NO_ACTION, reason="已补办手续",
                             no_action_ground="minor_corrected")
    assert not case.events.exists()
    services.decide_case(case, by=leader, disposition=Disposition.NO_ACTION, reason="已补办用地手续",
                         no_action_ground="minor_corrected")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == timezone.localdate()
    approval = case.events.get().data["approval"]
    assert approval["by"] == leader.pk


def test_reclassifying_to_commercial_while_deciding_no_action_needs_a_leader(case_in, office):
    case = case_in(category=Category.OTHER)
    with pytest.raises(services.CaseError):
        services.decide_case(case, by=office, disposition=Disposition.NO_ACTION, category=Category.COMMERCIAL,
                             reason="x", no_action_ground="minor_corrected")


def test_a_leader_cannot_take_the_offices_ordinary_decisions(case_in, leader):
    with pytest.raises(PermissionDenied):
        services.decide_case(case_in(category=Category.COMMERCIAL), by=leader, disposition=Disposition.PROSECUTE)


def test_cause_tags_filter_and_count(case_in):
    from django.db.models import Count

    a, b = case_in(), case_in()
    CaseCause.objects.create(case=a, cause=Cause.HOUSING_FREEZE)
    CaseCause.objects.create(case=b, cause=Cause.HOUSING_FREEZE)
    CaseCause.objects.create(case=b, cause=Cause.WEAK_MANAGEMENT)
    assert ViolationCase.objects.filter(causes__cause=Cause.WEAK_MANAGEMENT).get() == b
    counts = dict(CaseCause.objects.values_list("cause").annotate(n=Count("id")))
    assert counts == {Cause.HOUSING_FREEZE: 2, Cause.WEAK_MANAGEMENT: 1}
