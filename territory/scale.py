"""The territory's part of the county-scale data (``landwatch/scale.py``): the county, its
townships with an office, a land office, a leading group and their villages, the county's two
departments that hold penalty powers, and the logins the benchmark and the soak use (no usable
password).

The people are those the penalty chain needs (docs/PROCEDURE.md): each township's leader (who
files a case, 立案审批), its office clerk holding the legal-review qualification (法制审核:
行政处罚法 第五十八条) and four officers with a 执法证 (two sign every 笔录: 行政处罚法 第四十二条、
第五十五条); each county department (自然资源局: 自然资源行政处罚办法 第六条; 农业农村局: 土地管理法
第六十二条、第七十八条) with its head, a qualified legal reviewer and certified officers. The first
township holds a provincial delegation of one category (行政处罚法 第二十四条), as the demo's does.
The holiday table of last year, this year and next year is loaded where we ship it, so the
working-day deadlines are counted as in production.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from landwatch.roles import Role
from landwatch.scale import VILLAGE_WORDS, ScaleRun
from landwatch.vocabulary import Category

from .models import (
    Competence,
    Credential,
    CredentialKind,
    Delegation,
    DelegationScope,
    ResponsibilityUnit,
    UnitKind,
    UnitMembership,
)

User = get_user_model()

# Logins the generator creates (no usable password; bench/run.py gives them its own), for the benchmark.
SCALE_LOGINS = {Role.OFFICE: "scale_office_00", Role.OFFICER: "scale_officer_00_0", Role.COUNTY: "scale_county",
                Role.LEADER: "scale_leader_00"}
# The county departments that hold penalty powers (territory/competence.py): code, name, competence,
# the prefix of their documents' numbers, and the prefix of their people's logins.
SCALE_DEPARTMENTS = [
    ("SCALE-COUNTY-NR", "规模测试县自然资源局", Competence.NATURAL_RESOURCES, "规自然资", "scale_nr"),
    ("SCALE-COUNTY-AG", "规模测试县农业农村局", Competence.AGRICULTURE, "规农", "scale_ag"),
]
# The delegation the first township holds (the demo's: farmland used for breeding).
SCALE_DELEGATION = {"issuing_body": "（规模测试）某省人民政府", "document_number": "（规模测试）省政发〔2021〕18号",
                    "category": Category.FARMLAND_BREEDING}
# Credentials are valid from this day on, with no end: a load is good for any later run.
CREDENTIALS_FROM = datetime.date(2020, 1, 1)


def load_territory(run: ScaleRun) -> None:
    """The county, ``run.townships`` townships and ``run.villages`` villages spread over them.

    Hands on ``towns``, ``villages``, ``villages_by_town``, ``office_by_town`` and
    ``officers_by_town`` (four joint-team officers a township), ``leader_by_town`` and
    ``departments`` (code -> {"unit", "head", "legal", "officers"}) in ``run.shared``.
    """
    # No usable password: these logins exist in whatever database this is run against, and
    # a published password would open them. The benchmark gives them one of its own.
    password = make_password(None)
    county, _ = ResponsibilityUnit.objects.get_or_create(
        code="SCALE-COUNTY", defaults={"name": "规模测试县国土资源局", "kind": UnitKind.COUNTY, "is_demo": True}
    )
    towns, all_villages, officers_by_town, office_by_town, leader_by_town = [], [], {}, {}, {}
    per_town = max(1, run.villages // run.townships)
    for t in range(run.townships):
        town = _unit(f"SCALE-T{t:02d}", f"规模{t + 1}镇", UnitKind.TOWNSHIP, county)
        towns.append(town)
        office = _unit(f"SCALE-T{t:02d}-OFF", f"规模{t + 1}镇办公室", UnitKind.OFFICE, town)
        group = _unit(f"SCALE-T{t:02d}-LG", f"规模{t + 1}镇领导小组", UnitKind.LEADING_GROUP, town)
        dept = _unit(f"SCALE-T{t:02d}-D01", f"规模{t + 1}镇国土所", UnitKind.DEPARTMENT, town)
        for v in range(per_town):
            name = "".join(run.rng.sample(VILLAGE_WORDS, 2)) + "村"
            all_villages.append(_unit(f"SCALE-T{t:02d}-V{v:03d}", name, UnitKind.VILLAGE, town))
        office_by_town[town.pk] = _member(f"scale_office_{t:02d}", Role.OFFICE, office, password)
        _credential(office_by_town[town.pk], CredentialKind.LEGAL_REVIEW)
        leader_by_town[town.pk] = _member(f"scale_leader_{t:02d}", Role.LEADER, group, password)
        officers_by_town[town.pk] = [
            _credential(_member(f"scale_officer_{t:02d}_{i}", Role.OFFICER, dept, password), CredentialKind.ENFORCEMENT)
            for i in range(4)
        ]
    _member("scale_county", Role.COUNTY, county, password)
    departments = {code: _department(code, name, competence, prefix, login, county, password)
                   for code, name, competence, prefix, login in SCALE_DEPARTMENTS}
    if towns:
        _delegation(towns[0])
    villages_by_town: dict[int, list] = {}
    for v in all_villages:
        villages_by_town.setdefault(v.township_id, []).append(v)
    run.shared.update(towns=towns, villages=all_villages, villages_by_town=villages_by_town,
                      office_by_town=office_by_town, officers_by_town=officers_by_town,
                      leader_by_town=leader_by_town, departments=departments)
    run.progress(f"territory: {len(towns)} townships, {len(all_villages)} villages, "
                 f"{len(departments)} county departments")


def _department(code: str, name: str, competence: str, prefix: str, login: str, county, password: str) -> dict:
    """A county department with its head, a qualified legal reviewer and four certified officers."""
    unit = ResponsibilityUnit.objects.filter(code=code).first()
    if unit is None:
        unit = ResponsibilityUnit(code=code, name=name, kind=UnitKind.DEPARTMENT, parent=county, is_demo=True,
                                  competence=competence, letterhead=name, document_prefix=prefix)
        unit.save()
    return {
        "unit": unit,
        "head": _member(f"{login}_head", Role.LEADER, unit, password),
        "legal": _credential(_member(f"{login}_legal", Role.OFFICER, unit, password), CredentialKind.LEGAL_REVIEW),
        "officers": [
            _credential(_member(f"{login}_officer_{i}", Role.OFFICER, unit, password), CredentialKind.ENFORCEMENT)
            for i in range(4)
        ],
    }


def _credential(user, kind: str):
    """``user`` with a credential of ``kind`` (numbered after the login, so a rerun finds it)."""
    prefix = "ZF" if kind == CredentialKind.ENFORCEMENT else "FZ"
    Credential.objects.get_or_create(kind=kind, number=f"SCALE-{prefix}-{user.username}", defaults={
        "user": user, "issued_by": "规模测试", "valid_from": CREDENTIALS_FROM})
    return user


def _delegation(town) -> None:
    delegation, created = Delegation.objects.get_or_create(
        township=town, document_number=SCALE_DELEGATION["document_number"],
        defaults={"issuing_body": SCALE_DELEGATION["issuing_body"], "issued_on": datetime.date(2021, 12, 1),
                  "valid_from": datetime.date(2022, 1, 1)},
    )
    if created:
        DelegationScope.objects.create(delegation=delegation, category=SCALE_DELEGATION["category"])


def _unit(code: str, name: str, kind: str, parent) -> ResponsibilityUnit:
    unit = ResponsibilityUnit.objects.filter(code=code).first()
    if unit is None:
        unit = ResponsibilityUnit(code=code, name=name, kind=kind, parent=parent, is_demo=True)
        unit.save()
    return unit


def _member(username: str, role: str, unit, password: str):
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": username, "password": password}
    )
    if created:
        UnitMembership.objects.create(user=user, unit=unit, role=role)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user
