"""A case's outline: the office draws it on the map or loads it from a GIS file; the case page measures it."""

import json

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseShape, EventKind
from territory.models import LayerKind
from tests.factories import make_layer, metre_box

pytestmark = pytest.mark.django_db

FIELD = metre_box(500000, 3340000, 100, 50)  # 5,000 m²


def _post(client, case, **data):
    case.refresh_from_db()
    return client.post(reverse("cases:outline", args=[case.pk]), {"version": case.version, **data})


def test_the_office_draws_the_outline_and_the_page_measures_it(client, case_in, office, county_user, territory):
    make_layer(territory.county, LayerKind.BASIC_FARMLAND, [metre_box(500050, 3339900, 300, 300)], by=county_user)
    case = case_in()
    client.force_login(office)
    assert client.get(reverse("cases:outline", args=[case.pk])).status_code == 200
    response = _post(client, case, drawn=json.dumps(shapely.geometry.mapping(FIELD)))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    outline = CaseShape.objects.get(case=case)
    assert outline.shape.equals_exact(FIELD, 1e-7)
    event = case.events.get(kind=EventKind.OUTLINE_SET)
    assert event.data["how"] == "drawn" and float(event.data["area_m2"]) == pytest.approx(5000, abs=0.5)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "data-outline-areas" in page
    # Half of the field (50 m × 50 m) lies in the 永久基本农田 block.
    assert "2500.00 平方米" in page.split("data-outline-basic>")[1][:40]


def test_an_outline_loaded_from_a_file_joins_its_polygons(client, case_in, office):
    case = case_in()
    second = metre_box(500200, 3340000, 20, 20)
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)} for g in (FIELD, second)]}
    client.force_login(office)
    _post(client, case, file=SimpleUploadedFile("范围.geojson", json.dumps(collection).encode()))
    outline = CaseShape.objects.get(case=case)
    assert outline.shape.geom_type == "MultiPolygon"
    assert case.events.get(kind=EventKind.OUTLINE_SET).data["how"] == "范围.geojson"


@pytest.mark.parametrize("data", [
    {},
    {"drawn": "not json"},
    {"drawn": json.dumps({"type": "Polygon", "coordinates": [[[120, 30], [120.001, 30.001], [120.001, 30],
                                                              [120, 30.001], [120, 30]]]})},  # a bow tie
    {"drawn": json.dumps({"type": "Polygon", "coordinates": [[[10, 50], [10.1, 50], [10.1, 50.1], [10, 50]]]})},
    {"drawn": json.dumps({"type": "Point", "coordinates": [120, 30]})},
    {"drawn": "[" * 5000},
    {"file": SimpleUploadedFile("x.geojson", b"\x89PNG\r\n\x1a\n0000")},
])
def test_a_bad_outline_is_refused_on_the_form_and_nothing_is_saved(client, case_in, office, data):
    case = case_in()
    client.force_login(office)
    response = _post(client, case, **data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not CaseShape.objects.filter(case=case).exists()
    assert not case.events.filter(kind=EventKind.OUTLINE_SET).exists()


def test_a_stale_version_is_refused(client, case_in, office):
    case = case_in()
    client.force_login(office)
    response = client.post(reverse("cases:outline", args=[case.pk]),
                           {"version": case.version + 5, "drawn": json.dumps(shapely.geometry.mapping(FIELD))})
    assert response.status_code == 302
    assert not CaseShape.objects.filter(case=case).exists()


def test_outline_form_fuzzed(client, case_in, office):
    """The outline form joins the fuzzing (tests/fuzz.py): the drawn GeoJSON and the version, hostile."""
    from hypothesis import strategies as st

    from cases.forms import OutlineForm
    from tests import fuzz

    case = case_in()
    client.force_login(office)
    url = reverse("cases:outline", args=[case.pk])
    valid = {"version": str(case.version), "drawn": json.dumps(shapely.geometry.mapping(FIELD))}
    fuzz.assert_valid_post_accepted(client, url, valid)
    drawn = st.one_of(fuzz.TEXT, st.sampled_from([
        "{}", "[]", "null", '{"type": "Polygon", "coordinates": []}',
        '{"type": "Polygon", "coordinates": [[[1e999, 0]]]}',
        '{"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]}', "[" * 100000]))
    strategy = fuzz.fuzz_data(valid, OutlineForm(), skip={"file", "drawn"}).flatmap(
        lambda ex: st.one_of(st.just(ex), drawn.map(lambda d: ({**ex[0], "drawn": d}, ex[1] | {"drawn"}))))
    fuzz.fuzz_view(client, url, strategy, label="cases.OutlineForm", related={"drawn": {"__all__"}})
