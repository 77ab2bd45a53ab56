"""Next year's campaign started from the campaign's page in one action (issue #27): phases copied,
dates a year on, the name with the new year; refused when it exists; the office's, in the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, PhaseKind
from landwatch.models import AuditEntry
from tests.factories import CampaignFactory, PhaseFactory

D = datetime.date


@pytest.fixture(autouse=True)
def june_2022(monkeypatch):
    """Just after the 2022 campaign: the next one is 2023's."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2022, 6, 10))


def _phases(campaign):
    return [(p.kind, p.start_date, p.end_date) for p in campaign.phases.order_by("start_date")]


def test_the_office_starts_next_years_campaign_in_one_action(client, office, campaign):
    campaign.goals = "拆除违法建筑，恢复耕地"
    campaign.save()
    client.force_login(office)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-action="next-year"' in page and "启动2023年专项整治行动" in page
    response = client.post(reverse("campaigns:next-year", args=[campaign.pk]))
    created = Campaign.objects.exclude(pk=campaign.pk).get()
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.name == "2023年土地监察专项整治行动"
    assert created.township == campaign.township and created.goals == campaign.goals
    assert created.basis == campaign.basis
    assert (created.start_date, created.end_date) == (D(2023, 3, 15), D(2023, 5, 31))
    assert _phases(created) == [
        (PhaseKind.MOBILISATION, D(2023, 3, 15), D(2023, 3, 25)),
        (PhaseKind.CORRECTION, D(2023, 3, 26), D(2023, 5, 20)),
        (PhaseKind.IMPROVEMENT, D(2023, 5, 21), D(2023, 5, 31)),
    ]
    audit = AuditEntry.objects.get(table_name="campaigns_campaign", row_id=str(created.pk), action="I")
    assert audit.actor_id == office.pk
    assert AuditEntry.objects.filter(table_name="campaigns_phase", action="I", actor_id=office.pk).count() == 3
    # The old campaign's page now links to it instead of offering the button again.
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-action="next-year"' not in page and created.get_absolute_url() in page


def test_a_second_start_is_refused_with_a_clear_message(client, office, campaign):
    client.force_login(office)
    url = reverse("campaigns:next-year", args=[campaign.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert Campaign.objects.count() == 2
    assert "2023年专项整治行动已经启动：2023年土地监察专项整治行动。" in response.content.decode()


@pytest.mark.parametrize("actor", ["coordinator_a", "leader", "officer", "county_user", "other_office"])
def test_only_the_office_may_start_it(client, campaign, actor, request):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse("campaigns:next-year", args=[campaign.pk]))
    assert response.status_code == (404 if actor == "other_office" else 403)
    assert Campaign.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.start_next_campaign(campaign, by=request.getfixturevalue(actor))


def test_get_is_not_allowed(client, office, campaign):
    client.force_login(office)
    assert client.get(reverse("campaigns:next-year", args=[campaign.pk])).status_code == 405
    assert Campaign.objects.count() == 1


def test_the_leader_sees_no_button(client, leader, campaign):
    client.force_login(leader)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert 'data-action="next-year"' not in page


def _campaign(township, name, phases):
    campaign = CampaignFactory(township=township, name=name, start_date=phases[0][1], end_date=phases[-1][2])
    for kind, start, end in phases:
        PhaseFactory(campaign=campaign, kind=kind, start_date=start, end_date=end)
    return campaign


def test_29_february_moves_without_a_gap_or_an_overlap(territory, office):
    """Into a leap year a phase ending 28 February ends on the 29th; out of it, one starting on the
    29th starts on 1 March."""
    into = _campaign(territory.township, "2023年冬春整治", [
        (PhaseKind.MOBILISATION, D(2023, 2, 1), D(2023, 2, 28)),
        (PhaseKind.CORRECTION, D(2023, 3, 1), D(2023, 4, 30)),
        (PhaseKind.IMPROVEMENT, D(2023, 5, 1), D(2023, 5, 10)),
    ])
    created = services.start_next_campaign(into, by=office)
    assert created.name == "2024年冬春整治"
    assert _phases(created)[0] == (PhaseKind.MOBILISATION, D(2024, 2, 1), D(2024, 2, 29))
    assert _phases(created)[1][1] == D(2024, 3, 1)
    out = services.start_next_campaign(created, by=office)
    assert _phases(out) == [
        (PhaseKind.MOBILISATION, D(2025, 2, 1), D(2025, 2, 28)),
        (PhaseKind.CORRECTION, D(2025, 3, 1), D(2025, 4, 30)),
        (PhaseKind.IMPROVEMENT, D(2025, 5, 1), D(2025, 5, 10)),
    ]
    leap_start = _campaign(territory.other_township, "闰日整治", [
        (PhaseKind.MOBILISATION, D(2024, 2, 20), D(2024, 2, 28)),
        (PhaseKind.CORRECTION, D(2024, 2, 29), D(2024, 4, 30)),
        (PhaseKind.IMPROVEMENT, D(2024, 5, 1), D(2024, 5, 10)),
    ])
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True)
    moved = services.start_next_campaign(leap_start, by=superuser)
    assert moved.name == "2025年闰日整治"
    assert _phases(moved)[:2] == [
        (PhaseKind.MOBILISATION, D(2025, 2, 20), D(2025, 2, 28)),
        (PhaseKind.CORRECTION, D(2025, 3, 1), D(2025, 4, 30)),
    ]


def test_refused_in_the_service_too_when_it_exists(office, campaign):
    services.start_next_campaign(campaign, by=office)
    with pytest.raises(ValidationError):
        services.start_next_campaign(campaign, by=office)
    assert Campaign.objects.count() == 2


def test_years_later_the_next_campaign_is_the_first_not_yet_over(office, campaign):
    """From the 2022 campaign in December 2026, the useful next campaign is 2027's, not 2023's."""
    assert services.next_campaign_year(campaign, D(2026, 12, 4)) == 2027
    assert services.next_campaign_year(campaign, D(2026, 5, 31)) == 2026
    created = services.start_next_campaign(campaign, by=office, today=D(2026, 12, 4))
    assert created.name == "2027年土地监察专项整治行动"
    assert _phases(created)[1] == (PhaseKind.CORRECTION, D(2027, 3, 26), D(2027, 5, 20))
