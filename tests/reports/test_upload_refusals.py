"""Hostile files sent with a public report (issue 9, "Bad input"): see tests/fuzz.py.

The form re-renders with the photo's message on the photos field; no report, no photo row, no
file is left, even when a good photo came before the bad one.
"""

import pytest
from django.urls import reverse

from landwatch.uploads import IMAGES
from reports.models import PublicReport, ReportPhoto
from tests import fuzz
from tests.patrols.conftest import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_cap(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1


@fuzz.upload_param()
def test_public_report_refuses_a_hostile_photo(hostile, client, territory, settings):
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("reports:submit"), {
        "township": territory.township.pk, "village": territory.village_a.pk, "what": "有人在耕地上建房",
        "place_text": "村口", "photos": [png_upload("good.png"), upload],
    })
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not PublicReport.objects.exists() and not ReportPhoto.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files
