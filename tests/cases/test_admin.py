"""Admin: full data entry, but the timeline is read-only and status is not editable."""

from django.urls import reverse

from cases import services
from cases.models import CaseEvent, CaseStatus


def test_events_are_read_only_even_for_a_superuser(client, superuser, case_in, office):
    case = case_in()
    services.add_note(case, by=office, note="电话联系")
    event = CaseEvent.objects.get()
    client.force_login(superuser)
    assert client.get(reverse("admin:cases_caseevent_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_caseevent_add")).status_code == 403
    assert client.post(reverse("admin:cases_caseevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:cases_caseevent_change", args=[event.pk]), {"note": "改"})
    event.refresh_from_db()
    assert event.note == "电话联系"


def test_case_admin_pages_render_and_status_is_not_a_field(client, superuser, case_in):
    case = case_in(CaseStatus.NOTIFIED)
    client.force_login(superuser)
    for name in ("party", "violationcase", "enforcementaction", "disciplinaryaction", "caseattachment"):
        assert client.get(reverse(f"admin:cases_{name}_changelist")).status_code == 200
    response = client.get(reverse("admin:cases_violationcase_change", args=[case.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.get(reverse("admin:cases_violationcase_add")).status_code == 200
