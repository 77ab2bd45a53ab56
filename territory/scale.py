"""The territory's part of the county-scale data (``landwatch/scale.py``): the county, its
townships with an office, a land office and their villages, and the logins the benchmark uses
(no usable password).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from landwatch.roles import Role
from landwatch.scale import VILLAGE_WORDS, ScaleRun

from .models import ResponsibilityUnit, UnitKind, UnitMembership

User = get_user_model()

# Logins the generator creates (no usable password; bench/run.py gives them its own), for the benchmark.
SCALE_LOGINS = {Role.OFFICE: "scale_office_00", Role.OFFICER: "scale_officer_00_0", Role.COUNTY: "scale_county"}


def load_territory(run: ScaleRun) -> None:
    """The county, ``run.townships`` townships and ``run.villages`` villages spread over them.

    Hands on ``towns``, ``villages``, ``villages_by_town``, ``office_by_town`` and
    ``officers_by_town`` (four joint-team officers a township) in ``run.shared``.
    """
    # No usable password: these logins exist in whatever database this is run against, and
    # a published password would open them. The benchmark gives them one of its own.
    password = make_password(None)
    county, _ = ResponsibilityUnit.objects.get_or_create(
        code="SCALE-COUNTY", defaults={"name": "规模测试县国土资源局", "kind": UnitKind.COUNTY, "is_demo": True}
    )
    towns, all_villages, officers_by_town, office_by_town = [], [], {}, {}
    per_town = max(1, run.villages // run.townships)
    for t in range(run.townships):
        town = _unit(f"SCALE-T{t:02d}", f"规模{t + 1}镇", UnitKind.TOWNSHIP, county)
        towns.append(town)
        office = _unit(f"SCALE-T{t:02d}-OFF", f"规模{t + 1}镇办公室", UnitKind.OFFICE, town)
        dept = _unit(f"SCALE-T{t:02d}-D01", f"规模{t + 1}镇国土所", UnitKind.DEPARTMENT, town)
        for v in range(per_town):
            name = "".join(run.rng.sample(VILLAGE_WORDS, 2)) + "村"
            all_villages.append(_unit(f"SCALE-T{t:02d}-V{v:03d}", name, UnitKind.VILLAGE, town))
        office_by_town[town.pk] = _member(f"scale_office_{t:02d}", Role.OFFICE, office, password)
        officers_by_town[town.pk] = [
            _member(f"scale_officer_{t:02d}_{i}", Role.OFFICER, dept, password) for i in range(4)
        ]
    _member("scale_county", Role.COUNTY, county, password)
    villages_by_town: dict[int, list] = {}
    for v in all_villages:
        villages_by_town.setdefault(v.township_id, []).append(v)
    run.shared.update(towns=towns, villages=all_villages, villages_by_town=villages_by_town,
                      office_by_town=office_by_town, officers_by_town=officers_by_town)
    run.progress(f"territory: {len(towns)} townships, {len(all_villages)} villages")


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
