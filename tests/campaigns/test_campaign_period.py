"""A campaign is a period (issue #27): a case counts in the campaign whose period (its start to the
end of its correction phase) holds the day it was registered, or when the office attaches it on
purpose, with a reason on its timeline. Every figure of the campaign reads that one definition."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from campaigns import selectors
from campaigns.models import PhaseKind
from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase
from tests.factories import CampaignFactory, PhaseFactory, ViolationCaseFactory
from tests.factories.campaigns import campaign_with_phases

D = datetime.date


def _register(client, territory, title="张三违法占地建房", **extra):
    """The office registers a case through the page, today (as a clerk does)."""
    data = {
        "party_kind": "person", "party_name": title[:2], "title": title, "village": str(territory.village_a.pk),
        "location_text": f"{title}所在地", "latitude": "", "longitude": "", "land_type": "farmland",
        "area_m2": "120", "farmland_area_m2": "0", "category": "extra_homestead", "plough_layer_damaged": "",
        "source": "dynamic_patrol", "discovered_on": timezone.localdate().isoformat(), "description": "",
        **extra,
    }
    response = client.post(reverse("cases:register"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.get(response.url)  # the "registered" message is shown there, not on the next page read
    return ViolationCase.objects.get(title=title)


def campaign_around(township, today, **fields):
    """A campaign running today: mobilisation ended yesterday, the correction phase runs a month on."""
    campaign = CampaignFactory(township=township, start_date=today - datetime.timedelta(days=10),
                               end_date=today + datetime.timedelta(days=40), **fields)
    for kind, start, end in [
        (PhaseKind.MOBILISATION, -10, -1), (PhaseKind.CORRECTION, 0, 30), (PhaseKind.IMPROVEMENT, 31, 40),
    ]:
        PhaseFactory(campaign=campaign, kind=kind, start_date=today + datetime.timedelta(days=start),
                     end_date=today + datetime.timedelta(days=end))
    return campaign


# --- the period rule ------------------------------------------------------------------------


def test_a_case_registered_after_the_correction_phase_is_not_counted(client, office, leader, territory, campaign):
    """The finished 2022 campaign: a case registered today stays out of its overview, report and
    at-risk list, even when the form is sent the campaign as the old one took it."""
    client.force_login(office)
    case = _register(client, territory, campaign=str(campaign.pk))

    client.force_login(leader)
    overview = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-figure="cases-total">0<' in overview
    assert case.number not in overview
    report = client.get(reverse("campaigns:report", args=[campaign.pk])).content.decode()
    assert 'data-figure="found">0<' in report
    assert "共排摸违法违规用地0起" in report
    assert case.pk not in [c.pk for c in selectors.cases_at_risk(campaign, timezone.localdate())["cases"]]
    assert selectors.campaign_figures(campaign)["cases"]["found"] == 0
    assert case.campaign_id is None


def test_a_case_registered_during_the_period_counts_by_itself(client, office, leader, territory):
    today = timezone.localdate()
    running = campaign_around(territory.township, today, name=f"{today.year}年土地监察专项整治行动")
    campaign_around(territory.other_township, today, name="乙镇整治行动")  # not the case's township
    client.force_login(office)
    case = _register(client, territory)
    assert case.campaign == running
    registered = case.events.get(kind=EventKind.REGISTERED)
    assert registered.data["campaign"] == running.pk

    client.force_login(leader)
    overview = client.get(reverse("campaigns:detail", args=[running.pk])).content.decode()
    assert 'data-figure="cases-total">1<' in overview
    assert 'data-risk="no_notice"' in overview  # the at-risk list while the phase runs
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"计入{running.name}" in page or running.name in page


def test_the_period_ends_with_the_correction_phase_and_starts_with_the_campaign(territory):
    from campaigns.models import Campaign

    campaign = campaign_with_phases(territory.township, name="2022年土地监察专项整治行动")
    counted = Campaign.objects.counting_cases_registered_on
    assert campaign in counted(D(2022, 3, 15)) and campaign in counted(D(2022, 5, 20))
    assert campaign not in counted(D(2022, 3, 14)) and campaign not in counted(D(2022, 5, 21))


# --- attaching and detaching on purpose -----------------------------------------------------


@pytest.fixture
def late_case(territory, office):
    """A case registered today, after the 2022 campaign's correction phase: counted in none."""
    return ViolationCaseFactory(village=territory.village_a, created_by=office, status=CaseStatus.NOTIFIED,
                                deadline=D(2026, 12, 31))


