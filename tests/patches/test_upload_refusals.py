"""Hostile files sent to every upload of 卫片 and map layers (issue 9, "Bad input"): see tests/fuzz.py.

A field photo is refused on the photo's field by its content; a patch list or a layer that is
not GIS data (or is GIS data built to hurt: a zip bomb, a path climbing out of the archive,
coordinates beyond any map) is refused on the file's field. No row, no file is left.
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landwatch.uploads import IMAGES
from patches.models import Patch, PatchBatch, PatchPhoto
from territory.models import Layer, LayerKind
from tests import fuzz

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_cap(settings):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1


@fuzz.upload_param()
@pytest.mark.parametrize("sent_by", ["page", "queue"])
def test_a_field_photo_is_refused_by_its_content(hostile, sent_by, client, coordinator_b, settings, request):
    """Sent by the page, or by the phone's queue (a photo filed without a signal): the same refusal."""
    patch = request.getfixturevalue("patch")
    client.force_login(coordinator_b)
    upload = fuzz.hostile_file(hostile)
    expected = fuzz.expected_refusal(upload, allowed=IMAGES)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("patches:add-photo", args=[patch.pk]), {
        "photo": upload, "draft_key": "0123456789abcdef0123456789abcdef"}, **fuzz.sent_by(sent_by))
    if sent_by == "queue":
        assert response.status_code == 422 and response.json()["reasons"] == [f"外业照片: {m}" for m in expected]
    else:
        assert response.status_code == 200
        assert response.context["photo_form"].errors["photo"] == expected
        fuzz.assert_shown(response, expected)
    assert fuzz.row_counts() == before and not PatchPhoto.objects.exists()
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


def _zip(entries: dict[str, bytes], *, compress=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _gis_hostile() -> list[tuple[str, str, bytes]]:
    far = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"TBBH": "1"}, "geometry": {
        "type": "Polygon", "coordinates": [[[1e308, 1e308], [-1e308, 1e308], [1e308, -1e308], [1e308, 1e308]]]}}]}
    return [
        *((key, name, content) for key, name, content, _type in fuzz.hostile_uploads()),
        ("zip-bomb", "tb.zip", _zip({"tb.shp": b"\x00" * (500 * 1024 * 1024 // 1000)} | {
            f"pad{i}.dbf": b"\x00" * (1024 * 1024) for i in range(420)})),
        ("zip-climbing", "tb.zip", _zip({"../../../../tmp/evil.shp": b"\x00" * 100, "../../../../tmp/evil.shx": b"x",
                                         "../../../../tmp/evil.dbf": b"x"})),
        ("zip-empty", "tb.zip", _zip({})),
        ("shp-garbage", "tb.zip", _zip({"tb.shp": b"garbage", "tb.shx": b"garbage", "tb.dbf": b"garbage"})),
        ("geojson-nan", "tb.geojson", json.dumps(far).encode()),
        ("geojson-deep", "tb.geojson", b'{"type": "FeatureCollection", "features": ' + b"[" * 100000),
        ("gpkg-garbage", "tb.gpkg", b"SQLite format 3\x00" + b"\xff" * 4096),
    ]


# The ids of _gis_hostile(), which is built lazily (the oversized file needs the test's settings).
GIS_HOSTILE = ["exe-as-jpg", "html-as-pdf", "svg-as-png", "gif-as-jpg", "zip-as-pdf", "png-truncated",
               "jpeg-truncated", "jpeg-header-only", "pdf-truncated", "empty", "oversized", "zip-bomb",
               "zip-climbing", "zip-empty", "shp-garbage", "geojson-nan", "geojson-deep", "gpkg-garbage"]


def _gis_file(hostile: str) -> SimpleUploadedFile:
    for key, name, content in _gis_hostile():
        if key == hostile:
            return SimpleUploadedFile(name, content)
    raise KeyError(hostile)


def _assert_refused_on_file(response, before, files, settings):
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors
    fuzz.assert_shown(response, [str(e) for e in errors])
    assert fuzz.row_counts() == before
    assert fuzz.stored_files(settings.MEDIA_ROOT) == files


@pytest.mark.parametrize("hostile", GIS_HOSTILE)
def test_a_patch_list_that_is_not_gis_data_is_refused(hostile, client, territory, office, boundaries, settings):
    client.force_login(office)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("patches:batch-list"), {
        "unit": territory.township.pk, "name": "卫片", "issued_on": "2026-11-02", "verify_by": "2026-11-30",
        "close_by": "2027-02-28", "file": _gis_file(hostile)})
    _assert_refused_on_file(response, before, files, settings)
    assert not PatchBatch.objects.exists() and not Patch.objects.exists()


@pytest.mark.parametrize("hostile", GIS_HOSTILE)
def test_a_layer_that_is_not_gis_data_is_refused(hostile, client, territory, office, settings):
    client.force_login(office)
    before, files = fuzz.row_counts(), fuzz.stored_files(settings.MEDIA_ROOT)
    response = client.post(reverse("territory:layer-list"), {
        "unit": territory.township.pk, "kind": LayerKind.BASIC_FARMLAND, "name": "永农", "file": _gis_file(hostile)})
    _assert_refused_on_file(response, before, files, settings)
    assert not Layer.objects.exists()
