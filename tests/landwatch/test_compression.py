"""Pages and the map's JSON go out gzip-compressed; downloads that are compressed already do not.

``landwatch.compression.TextGZipMiddleware``; the reasoning (application, not proxy; BREACH)
is in README, "Deploying".
"""

import gzip
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ViolationCaseFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
# Django masks the CSRF token afresh in every response: two renderings differ only there.
CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|csrf-token" content=")[^"]+')


def _same_page(body: bytes) -> bytes:
    return CSRF.sub(rb"\1-", body)


@pytest.fixture
def cases(territory):
    return [
        ViolationCaseFactory(village=territory.village_a, latitude=Decimal("30.75") + i, longitude=Decimal("120.75"))
        for i in range(5)
    ]


@pytest.mark.parametrize("name", ["home", "cases:list", "dashboards:index", "dashboards:map-data"])
def test_pages_and_map_data_are_compressed_for_a_browser_that_accepts_gzip(client, superuser, cases, name):
    client.force_login(superuser)
    plain = client.get(reverse(name))
    compressed = client.get(reverse(name), **GZIP)
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert _same_page(gzip.decompress(compressed.content)) == _same_page(plain.content)


@pytest.mark.parametrize("name", ["documents:ledger", "documents:import-template"])
def test_excel_downloads_are_sent_as_they_are(client, superuser, cases, name):
    """An .xlsx is a ZIP already: compressing it again costs time and its Content-Length."""
    client.force_login(superuser)
    response = client.get(reverse(name), **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    body = b"".join(response.streaming_content)
    assert body.startswith(b"PK\x03\x04")
