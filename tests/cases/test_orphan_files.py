"""A refused or rolled-back evidence upload leaves no file behind in storage."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from PIL import Image

from cases import services
from cases.models import CaseAttachment, CaseEvent
from landwatch.uploads import discard_files_on_error

pytestmark = pytest.mark.django_db


def png(name="site.png"):
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_attachment_whose_row_fails_after_the_file_was_stored_leaves_no_file(case, officer):
    # The description column holds 200 characters: the row fails after the file was written.
    with pytest.raises(DataError):
        services.add_attachment(case, by=officer, upload=png(), description="说明" * 150)
    assert stored_files() == []
    assert not CaseAttachment.objects.exists() and not CaseEvent.objects.exists()


def test_a_stored_attachment_stays(case, officer):
    attachment = services.add_attachment(case, by=officer, upload=png(), description="现场照片")
    assert stored_files() == [Path(attachment.file.path)]


def test_cleanup_removes_only_the_files_of_the_failed_block(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    kept = default_storage.save("evidence/kept.txt", ContentFile(b"kept"))
    with pytest.raises(RuntimeError), discard_files_on_error() as stored:
        attachment = CaseAttachment()
        attachment.file.save("gone.txt", ContentFile(b"gone"), save=False)
        stored(attachment.file)
        raise RuntimeError("after the file was stored")
    assert [p.name for p in stored_files()] == [Path(kept).name]
