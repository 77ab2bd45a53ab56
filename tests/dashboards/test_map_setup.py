"""The map's setup hints (the tile URL setting, coordinate systems) are for the administrator only.

The leading group saw "设置 LANDWATCH_MAP_TILE_URL" and WGS-84/GCJ-02 offsets under the
dashboard's map: configuration is the system administrator's (staff/superuser) business.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HINTS = ("LANDWATCH_MAP_TILE_URL", "GCJ-02", "WGS-84", "data-map-setup")


@pytest.mark.parametrize("url_name", ["dashboards:index", "dashboards:map"])
def test_the_leading_group_sees_the_map_without_setup_hints(client, leader, office, county_user, township_data,
                                                              url_name):
    for user in (leader, office, county_user):
        client.force_login(user)
        body = client.get(reverse(url_name)).content.decode()
        assert 'data-map-summary="case-map"' in body  # the map is there
        assert [h for h in HINTS if h in body] == [], user


@pytest.mark.parametrize("url_name", ["dashboards:index", "dashboards:map"])
def test_the_administrator_sees_the_setup_hints(client, admin_user, leader, township_data, url_name, settings):
    client.force_login(admin_user)
    body = client.get(reverse(url_name)).content.decode()
    assert "设置 LANDWATCH_MAP_TILE_URL" in body and "GCJ-02" in body
    # a configured tile server: only the coordinate note is left
    settings.LANDWATCH_MAP_TILE_URL = "https://tiles.example.invalid/{z}/{x}/{y}.png"
    body = client.get(reverse(url_name)).content.decode()
    assert "LANDWATCH_MAP_TILE_URL" not in body and "GCJ-02" in body
    # the leader after the administrator: the kept dashboard body holds no hint of the admin's
    client.force_login(leader)
    assert "GCJ-02" not in client.get(reverse(url_name)).content.decode()
