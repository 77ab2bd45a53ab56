"""Who drafts which document: the office every kind; the case's officer the re-inspection opinion (复查意见书),
since the officer records the re-inspection it goes with (``cases.act``)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from cases.services import pass_reinspection
from documents import services
from documents.models import CaseDocument, DocumentKind, DocumentStatus

pytestmark = pytest.mark.django_db

REINSPECTION = DocumentKind.REINSPECTION
OTHERS = [k for k in DocumentKind.values if k != REINSPECTION]

# actor fixture -> (status for the re-inspection opinion, status for every other kind)
MATRIX = {
    "office": (200, 200),
    "officer": (200, 403),  # assigned to the case
    "other_officer": (403, 403),  # same department, not assigned
    "leader": (403, 403),
    "coordinator_a": (403, 403),  # reads the case of its village
    "other_office": (404, 404),  # another township: the case does not exist for it
}


@pytest.fixture
def corrected_case(make_case):
    return make_case(CaseStatus.CORRECTED, deadline=timezone.localdate())


@pytest.mark.parametrize("actor", MATRIX)
@pytest.mark.parametrize("kind", DocumentKind.values)
def test_draft_page_matrix(client, request, corrected_case, actor, kind):
    client.force_login(request.getfixturevalue(actor))
    url = reverse("documents:create", args=[corrected_case.pk]) + f"?kind={kind}"
    opinion, other = MATRIX[actor]
    assert client.get(url).status_code == (opinion if kind == REINSPECTION else other)


def test_the_officer_who_passed_the_reinspection_drafts_its_opinion(client, officer, office, corrected_case):
    case = pass_reinspection(corrected_case, by=officer, inspected_on=timezone.localdate())
    assert case.status == CaseStatus.CLOSED
    client.force_login(officer)
    panel = client.get(reverse("documents:case-documents", args=[case.pk])).content.decode()
    assert f"?kind={REINSPECTION}" in panel
    assert all(f"?kind={kind}" not in panel for kind in OTHERS)

    url = reverse("documents:create", args=[case.pk]) + f"?kind={REINSPECTION}"
    form = client.get(url).context["form"]
    data = {name: (form.initial.get(name) or "") for name in form.fields}
    data.update(kind=REINSPECTION, requirements="经复查，违法建筑已全部拆除，土地已复耕。")
    response = client.post(url, data)
    document = CaseDocument.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.kind == REINSPECTION and document.status == DocumentStatus.DRAFT
    assert document.created_by == officer

    edit = reverse("documents:edit", args=[document.pk])
    assert client.get(edit).status_code == 200
    assert f'href="{edit}"' in client.get(document.get_absolute_url()).content.decode()
    # Numbering it under the township's seal stays the office's.
    assert client.post(reverse("documents:issue", args=[document.pk])).status_code == 403
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_the_officer_still_cannot_draft_or_edit_a_notice(officer, office, corrected_case):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_document(corrected_case, by=officer, kind=DocumentKind.RECTIFICATION)
    notice = services.create_document(corrected_case, by=office, kind=DocumentKind.STOP_WORK)
    with pytest.raises(PermissionDenied):
        services.update_document(notice, by=officer, facts="改")
    notice.refresh_from_db()
    assert notice.facts != "改"
