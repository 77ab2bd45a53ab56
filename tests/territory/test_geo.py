"""Reading GIS files and measuring shapes (territory/geo.py): what a clerk's files give, in square metres."""

import io
import json
import zipfile

import numpy as np
import pyogrio
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pyproj import Transformer

from territory import geo
from tests.factories import metre_box

FIELDS = np.array(["TBBH", "DLMC"])


def _geojson(features, crs="EPSG:4490") -> SimpleUploadedFile:
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    return SimpleUploadedFile("tb.geojson", json.dumps(collection, ensure_ascii=False).encode())


def _feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _written(tmp_path, driver: str, shapes, *, crs: str, names=("001", "002"), encoding=None, cpg=True) -> bytes:
    """The shapes as a file written by GDAL (pyogrio), zipped for a shapefile; its bytes."""
    suffix = {"ESRI Shapefile": ".shp", "GPKG": ".gpkg"}[driver]
    path = tmp_path / f"tb{suffix}"
    field_data = [np.array(list(names), dtype=object), np.array(["水田"] * len(names), dtype=object)]
    options = {"encoding": encoding} if encoding else {}
    pyogrio.raw.write(str(path), shapely.to_wkb(np.array(shapes, dtype=object)), field_data, FIELDS, crs=crs,
                      driver=driver, geometry_type="Polygon", **options)
    if driver == "GPKG":
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in tmp_path.glob("tb.*"):
            if part.suffix == ".cpg" and not cpg:
                continue
            archive.write(part, f"图斑/{part.name}")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _projected(shape):
    to_gk = Transformer.from_crs(4326, 4549, always_xy=True)
    return shapely.transform(shape, lambda xy: np.column_stack(to_gk.transform(xy[:, 0], xy[:, 1])))


# ---- measuring ---------------------------------------------------------------------------------

def test_an_area_is_measured_in_square_metres_not_degrees():
    field = metre_box(500000, 3340000, 100, 50)
    assert geo.area_m2(field) == pytest.approx(5000, abs=0.5)
    assert field.area < 1e-5  # the same shape in degrees² would be a meaningless tiny number


def test_the_gauss_kruger_zone_follows_the_longitude():
    assert geo.gauss_kruger_epsg(120.1) == 4549  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
    assert geo.gauss_kruger_epsg(118.4) == 4548  # CM 117E: the zone runs 115.5°E–118.5°E
    assert geo.gauss_kruger_epsg(118.6) == 4549
    assert geo.gauss_kruger_epsg(75) == 4534
    assert geo.gauss_kruger_epsg(134.9) == 4554


def test_the_area_inside_a_zone_is_the_overlap_in_square_metres():
    patch = metre_box(500000, 3340000, 100, 50)
    # The zone covers the patch's east half (50 m × 50 m), and more land beyond it.
    zone = metre_box(500050, 3339900, 300, 300)
    assert geo.area_inside_m2(patch, [zone]) == pytest.approx(2500, abs=0.5)
    assert geo.area_inside_m2(patch, [metre_box(510000, 3340000, 10, 10)]) == 0
    # Two zones overlapping each other over the patch are not counted twice.
    assert geo.area_inside_m2(patch, [zone, metre_box(500060, 3340000, 40, 50)]) == pytest.approx(2500, abs=0.5)


def test_a_patch_belongs_to_the_village_holding_most_of_it():
    west, east = metre_box(499000, 3339000, 1030, 2000), metre_box(500030, 3339000, 1000, 2000)
    index = geo.Index([("west", west), ("east", east)])
    assert index.holder(metre_box(500000, 3340000, 100, 50)) == "east"  # 70 of its 100 m east of the line
    assert index.holder(metre_box(499900, 3340000, 100, 50)) == "west"
    assert index.holder(metre_box(520000, 3340000, 10, 10)) is None


def test_how_far_a_photo_was_taken_outside_the_polygon():
    patch = metre_box(500000, 3340000, 100, 100)
    to_wgs84 = Transformer.from_crs(4549, 4326, always_xy=True)
    inside = to_wgs84.transform(500050, 3340050)
    outside = to_wgs84.transform(500160, 3340050)  # 60 m east of the east edge
    assert geo.distance_m(*inside, patch) == 0
    assert geo.distance_m(*outside, patch) == pytest.approx(60, abs=0.5)


# ---- reading files ---------------------------------------------------------------------------

def test_a_geojson_in_cgcs2000_is_read_with_its_attributes():
    shape = metre_box(500000, 3340000, 100, 50)
    features = geo.read_features(_geojson([_feature(shapely.geometry.mapping(shape), TBBH="330101001", MJ=5000.0,
                                                    DLMC="水田")]))
    assert len(features) == 1
    assert features[0].properties == {"TBBH": "330101001", "MJ": 5000.0, "DLMC": "水田"}
    assert geo.area_m2(features[0].geometry) == pytest.approx(5000, abs=0.5)


