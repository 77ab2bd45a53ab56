"""更正 of the case's records: a new record supersedes the wrong one, which stays; never an edit."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases import services
from cases.models import CaseAttachment, CaseStatus, DisciplinaryAction, EnforcementAction, EventKind

pytestmark = pytest.mark.django_db


def png(name="site.png", color="green"):
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), color).save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def enforcement(case_in, officer):
    case = case_in(CaseStatus.ENFORCING)
    return services.record_enforcement(case, by=officer, kind="farmland_restored",
                                       carried_out_on=datetime.date(2026, 11, 2), amount_yuan=5000,
                                       result="复耕完成")


def test_an_amendment_supersedes_the_record_which_stays_as_it_was(enforcement, officer):
    case = enforcement.case
    case.refresh_from_db()
    amendment = services.correct_record(enforcement, by=officer, reason="费用录错，应为五万元", amount_yuan=50000)
    enforcement.refresh_from_db()
    assert (enforcement.amount_yuan, enforcement.supersedes_id) == (5000, None)
    assert amendment.supersedes == enforcement and amendment.amount_yuan == 50000
    assert (amendment.kind, amendment.result) == ("farmland_restored", "复耕完成")
    assert amendment.carried_out_on == enforcement.carried_out_on
    assert amendment.correction_reason == "费用录错，应为五万元" and amendment.recorded_by == officer
    event = case.events.order_by("-id").first()
    assert event.kind == EventKind.RECORD_CORRECTED and event.note == "费用录错，应为五万元"
    assert event.data == {"record": "enforcementaction", "supersedes": enforcement.pk}
    assert list(case.enforcement_actions.order_by("id")) == [enforcement, amendment]


def test_an_amendment_needs_a_reason_and_amends_the_latest_version_only(enforcement, officer):
    with pytest.raises(services.CaseError):
        services.correct_record(enforcement, by=officer, reason="  ", amount_yuan=1)
    services.correct_record(enforcement, by=officer, reason="错", amount_yuan=1)
    enforcement.case.refresh_from_db()
    with pytest.raises(services.CaseError):
        services.correct_record(enforcement, by=officer, reason="再错", amount_yuan=2)
    assert EnforcementAction.objects.filter(case=enforcement.case).count() == 2


def test_an_attachment_amended_with_a_new_file_keeps_both_files(case, officer):
    wrong = services.add_attachment(case, by=officer, upload=png("wrong.png", "red"), description="现场照片")
    case.refresh_from_db()
    right = services.correct_record(wrong, by=officer, reason="传错了照片", upload=png("right.png", "blue"))
    assert right.sha256 != wrong.sha256 and right.file.name != wrong.file.name
    assert right.event.kind == EventKind.RECORD_CORRECTED and right.description == "现场照片"
    assert wrong.file.storage.exists(wrong.file.name) and CaseAttachment.objects.filter(case=case).count() == 2


def test_a_superuser_amends_a_disciplinary_action_through_the_admin(client, superuser, case, office):
    proposal = services.record_disciplinary(case, by=office, person_name="李某", measure="warning")
    client.force_login(superuser)
    url = reverse("admin:cases_disciplinaryaction_add")
    form = client.get(url, {"supersedes": proposal.pk})
    assert form.status_code == 200 and "李某" in form.content.decode()
    data = {"supersedes": proposal.pk, "correction_reason": "镇党委已作出决定", "person_name": "李某", "post": "",
            "measure": "demerit", "status": "decided", "proposed_by": "", "decided_on": "2026-11-20", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decided = DisciplinaryAction.objects.get(supersedes=proposal)
    assert (decided.case, decided.measure, decided.status, decided.recorded_by) == (case, "demerit", "decided",
                                                                                    superuser)
    proposal.refresh_from_db()
    assert (proposal.measure, proposal.status) == ("warning", "proposed")
    # without a reason, or a second time: the form says why, nothing is written
    again = client.post(url, data | {"correction_reason": ""})
    assert again.status_code == 200 and DisciplinaryAction.objects.count() == 2
    again = client.post(url, data)
    assert again.status_code == 200 and "已更正" in again.content.decode() and DisciplinaryAction.objects.count() == 2


def test_a_superuser_amends_an_attachment_through_the_admin(client, superuser, case, officer):
    wrong = services.add_attachment(case, by=officer, upload=png("wrong.png", "red"), description="现场照片")
    client.force_login(superuser)
    response = client.post(reverse("admin:cases_caseattachment_add"), {
        "supersedes": wrong.pk, "correction_reason": "传错了照片", "kind": "photo", "description": "现场照片（正）",
        "upload": png("right.png", "blue")})
    assert response.status_code == 302, response.content.decode()[:3000]
    right = CaseAttachment.objects.get(supersedes=wrong)
    assert right.sha256 != wrong.sha256 and right.uploaded_by == superuser and right.case == case
    refused = client.post(reverse("admin:cases_caseattachment_add"), {
        "supersedes": right.pk, "correction_reason": "再传", "kind": "photo", "description": "",
        "upload": SimpleUploadedFile("x.png", b"MZ not an image", content_type="image/png")})
    assert refused.status_code == 200 and CaseAttachment.objects.count() == 2


def test_the_case_page_shows_the_amended_record_beside_its_amendment(client, enforcement, officer):
    enforcement.case.refresh_from_db()
    services.correct_record(enforcement, by=officer, reason="费用录错，应为五万元", amount_yuan=50000)
    client.force_login(officer)
    html = client.get(reverse("cases:detail", args=[enforcement.case_id])).content.decode()
    assert "5000" in html and "50000" in html
    assert "已被更正" in html and "更正记录" in html and "费用录错，应为五万元" in html
    assert "记录更正" in html  # the timeline's event
