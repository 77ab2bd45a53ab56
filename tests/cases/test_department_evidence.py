"""The county department's people add evidence to the cases handed over to them (移送, 自然资源行政处罚办法
第十一条): they investigate them (行政处罚法 第五十四条; 办法 第十七条); the township keeps its own rights."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseAttachment, CaseStatus, EventKind
from documents.services import hand_over_case
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db


def _png(name="现场.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def handed_over(case_in, county_departments, office):
    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    hand_over_case(case, by=office)
    case.refresh_from_db()
    return case


def _post(client, user, case):
    client.force_login(user)
    return client.post(reverse("cases:attachment-add", args=[case.pk]),
                       {"file": _png(), "kind": "photo", "description": "补充现场照片"})


@pytest.mark.parametrize("actor", ["authority_staff", "authority_head"])
def test_the_departments_people_add_evidence_to_a_case_handed_over_to_them(client, handed_over, actor, request):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    url = reverse("cases:attachment-add", args=[handed_over.pk])
    assert client.get(url).status_code == 200
    assert url in client.get(handed_over.get_absolute_url()).content.decode()  # the case page's button
    response = _post(client, user, handed_over)
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get(case=handed_over)
    assert attachment.uploaded_by == user and attachment.event.kind == EventKind.ATTACHMENT_ADDED
    assert attachment.event.actor == user


def test_the_department_adds_nothing_to_a_case_not_handed_over(client, case_in, county_departments, authority_staff):
    case = case_in(CaseStatus.REGISTERED, category=Category.COMMERCIAL, authority=county_departments.natural_resources)
    assert _post(client, authority_staff, case).status_code == 404
    assert not CaseAttachment.objects.filter(case=case).exists()


def test_another_countys_department_adds_nothing(client, handed_over, other_county_head):
    assert _post(client, other_county_head, handed_over).status_code == 404
    assert not CaseAttachment.objects.exists()


def test_the_township_keeps_adding_evidence_and_a_coordinator_still_may_not(client, handed_over, office, officer,
                                                                           coordinator_a):
    assert _post(client, office, handed_over).status_code == 302
    assert _post(client, coordinator_a, handed_over).status_code in (403, 404)
    assert CaseAttachment.objects.filter(case=handed_over).count() == 1
