"""The project's form renderer: Django's widget templates, except the select and the label, drawn in Python.

A select is the one widget whose cost grows with the data: the case list's filter draws every
village, officer and campaign in scope (about 260 options for a county), and drawing each option
through the template engine cost more than reading the page's cases. ``render_select`` writes
the markup of Django's select.html, select_option.html and attrs.html in one pass: the same
HTML to the character, escaped the same way (tests/landwatch/test_renderers.py). A label is
drawn the same way (``render_label``, Django's label.html): the case list's filter draws
seventeen, 1 ms through the template. Every other widget keeps its template, so
templates/django/forms/ can still override one.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
LABEL_TEMPLATE = "django/forms/label.html"


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str:
    """Django's select.html (with select_option.html) for the context a Select builds, optgroups included."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f'{conditional_escape(option["label"])}</option>\n'
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value above is escaped


def render_label(context: dict) -> str:
    """Django's label.html for the context ``BoundField.label_tag`` builds: the tag when the field has an id."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = context["tag"]
    return mark_safe(f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>")  # escaped above


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        return super().render(template_name, context, request)
