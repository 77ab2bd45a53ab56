"""移送公安: the threshold of 法释〔2000〕14号 第三条, the referral record and the closing it guards."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, CaseStatus, CriminalReferral, EventKind

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _areas(area, farmland, basic):
    return {"area_m2": Decimal(area), "farmland_area_m2": Decimal(farmland), "basic_farmland_area_m2": Decimal(basic)}


@pytest.mark.parametrize("areas,flagged", [
    # 5 亩 of 永久基本农田 = 3333.33 m² (to the cent): "五亩以上" includes five.
    (_areas("4000", "3333.33", "3333.33"), True),
    (_areas("4000", "3333.32", "3333.32"), False),
    # 10 亩 of other 耕地 = 6666.67 m².
    (_areas("8000", "6666.67", "0"), True),
    (_areas("8000", "6666.66", "0"), False),
    # Basic farmland does not count towards the other farmland's ten: 3000 + 5000 is neither.
    (_areas("9000", "8000", "3000"), False),
    # Other land, however large, is no farmland.
    (_areas("90000", "0", "0"), False),
])
def test_detail_flags_a_case_at_the_threshold_of_a_criminal_referral(client, case_in, office, areas, flagged):
    case = case_in(CaseStatus.REGISTERED, **areas)
    page = login(client, office).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ("data-referral-flag" in page) is flagged
    assert ('data-action="referral-add"' in page) is flagged


def test_detail_shows_the_three_areas(client, case_in, office):
    case = case_in(CaseStatus.REGISTERED, **_areas("1000", "600", "250"))
    page = login(client, office).get(reverse("cases:detail", args=[case.pk])).content.decode()
    areas = page.split("data-areas>", 1)[1].split("</dd>", 1)[0]
    assert "250" in areas and "350" in areas and "400" in areas


def _close(client, user, case):
    return login(client, user).post(reverse("cases:reinspection-passed", args=[case.pk]), {
        "version": case.version, "inspected_on": timezone.localdate().isoformat()})


def _refer(client, user, case, **overrides):
    data = {"version": case.version, "police_organ": "某县公安局",
            "approved_on": ago(2).isoformat(), "sent_on": ago(1).isoformat(), "received_on": ago(1).isoformat(),
            "note": ""}
    return login(client, user).post(reverse("cases:referral-add", args=[case.pk]), {**data, **overrides})


def test_a_flagged_case_is_not_closed_without_a_referral_and_closes_after_it(client, case_in, office):
    case = case_in(CaseStatus.CORRECTED, discovered_on=ago(30), **_areas("4000", "4000", "3500"))
    response = _close(client, office, case)
    assert response.status_code == 200
    assert "threshold of a criminal referral" in response.content.decode() or "移送" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED and case.closed_on is None

    assert _refer(client, office, case).status_code == 302
    referral = CriminalReferral.objects.get(case=case)
    assert referral.police_organ == "某县公安局" and referral.received_on == ago(1)
    event = CaseEvent.objects.get(case=case, kind=EventKind.REFERRED_TO_POLICE)
    assert event.data["document_number"] == referral.letter.reference and event.occurred_on == ago(1)

    case.refresh_from_db()
    assert _close(client, office, case).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_referral_without_the_receipt_does_not_yet_let_the_case_close(client, case_in, office):
    case = case_in(CaseStatus.CORRECTED, discovered_on=ago(30), **_areas("8000", "7000", "0"))
    assert _refer(client, office, case, received_on="").status_code == 302
    case.refresh_from_db()
    assert _close(client, office, case).status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTED


def test_an_unflagged_case_closes_as_before(client, case_in, office):
    case = case_in(CaseStatus.CORRECTED, **_areas("8000", "6000", "3000"))
    assert _close(client, office, case).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


# The dates are taken when the test runs (lambdas), not when it is collected: a run across
# midnight would otherwise send "tomorrow" as today.
@pytest.mark.parametrize("overrides,field_text", [
    # 国务院令第310号 第五条: referred within 24 hours of the approval.
    (lambda: {"approved_on": ago(5), "sent_on": ago(3)}, "24"),
    (lambda: {"approved_on": ago(2), "sent_on": ago(3)}, "24"),
    (lambda: {"sent_on": ago(1), "received_on": ago(2)}, "receipt"),
    (lambda: {"police_organ": ""}, "required"),
    (lambda: {"sent_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, ""),
])
def test_referral_refusals_land_in_the_form_and_write_nothing(client, case_in, office, overrides, field_text):
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), **_areas("4000", "4000", "3500"))
    overrides = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in overrides().items()}
    with_lang = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.force_login(office)
    data = {"version": case.version, "police_organ": "某县公安局",
            "approved_on": ago(2).isoformat(), "sent_on": ago(1).isoformat(), "received_on": "", **overrides}
    response = client.post(reverse("cases:referral-add", args=[case.pk]), data, **with_lang)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CriminalReferral.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.REFERRED_TO_POLICE).exists()


def test_the_police_answer_is_recorded_once(client, case_in, office):
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), **_areas("4000", "4000", "3500"))
    assert _refer(client, office, case, received_on="").status_code == 302
    referral = CriminalReferral.objects.get(case=case)
    page = login(client, office).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-action="referral-answer"' in page
    url = reverse("cases:referral-answer", args=[case.pk, referral.pk])
    case.refresh_from_db()
    response = client.post(url, {"version": case.version, "received_on": ago(1).isoformat(), "outcome": "filed",
                                 "outcome_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.received_on, referral.outcome, referral.outcome_on) == (ago(1), "filed", timezone.localdate())
    assert CaseEvent.objects.get(case=case, kind=EventKind.REFERRAL_ANSWERED).data["outcome"] == "filed"
    case.refresh_from_db()
    response = client.post(url, {"version": case.version, "outcome": "not_filed",
                                 "outcome_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and response.context["form"].errors
    referral.refresh_from_db()
    assert referral.outcome == "filed"


def test_an_outcome_needs_its_date(client, case_in, office):
    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), **_areas("4000", "4000", "3500"))
    _refer(client, office, case, received_on="")
    referral = CriminalReferral.objects.get(case=case)
    case.refresh_from_db()
    response = login(client, office).post(reverse("cases:referral-answer", args=[case.pk, referral.pk]),
                                          {"version": case.version, "outcome": "filed", "outcome_on": ""})
    assert response.status_code == 200 and "outcome_on" in response.context["form"].errors


def test_who_may_refer(client, case_in, office, leader, officer, county_user, other_office):
    case = case_in(CaseStatus.REGISTERED, **_areas("4000", "4000", "3500"))
    url = reverse("cases:referral-add", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(client, other_office).get(url).status_code == 404
    assert login(client, officer).get(url).status_code == 403
    assert login(client, county_user).get(url).status_code == 403
    assert login(client, office).get(url).status_code == 200
    assert login(client, leader).get(url).status_code == 200
    assert login(client, office).put(url).status_code == 405


def test_the_facts_form_refuses_more_basic_farmland_than_farmland(client, case_in, office):
    case = case_in(CaseStatus.REGISTERED, **_areas("1000", "500", "0"))
    url = reverse("cases:edit-facts", args=[case.pk])
    response = login(client, office).get(url)
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update(party=case.party_id, basic_farmland_area_m2="600", causes=[])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "basic_farmland_area_m2" in response.context["form"].errors
    case.refresh_from_db()
    assert case.basic_farmland_area_m2 == 0
    data.update(basic_farmland_area_m2="400")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.basic_farmland_area_m2 == Decimal("400")


def test_no_action_is_refused_on_a_case_with_any_permanent_basic_farmland(client, case_in, office):
    """The case's main land type is farmland, but part of it is 永久基本农田: the decide form
    refuses "no action" there too and proposes restoring the farmland."""
    case = case_in(category="farmland_breeding", land_type="farmland", plough_layer_damaged=False,
                   **_areas("1000", "1000", "200"))
    client.force_login(office)
    url = reverse("cases:decide", args=[case.pk])
    assert client.get(url).context["form"].initial["disposition"] == "restore_farmland"
    response = client.post(url, {"version": case.version, "category": "farmland_breeding",
                                 "plough_layer_damaged": "false", "disposition": "no_action",
                                 "reason": "耕作层完好", "occurred_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and "disposition" in response.context["form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.disposition == ""


def test_the_referral_and_the_answer_show_rows_with_content(client, case_in, office):
    from tests.cases.test_timeline_rows import _rows

    case = case_in(CaseStatus.REGISTERED, discovered_on=ago(30), **_areas("4000", "4000", "3500"))
    assert _refer(client, office, case, received_on="").status_code == 302
    referral = CriminalReferral.objects.get(case=case)
    case.refresh_from_db()
    client.post(reverse("cases:referral-answer", args=[case.pk, referral.pk]),
                {"version": case.version, "received_on": ago(1).isoformat(), "outcome": "filed",
                 "outcome_on": timezone.localdate().isoformat()})
    rows = dict(_rows(client, case))
    for kind, text in (("referred_to_police", referral.police_organ), ("referral_answered", "立案")):
        assert kind in rows and "data-detail" in rows[kind] and text in rows[kind], (kind, rows.get(kind))
