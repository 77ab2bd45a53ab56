"""The document admin writes through ``documents.services`` and follows the cases' one guard (issue #26)."""

import re

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseEvent
from documents.models import CaseDocument

pytestmark = pytest.mark.django_db


def _post_data(client, url: str, document: CaseDocument, **text) -> dict:
    html = client.get(url).content.decode()
    data = dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', html))
    for name in ("party_name", "party_address", "location_text", "facts", "legal_basis", "requirements",
                 "deadline_days"):
        data[name] = getattr(document, name) if getattr(document, name) is not None else ""
    return {**data, **text}


def test_an_admin_edit_of_a_draft_goes_through_the_service(client, superuser, draft):
    client.force_login(superuser)
    url = reverse("admin:documents_casedocument_change", args=[draft.pk])
    response = client.post(url, _post_data(client, url, draft, requirements="限期十五日内拆除。"))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.requirements == "限期十五日内拆除。" and draft.status == "draft"


def test_the_documents_of_a_withdrawn_case_cannot_be_changed_in_the_admin(client, superuser, draft, office):
    case_services.withdraw_case(draft.case, by=office, reason="重复登记")
    client.force_login(superuser)
    url = reverse("admin:documents_casedocument_change", args=[draft.pk])
    data = _post_data(client, url, draft, requirements="撤回后改写")
    assert client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.requirements != "撤回后改写"
    assert CaseEvent.objects.filter(case=draft.case).count() == 1  # the withdrawal only
