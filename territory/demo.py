"""Demo territory: the seed's town, its villages, departments, leading group and office.

Idempotent: everything is looked up by a stable code or username and updated in place,
so running ``loaddemo`` twice gives the same counts.
"""

import datetime
import functools
import json
import random

import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile

from landwatch.demo import demo_clock, load_day
from landwatch.roles import Role
from landwatch.vocabulary import Category

from . import demo_shapes
from .models import Competence, Delegation, DelegationScope, Layer, LayerKind, ResponsibilityUnit, UnitKind
from .services import add_member, load_layer

User = get_user_model()

DEMO_PASSWORD = "landwatch2022"

COUNTY = ("DEMO-COUNTY", "嘉禾县国土资源局")
TOWNSHIP = ("T01", "丰乐镇")
SECOND_TOWNSHIP = ("T02", "云溪镇")

# 杨柳山 is named in the seed (one of three pilot villages with a coordinator); the other
# ten are invented and marked as demo.
VILLAGES = [
    ("杨柳山村", False, "coordinator", "周秀英"),
    ("青石村", True, "coord_qingshi", "王建华"),
    ("桃源村", True, "coord_taoyuan", "李国强"),
    ("河东村", True, "coord_hedong", "张明"),
    ("新桥村", True, "coord_xinqiao", "刘芳"),
    ("长港村", True, "coord_changgang", "陈伟"),
    ("塘湾村", True, "coord_tangwan", "杨丽"),
    ("白马村", True, "coord_baima", "赵军"),
    ("梅林村", True, "coord_meilin", "黄勇"),
    ("荷花村", True, "coord_hehua", "吴静"),
    ("永丰村", True, "coord_yongfeng", "徐磊"),
]

# The seven collaborating departments of the seed, each with one joint-team officer.
DEPARTMENTS = [
    ("国土所", "officer", "沈国平"),
    ("村镇建设办", "officer_jianshe", "朱建新"),
    ("派出所", "officer_police", "马志刚"),
    ("司法所", "officer_justice", "孙丽娟"),
    ("供电所", "officer_power", "胡永明"),
    ("工商所", "officer_commerce", "林晓红"),
    ("税务分局", "officer_tax", "郭文斌"),
]

# The leading group as the seed lists it; 虞伟明 also heads the office.
LEADING_GROUP = [
    ("gupeijian", "顾培坚", "组长"),
    ("zhonghaiming", "钟海明", "副组长"),
    ("hanzigeng", "韩自更", "副组长"),
    ("yangjianfeng", "杨建凤", "组员"),
    ("yuweiming", "虞伟明", "组员"),
    ("zhangyeming", "张叶明", "组员"),
    ("zhengguihong", "郑桂红", "组员"),
    ("yingbaiying", "应柏瑛", "组员"),
    ("yuhaixiang", "俞海祥", "组员"),
    ("jinjianjun", "金建军", "组员"),
    ("qianyingzhi", "钱婴芝", "组员"),
]
OFFICE_DIRECTOR = "yuweiming"
OFFICE_CLERK = ("office", "钱晓燕")

SECOND_VILLAGES = ["云溪村", "石桥村", "竹林村"]

# The county departments that are the 办案机关 of most cases (territory/competence.py), each with
# its head (负责人: files and decides) and one law enforcement officer (investigates).
# (code, name, competence, number prefix, (head login, name), (officer login, name))
COUNTY_DEPARTMENTS = [
    ("DEMO-COUNTY-NR", "嘉禾县自然资源局", Competence.NATURAL_RESOURCES, "嘉自然资",
     ("nr_head", "陆志远"), ("nr_officer", "潘海燕")),
    ("DEMO-COUNTY-AG", "嘉禾县农业农村局", Competence.AGRICULTURE, "嘉农",
     ("ag_head", "邵国华"), ("ag_officer", "汤小军")),
]
# A provincial delegation (行政处罚法 第二十四条) of one category to 丰乐镇, invented for the demo.
DELEGATION = {"issuing_body": "（演示）某省人民政府", "document_number": "（演示）省政发〔2021〕18号",
              "category": Category.FARMLAND_BREEDING}

# One login per role, printed at the end of loaddemo.
LOGINS = [
    ("admin", "System administrator"),
    ("county", Role.COUNTY.label),
    ("gupeijian", Role.LEADER.label),
    ("office", Role.OFFICE.label),
    ("officer", Role.OFFICER.label),
    ("coordinator", Role.COORDINATOR.label),
    ("office_yunxi", Role.OFFICE.label + " (云溪镇)"),
    ("nr_head", "嘉禾县自然资源局负责人（办案机关）"),
    ("nr_officer", "嘉禾县自然资源局执法人员"),
    ("nr_legal", "嘉禾县自然资源局法制审核员（法制审核）"),
]


def unit(code: str, name: str, kind: str, parent: ResponsibilityUnit | None, **extra) -> ResponsibilityUnit:
    obj = ResponsibilityUnit.objects.filter(code=code).first() or ResponsibilityUnit(code=code)
    obj.name, obj.kind, obj.parent = name, kind, parent
    for key, value in extra.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    return obj


