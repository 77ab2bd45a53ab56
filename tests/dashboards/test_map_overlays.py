"""The map's overlays: the layers in force, the latest 卫片 batches and this week's patrol coverage."""

import pytest
from django.urls import reverse
from django.utils import timezone

from territory.models import LayerKind
from tests.factories import PatrolLogFactory, make_layer, metre_box

pytestmark = pytest.mark.django_db


def test_the_map_offers_the_layers_and_colours_the_villages_by_patrols(client, territory, office, county_user):
    make_layer(territory.township, LayerKind.VILLAGE_BOUNDARY, [metre_box(499000, 3339000, 1000, 2000),
                                                               metre_box(500000, 3339000, 1000, 2000)],
               by=office, villages=[territory.village_a, territory.village_b], name="甲镇村界")
    farmland = make_layer(territory.county, LayerKind.BASIC_FARMLAND, [metre_box(500100, 3339100, 200, 200)],
                          by=county_user, name="县永农")
    PatrolLogFactory(village=territory.village_a, patrolled_on=timezone.localdate(), created_by=office)
    client.force_login(office)
    data = client.get(reverse("dashboards:map-data"), {"layer": farmland.pk}).json()
    overlays = {o["name"]: o for o in data["overlays"]}
    assert overlays["甲镇村界"]["on"] and overlays["县永农"]["on"]
    assert not overlays["本周巡查覆盖"]["on"]
    coverage = client.get(overlays["本周巡查覆盖"]["url"]).json()
    states = {f["properties"]["label"].split(" · ")[0]: f["properties"]["state"] for f in coverage["features"]}
    assert states == {territory.village_a.name: "done", territory.village_b.name: "none"}
