"""The office corrects a case's facts from its page; the "facts corrected" event keeps old and new values."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import services
from cases.models import CaseEvent, CaseStatus, EventKind
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def form_data(case, **changes):
    data = {
        "version": case.version, "title": case.title, "party": case.party_id, "location_text": case.location_text,
        "latitude": "", "longitude": "", "land_type": case.land_type, "area_m2": str(case.area_m2),
        "farmland_area_m2": str(case.farmland_area_m2), "basic_farmland_area_m2": str(case.basic_farmland_area_m2),
        "category": case.category, "plough_layer_damaged": "",
        "source": case.source, "discovered_on": case.discovered_on.isoformat(), "campaign": "", "description": "",
    }
    data.update(changes)
    return data


def test_office_corrects_facts_and_the_event_keeps_old_and_new(client, case, office):
    client.force_login(office)
    url = reverse("cases:edit-facts", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and case.title in page.content.decode()
    old_title, old_area = case.title, case.area_m2
    response = client.post(url, form_data(case, title="更正后的标题", area_m2="150.50", latitude="30.1",
                                          longitude="120.2", causes=["housing_freeze"]))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.title == "更正后的标题" and case.area_m2 == Decimal("150.50")
    assert case.latitude == Decimal("30.1") and case.version == 2
    event = CaseEvent.objects.get(case=case, kind=EventKind.EDITED)
    assert event.actor == office
    assert event.data["changed"]["title"] == {"from": old_title, "to": "更正后的标题"}
    assert event.data["changed"]["area_m2"] == {"from": str(old_area), "to": "150.50"}
    assert event.data["causes"] == {"from": [], "to": ["housing_freeze"]}
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "data-detail" in detail and old_title in detail and "更正后的标题" in detail


def test_changing_the_party_records_both_names(client, case, office, territory):
    other = PartyFactory(township=territory.township, name="李四")
    client.force_login(office)
    old_name = case.party.name
    client.post(reverse("cases:edit-facts", args=[case.pk]), form_data(case, party=other.pk))
    case.refresh_from_db()
    assert case.party == other
    change = CaseEvent.objects.get(case=case, kind=EventKind.EDITED).data["changed"]["party"]
    assert change["from_text"] == old_name and change["to_text"] == "李四"


def test_nothing_changed_writes_nothing(client, case, office):
    client.force_login(office)
    response = client.post(reverse("cases:edit-facts", args=[case.pk]), form_data(case), follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.INFO]
    case.refresh_from_db()
    assert case.version == 1 and not CaseEvent.objects.filter(case=case).exists()


def test_form_refuses_farmland_larger_than_area_and_half_coordinates(client, case, office):
    client.force_login(office)
    response = client.post(reverse("cases:edit-facts", args=[case.pk]),
                           form_data(case, farmland_area_m2="999", latitude="30.1"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "farmland_area_m2" in form.errors and "longitude" in form.errors
    case.refresh_from_db()
    assert case.version == 1


def test_a_stale_form_is_refused_with_who_changed_it(client, case, office):
    client.force_login(office)
    url = reverse("cases:edit-facts", args=[case.pk])
    stale = form_data(case, title="第一次更正")
    services.update_case_facts(case, by=office, title="别人先改了")
    response = client.post(url, stale, follow=True)
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    case.refresh_from_db()
    assert case.title == "别人先改了"


def test_triad(client, case, officer, county_user, other_office, coordinator_a):
    url = reverse("cases:edit-facts", args=[case.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_office)
    assert client.get(url).status_code == 404
    # The assigned officer acts on the case, but its facts are the office's to correct.
    for user in (officer, county_user, coordinator_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(case, title="x")).status_code == 403
    case.refresh_from_db()
    assert case.version == 1
    client.force_login(other_office)
    assert client.put(url).status_code == 405


def test_button_only_for_the_office_and_not_on_withdrawn_cases(client, case_in, office, officer):
    case = case_in()
    client.force_login(office)
    assert 'data-action="edit-facts"' in client.get(case.get_absolute_url()).content.decode()
    client.force_login(officer)
    assert 'data-action="edit-facts"' not in client.get(case.get_absolute_url()).content.decode()
    withdrawn = case_in(CaseStatus.WITHDRAWN)
    client.force_login(office)
    assert 'data-action="edit-facts"' not in client.get(withdrawn.get_absolute_url()).content.decode()


def test_service_refuses_withdrawn_cases_other_township_parties_and_non_facts(case_in, office, officer,
                                                                              territory):
    withdrawn = case_in(CaseStatus.WITHDRAWN)
    with pytest.raises(services.IllegalTransitionError):
        services.update_case_facts(withdrawn, by=office, title="x")
    case = case_in()
    with pytest.raises(PermissionDenied):
        services.update_case_facts(case, by=officer, title="x")
    with pytest.raises(services.CaseError):
        services.update_case_facts(case, by=office, party=PartyFactory(township=territory.other_township))
    with pytest.raises(TypeError):
        services.update_case_facts(case, by=office, status=CaseStatus.CLOSED)
    with pytest.raises(services.CaseError):
        services.update_case_facts(case, by=office, latitude=Decimal("30.1"))
    case.refresh_from_db()
    assert case.version == 1 and case.status == CaseStatus.REGISTERED
    assert not CaseEvent.objects.exists()


def test_future_discovery_date_is_refused(client, case, office):
    client.force_login(office)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("cases:edit-facts", args=[case.pk]), form_data(case, discovered_on=future))
    assert "discovered_on" in response.context["form"].errors