def user(username: str, full_name: str = "", **extra):
    """The demo user ``username``, created if missing; an existing one keeps its password.

    Only under DEBUG (`make run`) does a new user get the published ``DEMO_PASSWORD``:
    anywhere else it gets an unusable password, so demo data loaded into a real database
    never opens a login that everybody knows (``manage.py changepassword`` gives one).
    """
    obj, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name, **extra})
    if created:
        if settings.DEBUG:
            # Hashing is deliberately slow; one hash serves every demo login.
            obj.password = _demo_password_hash()
        else:
            obj.set_unusable_password()
        obj.save(update_fields=["password"])
    return obj


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def print_logins(stdout=None) -> None:
    """The last demo step: one login per role, with the published password only under DEBUG."""
    if stdout is None:
        return
    if settings.DEBUG:
        stdout.write(f"Demo data loaded. Logins (password for all: {DEMO_PASSWORD}):")
    else:
        stdout.write("Demo data loaded. New demo users have no usable password; give one with\n"
                     "  manage.py changepassword USERNAME\nLogins:")
    for username, label in LOGINS:
        stdout.write(f"  {username:<20} {label}")


def load_territory(stdout=None) -> dict:
    """The territory's part of the demo: the county, the two townships, their units and people."""
    # The administrator puts everyone in their unit (add_member checks who acts).
    admin = user("admin", "系统管理员", is_staff=True, is_superuser=True)
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    county = unit(COUNTY[0], COUNTY[1], UnitKind.COUNTY, None, is_demo=True)
    town = unit(
        TOWNSHIP[0],
        TOWNSHIP[1],
        UnitKind.TOWNSHIP,
        county,
        is_demo=True,
        letterhead="丰乐镇人民政府",
        document_prefix="丰土监",
    )
    villages = []
    for i, (name, demo, username, person) in enumerate(VILLAGES, start=1):
        village = unit(f"T01-V{i:02d}", name, UnitKind.VILLAGE, town, is_demo=demo, sort_order=i, contact_person=person)
        villages.append(village)
        add_member(user=user(username, person), unit=village, role=Role.COORDINATOR, post="村级土地协管员", by=admin)
    for i, (name, username, person) in enumerate(DEPARTMENTS, start=1):
        dept = unit(f"T01-D{i:02d}", name, UnitKind.DEPARTMENT, town, sort_order=i, contact_person=person)
        add_member(user=user(username, person), unit=dept, role=Role.OFFICER, post="联合执法队员", by=admin)
    group = unit("T01-LG", "土地监察整改工作领导小组", UnitKind.LEADING_GROUP, town)
    office = unit("T01-OFF", "领导小组办公室", UnitKind.OFFICE, town, contact_person="虞伟明")
    for username, name, post in LEADING_GROUP:
        add_member(user=user(username, name), unit=group, role=Role.LEADER, post=post, by=admin)
    add_member(user=user(OFFICE_DIRECTOR), unit=office, role=Role.OFFICE, post="办公室主任", by=admin)
    add_member(user=user(*OFFICE_CLERK), unit=office, role=Role.OFFICE, post="办公室工作人员", by=admin)
    add_member(user=user("county", "县局监察科"), unit=county, role=Role.COUNTY, post="监察科", by=admin)

    # A second, small township under the same county, so isolation can be seen.
    town2 = unit(SECOND_TOWNSHIP[0], SECOND_TOWNSHIP[1], UnitKind.TOWNSHIP, county, is_demo=True)
    for i, name in enumerate(SECOND_VILLAGES, start=1):
        v = unit(f"T02-V{i:02d}", name, UnitKind.VILLAGE, town2, is_demo=True, sort_order=i)
        if i == 1:
            add_member(user=user("coordinator_yunxi", "何春燕"), unit=v, role=Role.COORDINATOR, post="村级土地协管员",
                       by=admin)
    office2 = unit("T02-OFF", "云溪镇领导小组办公室", UnitKind.OFFICE, town2, is_demo=True)
    add_member(user=user("office_yunxi", "郑晓东"), unit=office2, role=Role.OFFICE, post="办公室主任", by=admin)
    dept2 = unit("T02-D01", "云溪国土所", UnitKind.DEPARTMENT, town2, is_demo=True)
    add_member(user=user("officer_yunxi", "蒋平"), unit=dept2, role=Role.OFFICER, post="联合执法队员", by=admin)

    for code, name, competence, prefix, (head, head_name), (staff, staff_name) in COUNTY_DEPARTMENTS:
        department = unit(code, name, UnitKind.DEPARTMENT, county, is_demo=True, competence=competence,
                          letterhead=name, document_prefix=prefix)
        add_member(user=user(head, head_name), unit=department, role=Role.LEADER, post="局长", by=admin)
        add_member(user=user(staff, staff_name), unit=department, role=Role.OFFICER, post="执法队员", by=admin)
    _delegation(town)

    return {"county": county, "township": town, "villages": villages, "office": office, "township2": town2}


