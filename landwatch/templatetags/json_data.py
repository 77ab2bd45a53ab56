"""``{% load json_data %}``: ``{{ value|json_data:"element-id" }}``, Django's ``json_script`` written faster.

The same ``<script id=… type="application/json">`` with the same escapes (``<``, ``>`` and ``&``
as ``\\u003C``, ``\\u003E``, ``\\u0026``; tests/landwatch/test_json_data.py holds the two equal).
Django escapes with ``str.translate``, which looks up every character of the JSON in a dict:
the county dashboard's six charts are 61 KB of JSON, 2.4 ms of its 10 ms body. Three
``str.replace`` calls do the same in C.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def json_data(value, element_id: str) -> str:
    """``django.utils.html.json_script(value, element_id)``, the same markup."""
    text = (
        json.dumps(value, cls=DjangoJSONEncoder)
        .replace("&", "\\u0026")
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
    )
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))


register.filter("json_data", json_data)
