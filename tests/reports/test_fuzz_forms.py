"""Every form of the public report pages fuzzed through its view (issue 9, "Bad input"): see tests/fuzz.py.

The public form is posted by an anonymous visitor; the office's forms by the office. Photos are
left out here (tests/reports/test_upload_refusals.py sends hostile files).
"""

import pytest
from django.urls import reverse

from reports import forms
from tests import fuzz
from tests.factories import PublicReportFactory
from tests.factories.reports import CHECK_CODE

pytestmark = pytest.mark.django_db

# A pin given alone, or a place cleared, is refused on the place's field; a village of the other
# township on the village's.
PIN = {"latitude": {"place_text", "longitude"}, "longitude": {"place_text", "latitude"},
       "township": {"village"}}


@pytest.fixture(scope="module", autouse=True)
def _record():
    yield
    fuzz.record_examples()


def test_public_report_form(client, territory):
    url = reverse("reports:submit")
    valid = {"township": str(territory.township.pk), "village": str(territory.village_a.pk),
             "what": "村东头有人挖土建房", "place_text": "村东头桥边", "latitude": "30.5", "longitude": "114.3",
             "reporter_name": "王五", "reporter_phone": "13800138000", "website": ""}
    fuzz.assert_valid_post_accepted(client, url, valid)
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.PublicReportForm()), label="reports.PublicReportForm",
                   related=PIN)


def test_status_lookup_form(client, territory):
    report = PublicReportFactory(village=territory.village_a)
    url = reverse("reports:status")
    valid = {"receipt": report.receipt, "code": CHECK_CODE}
    fuzz.assert_valid_post_accepted(client, url, valid)
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(valid, forms.StatusLookupForm()), label="reports.StatusLookupForm")


@pytest.mark.parametrize("name, form_class, form_key, valid", [
    ("accept", forms.AcceptForm, "accept_form",
     lambda t: {"into": "case", "village": str(t.village_a.pk), "category": "commercial", "urgency": "normal",
                "title": "占地建房", "party_name": "李四", "area_m2": "120"}),
    ("merge", forms.MergeForm, "merge_form", lambda t: {"into": "7100000000"}),
    ("dismiss", forms.DismissForm, "dismiss_form", lambda t: {"reason": "经核实为合法用地"}),
    ("reply", forms.ReplyForm, "reply_form", lambda t: {"reply": "已收到，正在核查。"}),
])
def test_office_forms(client, territory, office, name, form_class, form_key, valid):
    report = PublicReportFactory(village=territory.village_a)
    PublicReportFactory(village=territory.village_b, receipt="7100000000")
    client.force_login(office)
    url = reverse(f"reports:{name}", args=[report.pk])
    data = valid(territory)
    fuzz.assert_valid_post_accepted(client, url, data)
    form = form_class(report=report) if form_class is forms.AcceptForm else form_class()
    related = {"into": {"title", "party_name", "area_m2"}} if name == "accept" else None
    fuzz.fuzz_view(client, url, fuzz.fuzz_data(data, form), label=f"reports.{form_class.__name__}",
                   form_key=form_key, related=related)
