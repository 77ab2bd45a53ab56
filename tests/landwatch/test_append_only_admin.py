"""The admin of every append-only model: read-only after creation, nothing deleted, superuser included."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from landwatch.admin import AppendOnlyAdmin, AppendOnlyInline, check_append_only_admins
from landwatch.appendonly import AppendOnly, append_only_models

pytestmark = pytest.mark.django_db

# What the finding names: who, when, where and what of a piece of evidence may not be edited.
GUARDED = ("case", "event", "uploaded_by", "uploaded_at", "recorded_by", "recorded_at", "file", "sha256",
           "log", "finding", "inspection", "task", "actor", "at", "kind", "note")


def test_every_admin_and_inline_of_a_marked_model_has_the_read_only_shape():
    assert check_append_only_admins() == []
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, AppendOnly):
            assert isinstance(model_admin, AppendOnlyAdmin), model
        for inline in model_admin.inlines:
            if issubclass(inline.model, AppendOnly):
                assert issubclass(inline, AppendOnlyInline), inline


def test_a_superuser_cannot_edit_move_or_delete_evidence_in_the_admin(client, superuser, append_only_rows):
    rows = append_only_rows()
    client.force_login(superuser)
    registered = [m for m in append_only_models() if m in admin.site._registry]
    assert {"cases.CaseAttachment", "cases.EnforcementAction", "cases.DisciplinaryAction", "patrols.PatrolPhoto",
            "cases.CaseEvent", "patrols.PatrolEvent"} <= {m._meta.label for m in registered}
    for model in registered:
        row = rows[model._meta.label]
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        before = model_to_dict(row)
        page = client.get(reverse(f"{info}_change", args=[row.pk]))
        assert page.status_code == 200, model
        html = page.content.decode()
        for name in GUARDED:
            for tag in ("input", "select", "textarea"):
                assert f'<{tag} name="{name}"' not in html and f'name="{name}"' not in html, (model, name)
        other = {name: "" for name in before} | {"uploaded_at_0": "2020-01-01", "uploaded_at_1": "00:00:00"}
        assert client.post(reverse(f"{info}_change", args=[row.pk]), other).status_code == 403, model
        assert model_to_dict(model.objects.get(pk=row.pk)) == before, model
        assert client.get(reverse(f"{info}_delete", args=[row.pk])).status_code == 403, model
        assert client.post(reverse(f"{info}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403, model
        changelist = client.get(reverse(f"{info}_changelist"))
        assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode(), model
        bulk = client.post(reverse(f"{info}_changelist"),
                           {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
        assert model.objects.filter(pk=row.pk).exists() and bulk.status_code in (200, 302), model