def _delegation(town: ResponsibilityUnit) -> Delegation:
    delegation, created = Delegation.objects.get_or_create(
        township=town, document_number=DELEGATION["document_number"],
        defaults={"issuing_body": DELEGATION["issuing_body"], "issued_on": datetime.date(2021, 12, 1),
                  "valid_from": datetime.date(2022, 1, 1),
                  "note": "演示数据：将县级部门对占用耕地发展养殖业案件的行政处罚权交由丰乐镇行使。"},
    )
    if created:
        DelegationScope.objects.create(delegation=delegation, category=DELEGATION["category"])
    return delegation


# ---- map layers (territory/geo.py) ---------------------------------------------------------------

# Where the demo's townships lie (WGS-84): the demo's cases and findings sit inside 丰乐镇's box.
TOWNSHIP_BOXES = {TOWNSHIP[0]: (120.09, 30.19, 120.16, 30.26), SECOND_TOWNSHIP[0]: (120.16, 30.19, 120.23, 30.26)}
LAYERS_DAYS_AGO = 75


def geojson_upload(name: str, rows) -> SimpleUploadedFile:
    """A GeoJSON file of (properties, shape) rows, as a clerk would upload it."""
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
                  "features": [{"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(shape)}
                               for props, shape in rows]}
    return SimpleUploadedFile(name, json.dumps(collection, ensure_ascii=False).encode())


def demo_villages() -> dict[str, tuple]:
    """Each demo township's villages with their synthetic boundaries (deterministic): code → [(village, shape)]."""
    out = {}
    for number, (code, box) in enumerate(TOWNSHIP_BOXES.items(), start=1):
        villages = list(ResponsibilityUnit.objects.filter(township__code=code, kind=UnitKind.VILLAGE)
                        .order_by("sort_order", "code"))
        if not villages:
            continue
        shapes = demo_shapes.village_boundaries([v.code for v in villages], box=box, seed=number)
        out[code] = [(v, shapes[v.code]) for v in villages]
    return out


def load_layers(stdout=None) -> dict:
    """The village boundaries of both townships (loaded by their offices) and the county's 永久基本农田
    and 生态保护红线 (loaded by the county bureau), through the same upload a clerk uses. Idempotent."""
    loaded = 0
    day = load_day() - datetime.timedelta(days=LAYERS_DAYS_AGO)
    offices = {TOWNSHIP[0]: "office", SECOND_TOWNSHIP[0]: "office_yunxi"}
    all_shapes = {}
    for code, rows in demo_villages().items():
        township = ResponsibilityUnit.objects.get(code=code)
        all_shapes.update({v.code: shape for v, shape in rows})
        if Layer.objects.in_force().filter(unit=township, kind=LayerKind.VILLAGE_BOUNDARY).exists():
            continue
        upload = geojson_upload(f"{township.name}村界.geojson",
                                [({"XZQDM": v.code, "XZQMC": v.name}, shape) for v, shape in rows])
        with demo_clock(day, hour=9):
            load_layer(unit=township, kind=LayerKind.VILLAGE_BOUNDARY, name=f"{township.name}村界", upload=upload,
                       by=User.objects.get(username=offices[code]))
        loaded += 1
    county = ResponsibilityUnit.objects.get(code=COUNTY[0])
    county_user = User.objects.get(username="county")
    if all_shapes and not Layer.objects.in_force().filter(unit=county, kind=LayerKind.BASIC_FARMLAND).exists():
        fields = demo_shapes.farmland_zones(all_shapes, seed=11, share=0.3)
        upload = geojson_upload("嘉禾县永久基本农田.geojson",
                                [({"BSM": f"JBNT{i:04d}", "DLMC": "水田"}, f) for i, f in enumerate(fields, 1)])
        with demo_clock(day, hour=10):
            load_layer(unit=county, kind=LayerKind.BASIC_FARMLAND, name="2025年度永久基本农田（演示）", upload=upload,
                       by=county_user)
        loaded += 1
    if all_shapes and not Layer.objects.in_force().filter(unit=county, kind=LayerKind.ECOLOGICAL_REDLINE).exists():
        rng = random.Random(12)
        hills = [demo_shapes.blob(120.205, 30.245, width_m=1800, height_m=1100, rng=rng, vertices=14),
                 demo_shapes.blob(120.1, 30.252, width_m=900, height_m=600, rng=rng, vertices=12)]
        upload = geojson_upload("嘉禾县生态保护红线.geojson", [({"NAME": "云溪山林"}, hills[0]),
                                                          ({"NAME": "北山水源涵养区"}, hills[1])])
        with demo_clock(day, hour=11):
            load_layer(unit=county, kind=LayerKind.ECOLOGICAL_REDLINE, name="生态保护红线（演示）", upload=upload,
                       by=county_user)
        loaded += 1
    if stdout is not None:
        stdout.write(f"    map layers: {loaded}")
    return {"layers": loaded}
