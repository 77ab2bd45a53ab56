"""The patch pages read a fixed number of queries, whatever the number of patches, photos and events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patches import services
from tests.factories import metre_box

from .conftest import jpeg, load

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grid(n: int, start: int = 0):
    """``n`` patches of 20 m × 20 m on a 30 m grid over both villages."""
    cells = [divmod(start + i, 60) for i in range(n)]
    return [({"TBBH": f"Q{start + i:05d}"}, metre_box(499050 + 30 * col, 3339050 + 30 * row, 20, 20))
            for i, (row, col) in enumerate(cells)]


def test_the_batch_pages_and_a_patch_read_the_same_queries_for_2_and_200_patches(
        client, territory, office, coordinator_b, boundaries):
    client.force_login(office)
    small = load(territory, office, _grid(2))
    patch = small.patches.order_by("number").first()
    urls = [reverse("patches:batch-list"), small.get_absolute_url(), patch.get_absolute_url(),
            reverse("patches:geojson") + f"?batch={small.pk}"]
    before = [_count(client, url) for url in urls]
    big = load(territory, office, _grid(200, start=2))
    for p in big.patches.order_by("number")[:5]:
        services.add_photo(p, jpeg(), by=office)
    for _ in range(4):
        services.add_photo(patch, jpeg(), by=office)
    after = [_count(client, url) for url in urls[:1]] + [
        _count(client, big.get_absolute_url()), _count(client, patch.get_absolute_url()),
        _count(client, reverse("patches:geojson") + f"?batch={big.pk}")]
    assert after == before
    assert max(after) <= MAX_QUERIES
