import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from landwatch.evidence import evidence_fields
from landwatch.uploads import sha256_of
from patrols.models import PatrolPhoto
from tests.factories import UserFactory


@pytest.fixture
def photo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = b"\xff\xd8\xff original evidence"
    photo = PatrolPhoto(uploaded_by=UserFactory(), sha256=sha256_of(io.BytesIO(content)))
    photo.file.save("photo.jpg", ContentFile(content), save=True)
    return photo


def test_every_attachment_model_is_covered(db):
    labels = {f"{f.model._meta.label}.{f.file_field}" for f in evidence_fields()}
    assert "patrols.PatrolPhoto.file" in labels
    assert "patrols.FarmlandPledge.scan" in labels


def test_intact_files_pass(photo):
    out = io.StringIO()
    call_command("verify_evidence", stdout=out)
    assert "All 1 evidence files match" in out.getvalue()


def test_a_changed_file_is_reported(photo):
    with open(photo.file.path, "ab") as fh:
        fh.write(b"tampered")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("verify_evidence", stderr=err)
    assert "MISMATCH: patrols.PatrolPhoto.file" in err.getvalue()


def test_a_missing_file_is_reported(photo):
    import os

    os.remove(photo.file.path)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_evidence", stderr=err)
    assert "MISSING" in err.getvalue()
