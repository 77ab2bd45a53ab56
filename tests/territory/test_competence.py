"""Competence (办案机关): which unit a case belongs to, from its category, township and date.

territory/competence.py: the county natural resources department by default (自然资源行政处罚办法
第六条), the county agriculture department for villagers' housing (土地管理法 第六十二条、第七十八条),
the township for village construction without a permit (城乡规划法 第六十五条) and for categories
a provincial delegation in force covers (行政处罚法 第二十四条).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cases import services
from landwatch.vocabulary import Category
from territory.competence import competent_authority, resolver
from territory.models import Delegation, DelegationScope

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


def delegate(township, *categories, valid_from=datetime.date(2026, 1, 1), valid_until=None, withdrawn_on=None):
    delegation = Delegation.objects.create(
        issuing_body="某省人民政府", document_number="某政发〔2025〕12号", issued_on=datetime.date(2025, 12, 1),
        township=township, valid_from=valid_from, valid_until=valid_until, withdrawn_on=withdrawn_on,
        withdrawn_reason="收回" if withdrawn_on else "",
    )
    for category in categories:
        DelegationScope.objects.create(delegation=delegation, category=category)
    return delegation


@pytest.mark.parametrize("category,department", [
    (Category.COMMERCIAL, "natural_resources"),
    (Category.FARMLAND_BREEDING, "natural_resources"),
    (Category.OTHER, "natural_resources"),
    (Category.EXTRA_HOMESTEAD, "agriculture"),
    (Category.VILLAGER_HOUSING, "agriculture"),
])
def test_a_county_department_is_the_authority_by_category(territory, county_departments, category, department):
    answer = competent_authority(township=territory.township, category=category, on=DAY)
    assert answer.unit == getattr(county_departments, department)
    assert "Article" in answer.basis or "第" in answer.basis


def test_village_construction_without_a_permit_is_the_townships_own(territory, county_departments):
    answer = competent_authority(township=territory.township, category=Category.VILLAGE_CONSTRUCTION, on=DAY)
    assert answer.unit == territory.township and answer.is_township


def test_a_delegation_in_force_gives_the_township_only_its_categories(territory, county_departments):
    delegation = delegate(territory.township, Category.FARMLAND_BREEDING)
    answer = competent_authority(township=territory.township, category=Category.FARMLAND_BREEDING, on=DAY)
    assert answer.unit == territory.township and answer.delegation == delegation
    assert "某政发〔2025〕12号" in answer.basis
    # Another category, and the same category in the other township, stay the county's.
    assert competent_authority(township=territory.township, category=Category.COMMERCIAL,
                               on=DAY).unit == county_departments.natural_resources
    assert competent_authority(township=territory.other_township, category=Category.FARMLAND_BREEDING,
                               on=DAY).unit == county_departments.natural_resources


@pytest.mark.parametrize("on,township_competent", [
    (datetime.date(2025, 12, 31), False),  # before it took effect
    (datetime.date(2026, 1, 1), True),
    (datetime.date(2026, 6, 29), True),
    (datetime.date(2026, 6, 30), False),  # withdrawn that day
])
def test_a_delegation_counts_between_its_start_and_its_withdrawal(territory, county_departments, on,
                                                                  township_competent):
    delegate(territory.township, Category.COMMERCIAL, withdrawn_on=datetime.date(2026, 6, 30))
    answer = competent_authority(township=territory.township, category=Category.COMMERCIAL, on=on)
    assert answer.is_township is township_competent
    assert Delegation.objects.in_force_on(on).exists() is township_competent


def test_an_expired_delegation_no_longer_counts(territory, county_departments):
    delegate(territory.township, Category.COMMERCIAL, valid_until=datetime.date(2026, 3, 31))
    assert competent_authority(township=territory.township, category=Category.COMMERCIAL,
                               on=datetime.date(2026, 3, 31)).is_township
    assert not competent_authority(township=territory.township, category=Category.COMMERCIAL,
                                   on=datetime.date(2026, 4, 1)).is_township


def test_many_townships_are_answered_from_two_queries_the_newest_delegation_in_force_first(
        territory, county_departments, django_assert_num_queries):
    older = delegate(territory.township, Category.COMMERCIAL, Category.OTHER, valid_from=datetime.date(2025, 1, 1))
    newer = delegate(territory.township, Category.COMMERCIAL, valid_from=datetime.date(2026, 3, 1))
    other = delegate(territory.other_township, Category.FARMLAND_BREEDING, Category.OTHER,
                     withdrawn_on=datetime.date(2026, 5, 1))
    delegate(territory.other_township)  # covering no category: answers no case
    with django_assert_num_queries(2):
        authority = resolver([territory.township, territory.other_township])
    with django_assert_num_queries(0):
        assert authority(territory.township, Category.COMMERCIAL, DAY).delegation == newer
        assert authority(territory.township, Category.COMMERCIAL, datetime.date(2026, 2, 1)).delegation == older
        assert authority(territory.township, Category.OTHER, DAY).delegation == older
        county = county_departments.natural_resources
        assert authority(territory.township, Category.FARMLAND_BREEDING, DAY).unit == county
        assert authority(territory.other_township, Category.OTHER, datetime.date(2026, 4, 30)).delegation == other
        assert authority(territory.other_township, Category.OTHER, DAY).unit == county


def test_a_county_without_its_departments_gives_no_authority_and_says_why(territory):
    with translation.override("en"):
        answer = competent_authority(township=territory.township, category=Category.COMMERCIAL, on=DAY)
    assert answer.unit is None and "No county department" in answer.basis


def _register(office, territory, party, category):
    return services.register_case(
        by=office, village=territory.village_a, title="违法占地", party=party, location_text="三组",
        area_m2=Decimal("100"), source="dynamic_patrol", discovered_on=datetime.date(2026, 11, 1), category=category,
    )


@pytest.fixture
def party(territory):
    from tests.factories import PartyFactory

    return PartyFactory(township=territory.township)


def test_registration_gives_the_case_its_authority(office, territory, county_departments, party):
    case = _register(office, territory, party, Category.EXTRA_HOMESTEAD)
    case.refresh_from_db()
    assert case.authority == county_departments.agriculture
    assert case.events.get(kind="registered").data["authority_name"] == "测试县农业农村局"


def test_a_category_change_moves_the_authority_until_the_case_is_handed_over(office, territory, county_departments,
                                                                           party):
    case = _register(office, territory, party, Category.EXTRA_HOMESTEAD)
    services.update_case_facts(case, by=office, category=Category.COMMERCIAL)
    case.refresh_from_db()
    assert case.authority == county_departments.natural_resources
    event = case.events.get(kind="edited")
    assert event.data["changed"]["authority"]["to_text"] == "测试县自然资源局"
    # Once handed over, the authority that received it keeps it (办法 第十一条第二款).
    from documents.services import hand_over_case

    hand_over_case(case, by=office)
    case.refresh_from_db()
    services.update_case_facts(case, by=office, category=Category.VILLAGE_CONSTRUCTION)
    case.refresh_from_db()
    assert case.authority == county_departments.natural_resources


def test_the_decision_of_a_category_moves_the_authority(office, territory, county_departments, party):
    case = _register(office, territory, party, Category.COMMERCIAL)
    services.decide_case(case, by=office, disposition="demolish", category=Category.EXTRA_HOMESTEAD)
    case.refresh_from_db()
    assert case.authority == county_departments.agriculture


def test_the_delegation_register_is_entered_in_the_admin_and_never_deleted(client, superuser, territory):
    delegation = delegate(territory.township, Category.COMMERCIAL)
    client.force_login(superuser)
    assert client.get(reverse("admin:territory_delegation_add")).status_code == 200
    page = client.get(reverse("admin:territory_delegation_change", args=[delegation.pk]))
    assert page.status_code == 200 and "某政发〔2025〕12号" in page.content.decode()
    assert client.post(reverse("admin:territory_delegation_delete", args=[delegation.pk]), {"post": "yes"}
                       ).status_code == 403
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_a_withdrawal_needs_its_reason(territory):
    from django.core.exceptions import ValidationError

    delegation = Delegation(issuing_body="某省人民政府", document_number="某政发〔2025〕12号",
                            issued_on=DAY, township=territory.township, valid_from=DAY, withdrawn_on=DAY)
    with pytest.raises(ValidationError) as refused:
        delegation.full_clean()
    assert "withdrawn_reason" in refused.value.message_dict


def test_cases_entered_before_the_departments_get_their_authority_by_the_command(office, superuser, territory, party):
    from django.core.management import call_command

    from territory.models import Competence, UnitKind
    from tests.factories import UnitFactory

    case = _register(office, territory, party, Category.COMMERCIAL)
    case.refresh_from_db()
    assert case.authority is None  # the county's departments are not entered yet
    department = UnitFactory(kind=UnitKind.DEPARTMENT, parent=territory.county, name="测试县自然资源局",
                             competence=Competence.NATURAL_RESOURCES)
    call_command("assign_authorities", by=superuser.username)
    case.refresh_from_db()
    assert case.authority == department
    assert case.events.filter(kind="edited").latest("id").data["changed"]["authority"]["to_text"] == "测试县自然资源局"
