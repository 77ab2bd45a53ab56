"""``{{ value|json_data:"id" }}`` writes what Django's ``json_script`` writes, for any data."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.html import json_script
from django.utils.translation import gettext_lazy

from landwatch.templatetags.json_data import json_data

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- a & b > c -->",
    "&amp; &lt; \u2028 \u2029 \"quoted\" 'single' \\ back",
    "违法占地 & 「整改」 <b>",
    {"name": "</SCRIPT>", "nested": [{"url": "/cases/?a=1&b=<2>"}], "n": 3, "none": None},
    [Decimal("1234.50"), datetime.date(2022, 3, 15), 1.5, True, gettext_lazy("Cases by status")],
    {},
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_same_markup_as_djangos_json_script(value):
    assert json_data(value, "chart-data") == json_script(value, "chart-data")


def test_the_element_id_is_escaped_as_django_escapes_it():
    assert json_data([1], 'x" onload="y') == json_script([1], 'x" onload="y')


def test_the_filter_in_a_template_writes_no_markup_of_the_data():
    html = Template('{% load json_data %}{{ value|json_data:"outline" }}').render(
        Context({"value": {"title": "</script><img src=x onerror=alert(1)>"}})
    )
    assert html.startswith('<script id="outline" type="application/json">')
    assert html.count("</script>") == 1
    assert "<img" not in html
    assert "\\u003C/script\\u003E\\u003Cimg" in html