def test_the_office_attaches_a_case_on_purpose_with_a_reason(client, office, leader, campaign, late_case):
    client.force_login(office)
    url = reverse("cases:campaign-attach", args=[late_case.pk])
    page = client.get(url).content.decode()
    assert campaign.name in page
    response = client.post(url, {"version": late_case.version, "campaign": campaign.pk,
                                 "reason": "市局交办，列入本次专项整治"})
    assert response.status_code == 302
    late_case.refresh_from_db()
    assert late_case.campaign == campaign and late_case.version == 2
    event = late_case.events.get(kind=EventKind.CAMPAIGN_ATTACHED)
    assert event.actor == office and event.note == "市局交办，列入本次专项整治"
    assert event.data == {"campaign": campaign.pk, "campaign_name": campaign.name, "from": None, "from_name": ""}

    client.force_login(leader)
    overview = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-figure="cases-total">1<' in overview
    assert selectors.campaign_figures(campaign)["cases"]["found"] == 1
    timeline = client.get(late_case.get_absolute_url()).content.decode()
    assert "市局交办，列入本次专项整治" in timeline and campaign.name in timeline


def test_attaching_needs_a_reason_and_a_campaign_of_the_township(client, office, campaign, other_campaign,
                                                                  late_case):
    client.force_login(office)
    url = reverse("cases:campaign-attach", args=[late_case.pk])
    for data in ({"campaign": campaign.pk, "reason": "  "}, {"campaign": other_campaign.pk, "reason": "误选"}):
        response = client.post(url, {"version": late_case.version, **data})
        assert response.status_code == 200
        assert response.context["form"].errors
    late_case.refresh_from_db()
    assert late_case.campaign_id is None and late_case.version == 1
    assert not late_case.events.exists()