def test_a_zipped_shapefile_in_gauss_kruger_metres_is_unprojected(tmp_path):
    shape = metre_box(500000, 3340000, 100, 50)
    data = _written(tmp_path, "ESRI Shapefile", [_projected(shape)], crs="EPSG:4549", names=["图斑一"])
    features = geo.read_features(_upload("图斑.zip", data))
    assert features[0].properties["TBBH"] == "图斑一"
    assert features[0].geometry.symmetric_difference(shape).area < 1e-12
    assert geo.area_m2(features[0].geometry) == pytest.approx(5000, abs=0.5)


def test_a_shapefile_in_gbk_without_its_cpg_still_reads_chinese(tmp_path):
    shape = metre_box(500000, 3340000, 100, 50)
    data = _written(tmp_path, "ESRI Shapefile", [shape], crs="EPSG:4490", names=["杨柳山村"], encoding="GBK",
                    cpg=False)
    assert geo.read_features(_upload("村界.zip", data))[0].properties["TBBH"] == "杨柳山村"


def test_a_geopackage_is_read(tmp_path):
    shapes = [metre_box(500000, 3340000, 100, 50), metre_box(500200, 3340000, 20, 20)]
    features = geo.read_features(_upload("tb.gpkg", _written(tmp_path, "GPKG", shapes, crs="EPSG:4326")))
    assert [round(geo.area_m2(f.geometry)) for f in features] == [5000, 400]
    assert [f.row for f in features] == [1, 2]


def test_a_self_crossing_outline_with_area_is_repaired_not_refused():
    # A bow tie: two triangles meeting at a point. Repaired, it keeps both halves' area.
    bow = {"type": "Polygon", "coordinates": [[[120.0, 30.0], [120.001, 30.001], [120.001, 30.0], [120.0, 30.001],
                                               [120.0, 30.0]]]}
    features = geo.read_features(_geojson([_feature(bow, TBBH="1")]))
    assert features[0].geometry.is_valid
    assert geo.area_m2(features[0].geometry) > 0


def test_every_bad_row_is_named_and_nothing_is_taken():
    good = shapely.geometry.mapping(metre_box(500000, 3340000, 100, 50))
    line = {"type": "LineString", "coordinates": [[120.0, 30.0], [120.1, 30.1]]}
    far = {"type": "Polygon", "coordinates": [[[10, 50], [10.1, 50], [10.1, 50.1], [10, 50]]]}
    flat = {"type": "Polygon", "coordinates": [[[120.0, 30.0], [120.001, 30.0], [120.002, 30.0], [120.0, 30.0]]]}
    upload = _geojson([_feature(good), _feature(line), _feature(None), _feature(far), _feature(flat)])
    with translation.override("en"), pytest.raises(geo.GeoImportError) as caught:
        geo.read_features(upload)
    errors = caught.value.errors
    assert len(errors) == 4
    assert [e.split(":")[0] for e in errors] == ["Row 2", "Row 3", "Row 4", "Row 5"]
    assert "LineString" in errors[0] and "no shape" in errors[1] and "outside China" in errors[2]
    assert "no area" in errors[3]


@pytest.mark.parametrize("name,content,message", [
    ("photo.geojson", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "not a GeoJSON"),
    ("tb.geojson", b'{"type": "FeatureCollection", "features": [', "could not be read"),
    ("tb.zip", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
    ("tb.gpkg", b"SQLite format 3\x00" + b"\x00" * 100, "could not be read"),
    ("empty.geojson", b'{"type": "FeatureCollection", "features": []}', "no feature"),
])
def test_a_file_that_is_not_gis_data_is_refused_with_a_message(name, content, message):
    with translation.override("en"), pytest.raises(geo.GeoImportError, match=message):
        geo.read_features(_upload(name, content))


def test_a_zip_missing_the_dbf_or_holding_two_shapefiles_is_refused(tmp_path):
    data = _written(tmp_path, "ESRI Shapefile", [metre_box(500000, 3340000, 10, 10)], crs="EPSG:4490", names=["1"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for damaged, message in (
        ({k: v for k, v in parts.items() if not k.endswith(".dbf")}, ".dbf"),
        ({**parts, **{k.replace("tb.", "tb2."): v for k, v in parts.items()}}, "exactly one shapefile"),
    ):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in damaged.items():
                archive.writestr(name, content)
        with translation.override("en"), pytest.raises(geo.GeoImportError, match=message):
            geo.read_features(_upload("tb.zip", buffer.getvalue()))


def test_a_shapefile_in_metres_without_its_prj_is_refused(tmp_path):
    square = shapely.box(500000, 3340000, 500100, 3340100)
    data = _written(tmp_path, "ESRI Shapefile", [square], crs="EPSG:4549", names=["1"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.filename.endswith(".prj")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with translation.override("en"), pytest.raises(geo.GeoImportError, match="coordinate system"):
        geo.read_features(_upload("tb.zip", buffer.getvalue()))


def test_a_geojson_in_metres_is_taken_for_degrees_and_its_rows_refused():
    # GeoJSON without a crs member is WGS-84 by its standard (RFC 7946): metres read as degrees lie off the map.
    square = shapely.geometry.mapping(shapely.box(500000, 3340000, 500100, 3340100))
    with translation.override("en"), pytest.raises(geo.GeoImportError) as caught:
        geo.read_features(_geojson([_feature(square)], crs=None))
    assert "check the coordinate system" in caught.value.errors[0]
