"""Map layers: a clerk loads the village boundaries and the 永久基本农田 of their township, and the map reads them."""

import json

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territory.models import Layer, LayerKind, Zone
from tests.factories import make_layer, metre_box


def _file(features, name="村界.geojson") -> SimpleUploadedFile:
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},
                  "features": [{"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(shape)}
                               for props, shape in features]}
    return SimpleUploadedFile(name, json.dumps(collection, ensure_ascii=False).encode())


def _load(client, territory, kind, features, name="丰乐镇村界"):
    return client.post(reverse("territory:layer-list"), {
        "unit": territory.township.pk, "kind": kind, "name": name, "file": _file(features)})


WEST = metre_box(499000, 3339000, 1000, 2000)
EAST = metre_box(500000, 3339000, 1000, 2000)


def test_the_office_loads_its_village_boundaries_matched_by_code_and_name(client, territory, office):
    client.force_login(office)
    response = _load(client, territory, LayerKind.VILLAGE_BOUNDARY,
                     [({"XZQDM": territory.village_a.code}, WEST), ({"村名": territory.village_b.name}, EAST)])
    assert response.status_code == 302
    layer = Layer.objects.get()
    assert (layer.kind, layer.unit, layer.zone_count, layer.loaded_by) == (
        LayerKind.VILLAGE_BOUNDARY, territory.township, 2, office)
    assert {z.village: round(float(z.area_m2)) for z in Zone.objects.all()} == {
        territory.village_a: 2_000_000, territory.village_b: 2_000_000}
    page = client.get(reverse("territory:layer-list"))
    assert "丰乐镇村界" in page.content.decode()


def test_a_boundary_naming_no_village_loads_nothing_and_says_which_row(client, territory, office):
    client.force_login(office)
    response = _load(client, territory, LayerKind.VILLAGE_BOUNDARY,
                     [({"XZQDM": territory.village_a.code}, WEST), ({"村名": territory.other_village.name}, EAST),
                      ({"XZQDM": territory.village_a.code}, EAST)])
    assert response.status_code == 200
    errors = response.context["errors"]
    assert len(errors) == 2 and "2" in errors[0] and "3" in errors[1]
    assert territory.township.name in errors[0]
    assert not Layer.objects.exists() and not Zone.objects.exists()


def test_loading_a_kind_again_replaces_the_layer_and_keeps_the_old_one(client, territory, office):
    client.force_login(office)
    _load(client, territory, LayerKind.BASIC_FARMLAND, [({"BSM": "1"}, WEST)], name="2024年度永久基本农田")
    _load(client, territory, LayerKind.BASIC_FARMLAND, [({"BSM": "1"}, WEST), ({"BSM": "2"}, EAST)],
          name="2025年度永久基本农田")
    old, new = Layer.objects.order_by("pk")
    assert old.replaced_at is not None and new.replaced_at is None
    assert Zone.objects.filter(layer=old).count() == 1
    client.get(reverse("territory:layer-list"))  # the messages of the two loads are shown
    table = client.get(reverse("territory:layer-list")).content.decode()
    assert "2025年度永久基本农田" in table and "2024年度永久基本农田" not in table


def test_a_file_that_is_not_gis_data_is_a_form_error(client, territory, office):
    client.force_login(office)
    response = client.post(reverse("territory:layer-list"), {
        "unit": territory.township.pk, "kind": LayerKind.OTHER, "name": "x",
        "file": SimpleUploadedFile("x.geojson", b"\x89PNG\r\n\x1a\n0000")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Layer.objects.exists()


@pytest.mark.parametrize("actor", ["coordinator_a", "officer", "leader"])
def test_who_does_not_keep_the_territory_cannot_load_a_layer(client, territory, request, actor):
    client.force_login(request.getfixturevalue(actor))
    page = client.get(reverse("territory:layer-list"))
    assert page.status_code == 200 and page.context["form"] is None
    response = _load(client, territory, LayerKind.OTHER, [({}, WEST)])
    assert response.status_code == 403
    assert not Layer.objects.exists()


def test_an_office_cannot_load_a_layer_for_another_township(client, territory, other_office):
    client.force_login(other_office)
    response = _load(client, territory, LayerKind.OTHER, [({}, WEST)])
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Layer.objects.exists()


def test_the_map_reads_a_layer_as_geojson_within_the_scope(client, territory, office, other_office, county_user):
    layer = make_layer(territory.county, LayerKind.BASIC_FARMLAND, [WEST], by=county_user, name="县永农")
    township_layer = make_layer(territory.township, LayerKind.VILLAGE_BOUNDARY, [WEST], by=office,
                                villages=[territory.village_a])
    client.force_login(office)
    body = client.get(reverse("territory:layer-geojson", args=[township_layer.pk])).json()
    assert body["features"][0]["properties"]["label"] == territory.village_a.name
    assert body["features"][0]["geometry"]["type"] == "Polygon"
    # The county's layer is seen in each of its townships; a township's is not seen in another.
    client.force_login(other_office)
    assert client.get(reverse("territory:layer-geojson", args=[layer.pk])).status_code == 200
    assert client.get(reverse("territory:layer-geojson", args=[township_layer.pk])).status_code == 404
