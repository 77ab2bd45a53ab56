"""Every form of a patch's page fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py.

The field photo and the GIS uploads get hostile files instead (test_upload_refusals.py).
"""

import pytest
from django.urls import reverse

from patches import forms, services
from tests import fuzz
from tests.factories import metre_box

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


def test_photo_form_position_fields(client, coordinator_b, patch):
    """The phone's position and heading sent with a photo (hidden fields) are fuzzed; the photo is good."""
    client.force_login(coordinator_b)
    url = reverse("patches:add-photo", args=[patch.pk])
    valid = {"latitude": "30.17", "longitude": "120.0", "heading": "90"}
    fuzz.assert_valid_post_accepted(client, url, {**valid, "photo": jpeg()})
    strategy = fuzz.fuzz_data(valid, forms.PhotoForm(), skip={"photo"}).map(
        lambda ex: ({**ex[0], "photo": jpeg()}, ex[1]))
    fuzz.fuzz_view(client, url, strategy, label="patches.PhotoForm", form_key="photo_form",
                   related={"latitude": {"longitude"}, "longitude": {"latitude"}})


def test_close_form(client, territory, office, patch):
    from cases.models import CaseStatus, ViolationCase
    from tests.factories import ViolationCaseFactory

    patch = _judged(patch, office)
    services.confirm(patch, by=office)
    case = ViolationCaseFactory(village=territory.village_b)
    patch.refresh_from_db()
    services.mark_patch_in_case(patch, case, by=office, joined=True)
    ViolationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=case.registered_on)
    patch.refresh_from_db()
    client.force_login(office)
    url = reverse("patches:close", args=[patch.pk])
    valid = {"version": str(patch.version), "note": "已拆除复耕"}
    fuzz.assert_valid_post_accepted(client, url, valid)
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.CloseForm()), label="patches.CloseForm",
                   form_key="close_form")


@pytest.mark.parametrize("which", ["batch", "layer"])
def test_the_gis_upload_forms_fields(client, territory, office, boundaries, which):
    """The batch's name, area and dates, and the layer's area, kind and name, fuzzed with a good file each time."""
    from territory.forms import LayerUploadForm
    from territory.models import ResponsibilityUnit

    from .conftest import patch_file

    def good_file():
        return patch_file([({"TBBH": "F1"}, metre_box(500100, 3340100, 50, 50))])

    client.force_login(office)
    units = ResponsibilityUnit.objects.filter(pk=territory.township.pk)
    if which == "batch":
        url, form = reverse("patches:batch-list"), forms.BatchUploadForm(units=units)
        valid = {"unit": str(territory.township.pk), "name": "卫片", "issued_on": "2026-11-02",
                 "verify_by": "2026-11-30", "close_by": "2027-02-28"}
        related = {"issued_on": {"verify_by"}, "verify_by": {"close_by"}, "close_by": {"verify_by"}}
    else:
        url, form = reverse("territory:layer-list"), LayerUploadForm(units=units)
        valid = {"unit": str(territory.township.pk), "kind": "other", "name": "其他区域"}
        related = {"kind": {"file"}}  # 村界 rows must name villages: the file is refused for that kind
    fuzz.assert_valid_post_accepted(client, url, {**valid, "file": good_file()})
    strategy = fuzz.fuzz_data(valid, form, skip={"file"}).map(lambda ex: ({**ex[0], "file": good_file()}, ex[1]))
    fuzz.fuzz_view(client, url, strategy, label=f"{which} upload form", related=related)
