"""Hostile files sent to every patrols upload (issue 9, "Bad input"): see tests/fuzz.py.

The photo staging endpoint answers 400 with the reason; the patrol log form re-renders with
the photo's message; the pledge form puts it on the scan field. No row, no file is left.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from landwatch.uploads import IMAGES, IMAGES_AND_PDF
from patrols.models import FarmlandPledge, PatrolLog, PatrolPhoto
from tests import fuzz

pytestmark = pytest.mark.django_db

DRAFT_KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _small_cap(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1


@fuzz.upload_param()
@pytest.mark.parametrize("staged_for", ["log", "finding"])
def test_photo_stage_refuses(hostile, staged_for, client, territory, coordinator_a, settings):
    client.force_login(coordinator_a)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES, form_field=False)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("patrols:photo-stage"),
                           {"photo": upload, "staged_for": staged_for, "draft_key": DRAFT_KEY})
    assert response.status_code == 400
    assert response.json()["error"] == " ".join(expected)
    assert fuzz.row_counts() == before and not PatrolPhoto.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@fuzz.upload_param(["exe-as-jpg", "html-as-pdf", "jpeg-truncated", "pdf-truncated", "empty", "oversized"])
@pytest.mark.parametrize("sent_by", ["page", "queue"])
def test_patrol_log_form_refuses_a_bad_photo(hostile, sent_by, client, territory, coordinator_a, settings):
    client.force_login(coordinator_a)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES, form_field=False)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("patrols:log-create"), {
        "village": str(territory.village_a.pk), "draft_key": DRAFT_KEY,
        "patrolled_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(), "started_at": "09:00",
        "duration_minutes": "60", "route": "东组", "weather": "sunny", "result": "nothing_found", "photos": [upload],
    }, **fuzz.sent_by(sent_by))
    if sent_by == "queue":  # a log filed without a signal: refused with the photo's reasons
        assert response.status_code == 422
        assert response.json()["reasons"] == [f"{upload.name}: {m}" for m in expected]
    else:
        assert response.status_code == 200
        assert response.context["photo_errors"] == [f"{upload.name}: {m}" for m in expected]
        fuzz.assert_shown(response, response.context["photo_errors"])
    assert fuzz.row_counts() == before and not PatrolLog.objects.exists() and not PatrolPhoto.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@fuzz.upload_param()
def test_pledge_scan_refuses(hostile, client, territory, office, settings):
    client.force_login(office)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("patrols:pledge-create"), {
        "village": str(territory.village_a.pk), "year": str(timezone.localdate().year),
        "protected_farmland_mu": "2000", "basic_farmland_mu": "1600", "reclamation_task_mu": "20",
        "reclamation_done_mu": "5", "development_task_mu": "10", "development_done_mu": "0",
        "signed_on": timezone.localdate().isoformat(), "scan_file": upload,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["scan_file"] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not FarmlandPledge.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(buf, "PNG")
    return SimpleUploadedFile("承诺书.png", buf.getvalue(), content_type="image/png")


def test_a_pledge_refused_after_its_scan_was_read_leaves_no_file(territory, office, settings):
    from django.core.exceptions import ValidationError

    from patrols.services import save_pledge

    files = fuzz.stored_files(settings.MEDIA_ROOT)
    pledge = FarmlandPledge(village=territory.village_a, year=2026, basic_farmland_mu=1600)  # no protected area
    with pytest.raises(ValidationError):
        save_pledge(pledge, by=office, scan=_png())
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files and not FarmlandPledge.objects.exists()

    pledge = FarmlandPledge(village=territory.village_a, year=2026, protected_farmland_mu=2000, basic_farmland_mu=1600)
    save_pledge(pledge, by=office, scan=_png())
    assert len(fuzz.stored_files(settings.MEDIA_ROOT)) == len(files) + 1  # a saved pledge keeps its scan
