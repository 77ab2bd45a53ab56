import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from landwatch.uploads import check_upload, sha256_of


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buf, "PNG")
    return buf.getvalue()


def test_a_real_png_is_accepted_and_hashed():
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    assert check_upload(upload) == "png"
    assert len(sha256_of(upload)) == 64 and upload.tell() == 0


def test_a_pdf_is_accepted():
    assert check_upload(SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n...\n%%EOF\n")) == "pdf"


def test_a_renamed_executable_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        check_upload(upload)
    assert err.value.code == "bad_type"


def test_a_truncated_image_is_refused():
    upload = SimpleUploadedFile("photo.png", png_bytes()[:30])
    with pytest.raises(ValidationError) as err:
        check_upload(upload)
    assert err.value.code == "bad_image"


def test_empty_and_oversized_files_are_refused(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.pdf", b""))
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as err:
        check_upload(big)
    assert err.value.code == "too_large"


def test_a_truncated_jpeg_is_refused_after_a_pdf_was_rendered_in_the_process():
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported; the check ignores it."""
    import weasyprint  # noqa: F401  (the import is what flips the flag)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    buf = io.BytesIO()
    Image.effect_noise((64, 48), 50).convert("RGB").save(buf, "JPEG")
    jpeg = buf.getvalue()
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("photo.jpg", jpeg[: len(jpeg) // 2], content_type="image/jpeg"))
    assert err.value.code == "bad_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "the check restores the setting WeasyPrint relies on"
