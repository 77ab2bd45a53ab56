"""The three phases follow each other: right order, no overlap, no gap."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.forms import PhasesForm
from campaigns.models import Phase, PhaseKind
from campaigns.services import PhaseDates

D = datetime.date
M, C, IMP = PhaseKind.MOBILISATION, PhaseKind.CORRECTION, PhaseKind.IMPROVEMENT


def seed(**changes):
    dates = {
        M: (D(2022, 3, 15), D(2022, 3, 25)),
        C: (D(2022, 3, 26), D(2022, 5, 20)),
        IMP: (D(2022, 5, 21), D(2022, 5, 31)),
    }
    dates.update(changes)
    return [PhaseDates(kind=k, start_date=s, end_date=e) for k, (s, e) in dates.items()]


def test_the_seeds_phases_are_valid():
    assert services.validate_phases(seed()) == []


def test_overlap_is_refused_with_both_phases_named(settings):
    settings.LANGUAGE_CODE = "en"
    errors = services.validate_phases(seed(**{C: (D(2022, 3, 25), D(2022, 5, 20))}))
    assert len(errors) == 1
    assert "overlap" in errors[0] and "Correction" in errors[0] and "Mobilisation" in errors[0]


def test_gap_is_refused():
    errors = services.validate_phases(seed(**{IMP: (D(2022, 5, 23), D(2022, 5, 31))}))
    assert len(errors) == 1
    assert "间隔" in errors[0] or "gap" in errors[0]


def test_wrong_order_is_refused():
    errors = services.validate_phases(
        seed(**{M: (D(2022, 5, 21), D(2022, 5, 31)), IMP: (D(2022, 3, 15), D(2022, 3, 25))})
    )
    assert len(errors) == 1
    assert "顺序" in errors[0] or "order" in errors[0]


def test_phase_ending_before_it_starts_is_refused():
    errors = services.validate_phases(seed(**{C: (D(2022, 5, 20), D(2022, 3, 26))}))
    assert len(errors) == 1


def test_missing_phase_is_refused():
    assert services.validate_phases(seed()[:2])


def test_form_shows_the_chinese_message_for_an_overlap():
    data = {
        "mobilisation_start": "2022-03-15",
        "mobilisation_end": "2022-03-30",
        "correction_start": "2022-03-26",
        "correction_end": "2022-05-20",
        "improvement_start": "2022-05-21",
        "improvement_end": "2022-05-31",
    }
    form = PhasesForm(data)
    assert not form.is_valid()
    assert "重叠" in " ".join(form.non_field_errors())


def test_set_phases_moves_the_campaign_dates(campaign, office):
    services.set_phases(campaign, by=office, phases=seed(**{IMP: (D(2022, 5, 21), D(2022, 6, 10))}))
    campaign.refresh_from_db()
    assert campaign.end_date == D(2022, 6, 10)
    assert Phase.objects.get(campaign=campaign, kind=IMP).end_date == D(2022, 6, 10)


def test_set_phases_refuses_a_gap_and_changes_nothing(campaign, office):
    with pytest.raises(ValidationError):
        services.set_phases(campaign, by=office, phases=seed(**{IMP: (D(2022, 5, 25), D(2022, 5, 31))}))
    assert Phase.objects.get(campaign=campaign, kind=IMP).start_date == D(2022, 5, 21)


def test_only_the_office_sets_phases(campaign, leader, other_office):
    for user in (leader, other_office):
        with pytest.raises(PermissionDenied):
            services.set_phases(campaign, by=user, phases=seed())


def test_office_creates_a_campaign_through_the_page(client, office, territory):
    client.force_login(office)
    response = client.post(
        "/campaigns/new/",
        {
            "township": territory.township.pk,
            "name": "新整治行动",
            "basis": "通知",
            "goals": "目标",
            "mobilisation_start": "2023-03-01",
            "mobilisation_end": "2023-03-10",
            "correction_start": "2023-03-11",
            "correction_end": "2023-04-30",
            "improvement_start": "2023-05-01",
            "improvement_end": "2023-05-10",
        },
    )
    assert response.status_code == 302
    campaign = territory.township.campaigns.get(name="新整治行动")
    assert (campaign.start_date, campaign.end_date) == (D(2023, 3, 1), D(2023, 5, 10))
    assert campaign.phases.count() == 3


def test_phase_page_shows_the_gap_message(client, office, campaign):
    client.force_login(office)
    data = {
        "mobilisation_start": "2022-03-15",
        "mobilisation_end": "2022-03-25",
        "correction_start": "2022-03-28",
        "correction_end": "2022-05-20",
        "improvement_start": "2022-05-21",
        "improvement_end": "2022-05-31",
    }
    response = client.post(f"/campaigns/{campaign.pk}/phases/", data)
    assert response.status_code == 200
    assert "data-form-errors" in response.content.decode()
    assert Phase.objects.get(campaign=campaign, kind=C).start_date == D(2022, 3, 26)


def test_the_current_campaign_comes_with_its_phases_in_one_query(
    campaign, other_campaign, office, django_assert_num_queries
):
    from campaigns.selectors import current_campaign, current_campaign_and_phases
    from territory.selectors import active_memberships

    active_memberships(office)  # the user's memberships are loaded once per request, before
    with django_assert_num_queries(1):
        found, phases = current_campaign_and_phases(office, D(2022, 4, 1))
    assert found == campaign == current_campaign(office, D(2022, 4, 1))  # township A's, not B's
    stored = list(campaign.phases.order_by("start_date"))
    assert [(p.pk, p.kind, p.start_date, p.end_date, p.campaign_id) for p in phases] == [
        (p.pk, p.kind, p.start_date, p.end_date, p.campaign_id) for p in stored
    ]
    assert [p.get_kind_display() for p in phases] == ["宣传发动", "查处纠正", "整改提高"]
    with django_assert_num_queries(1):
        assert current_campaign_and_phases(office, D(2021, 1, 1)) == (None, [])  # nothing started yet
