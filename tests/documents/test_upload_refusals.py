"""Hostile files sent to the documents uploads (issue 9, "Bad input"): see tests/fuzz.py.

The proof of service on the service form and on its own form (after a service recorded
without it), and the survey list: each refused with its message, no row, no file left.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentStatus, ServiceRecord
from landwatch.uploads import IMAGES_AND_PDF
from tests import fuzz

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_cap(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1


@fuzz.upload_param()
def test_serve_form_refuses_a_bad_proof(hostile, client, issued, office, settings):
    client.force_login(office)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("documents:serve", args=[issued.pk]), {
        "method": "direct", "served_on": timezone.localdate().isoformat(), "recipient": "钱某", "proof": upload,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["proof"] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not ServiceRecord.objects.exists()
    issued.refresh_from_db()
    assert issued.status == DocumentStatus.ISSUED
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@fuzz.upload_param()
def test_attach_proof_refuses(hostile, client, issued, office, settings):
    """Answered by a redirect to the document: the reason is the page's error message."""
    from django.contrib.messages import ERROR

    from documents.services import serve_document

    serve_document(issued, by=office, method="direct", served_on=timezone.localdate(), recipient="钱某")
    client.force_login(office)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES_AND_PDF)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("documents:attach-proof", args=[issued.pk]), {"proof": upload}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == issued.get_absolute_url()
    assert [str(m) for m in response.context["messages"] if m.level == ERROR] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not ServiceRecord.objects.get().proof
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@fuzz.upload_param(["exe-as-jpg", "html-as-pdf", "svg-as-png", "gif-as-jpg", "png-truncated", "pdf-truncated",
                    "empty", "oversized"])
def test_survey_import_refuses(hostile, client, territory, office, settings):
    client.force_login(office)
    upload = fuzz.hostile_file(hostile, oversize_kind="xlsx")
    upload.name = "排摸清单.xlsx"
    upload.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    expected = fuzz.expected_refusal(upload, allowed=("xlsx",))
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("documents:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == expected
    fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files
