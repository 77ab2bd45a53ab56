"""The demo holds a case referred to the police, flagged on its page, with the receipt and the 立案."""

from django.urls import reverse

from cases.models import CaseEvent, EventKind, ViolationCase
from cases.referral_demo import REFERRED, load_referrals
from cases.referrals import referral_required
from territory.demo import load_territory


def test_demo_holds_a_case_referred_to_the_police(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    load_territory()
    assert load_referrals() == {"referred_cases": 1}
    assert load_referrals() == {"referred_cases": 0}  # idempotent
    case = ViolationCase.objects.get(title=REFERRED)
    assert referral_required(case) and case.other_land_area_m2 == 600
    referral = case.criminal_referrals.get()
    assert referral.received_on == referral.sent_on and referral.outcome == "filed"
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REFERRED_TO_POLICE).count() == 1
    client.force_login(case.created_by)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # The 涉嫌犯罪案件移送书 drafted and numbered by the referral (part g3), linked from the case page.
    letter = referral.letter
    assert letter.kind == "police_referral" and referral.document_number == letter.reference
    assert "data-referral-flag" in page and "data-referral-letter" in page and letter.reference in page
    assert "公安机关已立案" in page
