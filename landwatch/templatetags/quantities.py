"""``{% load quantities %}``: every number a page shows, at its kind's precision (``landwatch.quantities``).

- ``{{ case.area_m2|quantity:"m2" }}`` → "1,234.50 平方米" (the number and its unit);
- ``{{ case.area_m2|number:"m2" }}`` → "1,234.50" (in a column whose header names the unit);
- ``{% unit "mu" %}`` → "亩" (for a header or a "done / task 亩" pair).

Kinds: m2, mu, score, yuan, ratio, intensity, count. An unknown kind is a programming error
and fails loudly rather than printing a number at some precision.
"""

from django import template

from landwatch import quantities

register = template.Library()


def _kind(name: str) -> quantities.Kind:
    try:
        return quantities.KINDS[name]
    except KeyError:
        raise template.TemplateSyntaxError(f"unknown quantity kind {name!r}") from None


@register.filter
def number(value, kind: str) -> str:
    return quantities.number(value, _kind(kind))


@register.filter
def quantity(value, kind: str) -> str:
    return quantities.with_unit(value, _kind(kind))


@register.simple_tag
def unit(kind: str) -> str:
    return quantities.unit(_kind(kind))
