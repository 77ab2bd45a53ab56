"""Template helpers of the campaign pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def case_link(case) -> str:
    """The case number linked to its page."""
    return format_html('<a href="{}">{}</a>', reverse("cases:detail", args=[case.pk]), case.number)
