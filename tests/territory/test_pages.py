"""The territory's pages kept the addresses users know when they moved out of patrols (issue #18)."""

from django.urls import resolve, reverse


def test_the_unit_pages_keep_their_addresses():
    assert reverse("territory:unit-list") == "/patrols/units/"
    assert reverse("territory:unit-detail", args=[7]) == "/patrols/units/7/"
    assert resolve("/patrols/units/7/").view_name == "territory:unit-detail"


def test_a_unit_links_to_its_page(territory):
    assert territory.village_a.get_absolute_url() == f"/patrols/units/{territory.village_a.pk}/"
