"""The select drawn in Python (landwatch/renderers.py) writes what Django's select template writes."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from landwatch.renderers import FormRenderer

HOSTILE = '<script>alert("x")</script> & \'q\''


def both(widget, value, attrs=None):
    return (widget.render("field", value, attrs=attrs, renderer=DjangoTemplates()),
            widget.render("field", value, attrs=attrs, renderer=FormRenderer()))


@pytest.mark.parametrize("value", ["", "2", None, ["2"], 3])
def test_a_select_is_the_same_html_as_djangos_template(value):
    widget = forms.Select(
        choices=[("", "All"), ("1", "杨柳山村"), ("2", HOSTILE), (3, "三"),
                 (HOSTILE, [("a", "A"), ("b", HOSTILE)])],
        attrs={"class": "form-select", "required": True, "disabled": False, "data-note": HOSTILE},
    )
    django_html, ours = both(widget, value, attrs={"id": "id_field", "aria-describedby": "id_field_error"})
    assert ours == django_html
    assert "<script>" not in ours


def test_a_multiple_select_and_a_radio_keep_their_templates():
    choices = [("1", "一"), ("2", HOSTILE)]
    for widget in (forms.SelectMultiple(choices=choices), forms.RadioSelect(choices=choices),
                   forms.NullBooleanSelect()):
        django_html, ours = both(widget, ["2"] if isinstance(widget, forms.SelectMultiple) else "2")
        assert ours == django_html


def test_the_case_list_filter_keeps_the_chosen_village_selected(client, office, territory):
    client.force_login(office)
    village = territory.village_b
    html = client.get("/cases/", {"village": village.pk}).content.decode()
    assert f'<option value="{village.pk}" selected>{village.name}</option>' in html


class _LabelForm(forms.Form):
    village = forms.CharField(label=HOSTILE)
    note = forms.CharField(label="备注", required=False, widget=forms.TextInput(attrs={"id": "id_note_custom"}))
    hidden = forms.CharField(label="无标签", required=False)


@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_a_label_is_the_same_html_as_djangos_template(auto_id):
    for renderer in (DjangoTemplates(), FormRenderer()):
        form = _LabelForm(auto_id=auto_id, renderer=renderer)
        form.required_css_class = "required"
        drawn = [form[name].label_tag(attrs={"class": "form-label", "data-x": HOSTILE}) for name in form.fields]
        drawn += [form["note"].label_tag(contents="<b>自带</b>", tag="legend"), form["hidden"].label_tag()]
        if isinstance(renderer, DjangoTemplates):
            django_html = drawn
    assert drawn == django_html
    assert "<script>" not in "".join(drawn)
