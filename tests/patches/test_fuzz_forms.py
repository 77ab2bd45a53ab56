"""Every form of a patch's page fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py.

The field photo and the GIS uploads get hostile files instead (test_upload_refusals.py).
"""

import pytest
from django.urls import reverse

from patches import forms, services
from tests import fuzz

from .conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


def test_judge_form(client, coordinator_b, patch):
    services.add_photo(patch, jpeg(), by=coordinator_b)
    client.force_login(coordinator_b)
    url = reverse("patches:judge", args=[patch.pk])
    valid = {"version": str(patch.version), "judgement": "legal", "basis": "已批准的村道",
             "approval_number": "嘉土〔2025〕1号"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.JudgeForm()), label="patches.JudgeForm",
                   form_key="judge_form", related={"judgement": {"approval_number"}})


def _judged(patch, by):
    services.add_photo(patch, jpeg(), by=by)
    return services.judge(patch, by=by, judgement="illegal", basis="新建厂房")


def test_return_form(client, office, patch):
    patch = _judged(patch, office)
    client.force_login(office)
    url = reverse("patches:return", args=[patch.pk])
    valid = {"version": str(patch.version), "reason": "照片看不清"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.ReasonForm()), label="patches.ReasonForm",
                   form_key="return_form")


def test_assign_form(client, territory, office, patch):
    client.force_login(office)
    url = reverse("patches:assign", args=[patch.pk])
    valid = {"version": str(patch.version), "village": str(territory.village_a.pk)}
    fuzz.assert_valid_post_accepted(client, url, valid)
    form = forms.AssignForm(villages=territory.township.children.all())
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, form), label="patches.AssignForm", form_key="assign_form")
