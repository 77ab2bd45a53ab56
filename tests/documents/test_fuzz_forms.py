"""Every form of the documents pages fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py.

Files (the proof of service, the survey list) are sent by test_upload_refusals.py and
test_import_hostile.py; here the service form is posted without a proof.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from documents import forms
from tests import fuzz
from tests.cases.conftest import case_in  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


TEXT = {"party_name": "钱塘物资有限公司", "party_address": "甲镇工业路8号", "location_text": "三组村道东侧",
        "facts": "建新不拆旧，一户两宅。", "legal_basis": "《中华人民共和国土地管理法》第七十七条",
        "requirements": "限期拆除", "deadline_days": "15"}


def test_document_create_form(client, case, office):
    client.force_login(office)
    url = reverse("documents:create", args=[case.pk])
    valid = {"kind": "rectification", **TEXT}
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.DocumentTextForm(kind="rectification")
    strategy = fuzz.fuzz_data(valid, form, extra=fuzz.form_examples(
        forms.DocumentTextForm, form_kwargs={"kind": "rectification"}).map(
        lambda ex: ({**ex[0], "kind": "rectification"}, None)))
    fuzz.fuzz_view(client, url, strategy, label="documents.DocumentTextForm[create]")


def test_document_edit_form(client, draft, office):
    client.force_login(office)
    url = reverse("documents:edit", args=[draft.pk])
    fuzz.assert_valid_post_accepted(client, url, TEXT)
    strategy = fuzz.fuzz_data(TEXT, forms.DocumentTextForm(kind=draft.kind))
    fuzz.fuzz_view(client, url, strategy, label="documents.DocumentTextForm[edit]")


def test_serve_form(client, issued, office):
    client.force_login(office)
    url = reverse("documents:serve", args=[issued.pk])
    valid = {"method": "direct", "served_on": timezone.localdate().isoformat(), "recipient": "钱某",
             "signer": "钱某", "server": "王五、赵六", "note": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.ServeForm(document=issued)
    related = {"method": {"recipient"}}
    strategy = fuzz.fuzz_data(valid, form)
    fuzz.fuzz_view(client, url, strategy, label="documents.ServeForm", related=related)


def test_posting_form(client, case_in, office):  # noqa: F811
    """The service form of a 公告, which asks where and when it was posted (行政强制法 第四十四条)."""
    from deadlines.services import load_shipped
    from documents import services
    from tests.documents.test_enforcement_papers import D, serve

    load_shipped([2025, 2026])
    case = case_in("decided", penalty_measures=["demolish"], deadline=None, discovered_on=D(2025, 6, 2),
                   registered_on=D(2025, 6, 3), filed_on=D(2025, 6, 4))
    serve(case, "penalty_decision", by=office, on=D(2025, 9, 1))
    notice = services.create_document(case, by=office, kind="demolition_notice")
    services.issue_document(notice, by=office, issued_on=timezone.localdate())
    client.force_login(office)
    url = reverse("documents:serve", args=[notice.pk])
    valid = {"served_on": timezone.localdate().isoformat(), "server": "王五、赵六", "note": "张贴于违法建筑所在地"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    strategy = fuzz.fuzz_data(valid, forms.ServeForm(document=notice))
    fuzz.fuzz_view(client, url, strategy, label="documents.ServeForm[posting]")


def test_withdraw_form(client, draft, office):
    """Answered by a redirect: a refusal is a message, and writes nothing."""
    client.force_login(office)
    url = reverse("documents:withdraw", args=[draft.pk])
    strategy = st.tuples(st.fixed_dictionaries({"reason": fuzz.TEXT}), st.none())
    fuzz.fuzz_view(client, url, strategy, label="documents.WithdrawForm")


def test_deadline_days_beyond_the_column_is_a_field_error(client, case, office):
    """Regression guard: a number of days no database column can hold is refused on its field."""
    client.force_login(office)
    url = reverse("documents:create", args=[case.pk])
    for days in ("0", "-3", "2147483648", "99999999999999999999", "1e3"):
        fuzz.post_and_check(client, url, {"kind": "rectification", **TEXT, "deadline_days": days},
                            {"deadline_days"}, label="documents.DocumentTextForm[days]")



def test_issue_form(client, draft, office):
    """The signing date (issue #27), answered by a redirect: a refused date is a message and writes nothing."""
    from documents.models import DocumentStatus

    client.force_login(office)
    url = reverse("documents:issue", args=[draft.pk])
    strategy = st.tuples(st.fixed_dictionaries({"issued_on": fuzz.DATES}), st.none())

    def stays_on_the_document(response):
        assert response["Location"] == draft.get_absolute_url(), response["Location"]

    fuzz.fuzz_view(client, url, strategy, label="documents.IssueForm", redirect_ok=stays_on_the_document)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"issued_on": tomorrow}, follow=True)
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT and "不能晚于今天" in response.content.decode()
