"""Demo of the referral to the police (移送公安): one case of 丰乐镇 over the threshold. Idempotent.

Fish ponds dug in 永久基本农田 beyond 5 亩 (法释〔2000〕14号 第三条), a category the township itself
penalises in the demo (its delegation, 行政处罚法 第二十四条): registered with its three areas,
flagged on its page, referred to the county public security bureau the day after the head's
approval (国务院令第310号 第五条), the receipt signed and the police's 立案 recorded (第八条),
through ``cases.referrals``.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from landwatch.demo import demo_clock, load_day
from landwatch.vocabulary import Category, DiscoverySource
from territory.models import ResponsibilityUnit

from . import referrals, services
from .models import LandType, ReferralOutcome, ViolationCase

User = get_user_model()
TOWNSHIP = "T01"
REFERRED = "沈家浜沈某占用永久基本农田挖塘养殖案（已移送公安）"


def ago(days: int) -> datetime.date:
    return load_day() - datetime.timedelta(days=days)


def load_referrals(stdout=None) -> dict:
    town = ResponsibilityUnit.objects.filter(code=TOWNSHIP).first()
    office = User.objects.filter(username="office").first()
    if town is None or office is None:
        return {}
    if ViolationCase.objects.filter(village__township=town, title=REFERRED).exists():
        return {"referred_cases": 0}
    village = ResponsibilityUnit.objects.villages().filter(township=town).order_by("sort_order", "code").last()
    with demo_clock(ago(30), hour=9):
        party = services.find_or_create_party(by=office, township=town, name="沈某", kind="person")
        case = services.register_case(
            by=office, title=REFERRED, party=party, village=village, location_text=f"{village.name}沈家浜东侧",
            land_type=LandType.BASIC_FARMLAND, area_m2=Decimal(6200), farmland_area_m2=Decimal(5600),
            basic_farmland_area_m2=Decimal(4200), category=Category.FARMLAND_BREEDING,
            source=DiscoverySource.SATELLITE, discovered_on=ago(33), registered_on=ago(30),
            plough_layer_damaged=True,
            description="未经批准在永久基本农田上挖塘养殖，破坏耕作层，占用永久基本农田约6.3亩。")
    with demo_clock(ago(10), hour=10):
        referral = referrals.record_referral(
            ViolationCase.objects.get(pk=case.pk), by=office, police_organ="县公安局",
            approved_on=ago(11), sent_on=ago(10), received_on=ago(10),
            note="附涉嫌犯罪案件情况的调查报告、现场勘测笔录、测绘报告。")
    with demo_clock(ago(7), hour=16):
        referrals.record_referral_answer(referral, by=office, outcome=ReferralOutcome.FILED, outcome_on=ago(7))
    if stdout is not None:
        stdout.write("    referral to the police: 1 case")
    return {"referred_cases": 1}
