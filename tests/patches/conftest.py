import json

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile

from patches.demo import field_photo
from territory.models import LayerKind
from tests.factories import make_layer, metre_box

# Two villages side by side, 1 km × 2 km each, near 120.0°E 30.17°N (GK CM 120E metres).
WEST = (499000, 3339000, 1000, 2000)
EAST = (500000, 3339000, 1000, 2000)


def patch_file(rows, name="卫片.geojson") -> SimpleUploadedFile:
    """A patch list as the ministry sends it: one feature per (properties, shape)."""
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
                  "features": [{"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(shape)}
                               for props, shape in rows]}
    return SimpleUploadedFile(name, json.dumps(collection, ensure_ascii=False).encode())


def jpeg(gps: tuple[float, float] | None = None, heading: float | None = None) -> SimpleUploadedFile:
    """A small JPEG, with the EXIF GPS position (lon, lat) and direction a phone's camera writes."""
    return field_photo(*(gps or (None, None)), heading=heading)


@pytest.fixture
def boundaries(territory, office):
    """Village A west, village B east: the township's boundary layer."""
    return make_layer(territory.township, LayerKind.VILLAGE_BOUNDARY, [metre_box(*WEST), metre_box(*EAST)],
                      by=office, villages=[territory.village_a, territory.village_b])


@pytest.fixture
def basic_farmland(territory, county_user):
    """永久基本农田 of the county: a 200 m × 200 m block in village B."""
    return make_layer(territory.county, LayerKind.BASIC_FARMLAND, [metre_box(500400, 3340000, 200, 200)],
                      by=county_user)


def load(territory, by, rows):
    """A batch of township A loaded from ``rows`` through the service."""
    import datetime

    from patches import services

    return services.load_batch(unit=territory.township, name="卫片", issued_on=datetime.date(2026, 11, 2),
                               verify_by=datetime.date(2026, 11, 30), close_by=datetime.date(2027, 2, 28),
                               upload=patch_file(rows), by=by)


@pytest.fixture
def patch(territory, office, boundaries):
    """One patch of 100 m × 100 m in village B, to verify."""
    return load(territory, office, [({"TBBH": "T9"}, metre_box(500100, 3340100, 100, 100))]).patches.get()