def test_the_office_detaches_a_case_with_a_reason(client, office, campaign, territory):
    case = ViolationCaseFactory(village=territory.village_a, campaign=campaign, created_by=office)
    client.force_login(office)
    response = client.post(reverse("cases:campaign-detach", args=[case.pk]),
                           {"version": case.version, "reason": "误计入，属日常巡查案件"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.campaign_id is None
    event = case.events.get(kind=EventKind.CAMPAIGN_DETACHED)
    assert event.note == "误计入，属日常巡查案件" and event.data["from"] == campaign.pk
    assert ViolationCase.objects.filter(pk=case.pk).exists()  # the case itself stays
    response = client.post(reverse("cases:campaign-detach", args=[case.pk]),
                           {"version": case.version, "reason": "再来一次"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["本案未计入任何专项整治行动。"]


def test_only_the_office_changes_the_campaign_and_a_withdrawn_case_is_frozen(
        client, leader, officer, office, campaign, late_case):
    for user in (leader, officer):
        client.force_login(user)
        assert client.post(reverse("cases:campaign-attach", args=[late_case.pk]),
                           {"version": 1, "campaign": campaign.pk, "reason": "越权"}).status_code == 403
    late_case.status = CaseStatus.WITHDRAWN
    late_case.save()
    client.force_login(office)
    response = client.post(reverse("cases:campaign-attach", args=[late_case.pk]),
                           {"version": 1, "campaign": campaign.pk, "reason": "已撤销"})
    assert response.status_code == 200
    late_case.refresh_from_db()
    assert late_case.campaign_id is None


def test_the_facts_form_no_longer_moves_a_case_between_campaigns(client, office, campaign, territory):
    case = ViolationCaseFactory(village=territory.village_a, campaign=campaign, created_by=office)
    client.force_login(office)
    data = {"version": case.version, "title": case.title, "party": case.party_id, "location_text": "新址",
            "land_type": "farmland", "area_m2": "120", "farmland_area_m2": "0", "basic_farmland_area_m2": "0",
            "category": case.category,
            "source": case.source, "discovered_on": case.discovered_on.isoformat(), "campaign": "",
            "description": ""}
    assert client.post(reverse("cases:edit-facts", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.location_text == "新址" and case.campaign == campaign


# --- a finished campaign: a closing summary, not a growing lateness -------------------------


def test_after_the_correction_phase_the_overview_shows_a_closing_summary(client, leader, campaign, territory):
    def case(status, closed_on=None, deadline=None):
        return ViolationCaseFactory(village=territory.village_a, campaign=campaign, status=status,
                                    closed_on=closed_on, deadline=deadline)

    case(CaseStatus.CLOSED, D(2022, 5, 1))
    case(CaseStatus.CLOSED, D(2022, 9, 1))
    late = case(CaseStatus.NOTIFIED, deadline=D(2026, 12, 31))
    case(CaseStatus.WITHDRAWN)
    client.force_login(leader)
    html = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-section="closing"' in html and 'data-section="at-risk"' not in html
    assert 'data-figure="closing-total">3<' in html
    assert 'data-figure="closing-in-phase">1<' in html
    assert 'data-figure="closing-later">1<' in html
    assert 'data-figure="closing-open">1<' in html
    assert "天后" not in html and "days after" not in html  # no lateness counted from 2022
    assert late.number not in html.split('data-section="closing"')[1].split("</section>")[0]


# --- existing data --------------------------------------------------------------------------


def _migration():
    return importlib.import_module("cases.migrations.0010_campaign_is_a_period")


def test_the_migration_detaches_only_cases_registered_after_the_period(campaign, territory, office):
    at = timezone.make_aware
    def registered(day: datetime.date, entered: datetime.datetime):
        """Registered on ``day`` (the act), entered at ``entered``: the day decides, not the entry."""
        return ViolationCaseFactory(village=territory.village_a, campaign=campaign, discovered_on=day,
                                    registered_on=day, created_at=at(entered))

    before_start = registered(D(2022, 3, 4), datetime.datetime(2022, 3, 4, 9))
    last_day = registered(D(2022, 5, 20), datetime.datetime(2022, 6, 2, 9))  # entered after the period
    after = registered(D(2022, 5, 21), datetime.datetime(2022, 5, 21, 0, 10))
    withdrawn = ViolationCaseFactory(village=territory.village_a, campaign=campaign, status=CaseStatus.WITHDRAWN)
    assert _migration().detach_cases_registered_after_the_period(apps, None) == 1
    for case in (before_start, last_day, after, withdrawn):
        case.refresh_from_db()
    assert before_start.campaign == campaign and last_day.campaign == campaign
    assert withdrawn.campaign == campaign
    assert after.campaign_id is None and after.version == 2
    event = CaseEvent.objects.get(case=after)
    assert event.kind == EventKind.CAMPAIGN_DETACHED and event.actor is None
    assert event.data["from"] == campaign.pk and event.data["registered_after"] == "2022-05-20"
    assert _migration().detach_cases_registered_after_the_period(apps, None) == 0  # once


def test_the_migration_keeps_the_plans_42_cases_of_the_demo(db, settings, tmp_path):
    """The demo's 42 cases were registered in the campaign's mobilisation phase: none is dropped."""
    from campaigns.demo import demo_campaign, load_campaign
    from cases.demo import load_cases
    from territory.demo import load_territory

    settings.MEDIA_ROOT = tmp_path
    load_territory()
    load_campaign()
    load_cases()
    campaign = demo_campaign()
    before = ViolationCase.objects.filter(campaign=campaign).count()
    assert before == 42
    assert _migration().detach_cases_registered_after_the_period(apps, None) == 0
    assert ViolationCase.objects.filter(campaign=campaign).count() == before


# --- query counts -----------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2022, 5, 10), D(2022, 6, 10)], ids=["at-risk", "closing"])
def test_the_overview_costs_the_same_for_10_and_1000_cases(client, office, campaign, territory, day, monkeypatch):
    """The office's overview (with the next-year button) during the phase and after it."""
    from tests.campaigns.test_query_counts import add_cases, count_queries

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    client.force_login(office)
    url = reverse("campaigns:detail", args=[campaign.pk])
    add_cases(campaign, territory, 0, 10)
    client.get(url)
    small = count_queries(client, url)
    add_cases(campaign, territory, 10, 990)
    assert count_queries(client, url) == small
    assert 'data-action="next-year"' in client.get(url).content.decode()


def test_the_registration_page_says_which_campaign_a_case_will_count_in(client, office, territory, campaign):
    client.force_login(office)
    page = client.get(reverse("cases:register")).content.decode()
    assert "不计入任何专项整治行动" in page and campaign.name not in page
    running = campaign_around(territory.township, timezone.localdate(), name="本年度土地监察专项整治行动")
    page = client.get(reverse("cases:register")).content.decode()
    assert running.name in page and "不计入任何专项整治行动" not in page


def test_the_case_page_offers_the_office_one_way_or_the_other(client, office, leader, campaign, late_case):
    client.force_login(leader)
    page = client.get(late_case.get_absolute_url()).content.decode()
    assert 'data-action="campaign-attach"' not in page and 'data-action="campaign-detach"' not in page
    client.force_login(office)
    page = client.get(late_case.get_absolute_url()).content.decode()
    assert 'data-action="campaign-attach"' in page and 'data-action="campaign-detach"' not in page
    late_case.campaign = campaign
    late_case.save()
    page = client.get(late_case.get_absolute_url()).content.decode()
    assert 'data-action="campaign-detach"' in page and 'data-action="campaign-attach"' not in page
