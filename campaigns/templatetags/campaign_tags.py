"""Template helpers of the campaign pages."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def case_link(case) -> str:
    """The case number linked to its page; plain text while the cases pages are not mounted."""
    try:
        url = reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return format_html("{}", case.number)
    return format_html('<a href="{}">{}</a>', url, case.number)
