"""The audit trail never holds a public reporter's name or phone (issue 23): the report itself is
read by the office and above only, the trail by whoever has the admin's audit page."""

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from landwatch.models import AuditEntry
from reports.models import PublicReport

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL-only"),
]

NAME, PHONE = "举报人钱某某", "13912345678"


def _trail_text() -> str:
    return json.dumps([[e.old_values, e.new_values, e.context] for e in AuditEntry.objects.all()],
                      ensure_ascii=False)


def test_a_report_and_its_handling_leave_no_reporter_identity_in_the_trail(client, territory, office, superuser):
    client.post(reverse("reports:submit"), {
        "township": territory.township.pk, "village": territory.village_a.pk, "what": "有人在耕地上建房",
        "place_text": "村口", "reporter_name": NAME, "reporter_phone": PHONE,
    })
    report = PublicReport.objects.get()
    assert (report.reporter_name, report.reporter_phone) == (NAME, PHONE)  # the report keeps them
    client.force_login(office)
    client.post(reverse("reports:reply", args=[report.pk]), {"reply": "已收到，正在核查。"})
    client.post(reverse("reports:accept", args=[report.pk]), {
        "into": "finding", "village": territory.village_a.pk, "category": "other", "urgency": "normal"})
    assert PublicReport.objects.get().status == "accepted"

    text = _trail_text()
    assert NAME not in text and PHONE not in text
    inserted = AuditEntry.objects.get(table_name="reports_publicreport", action="I")
    # The trail still says that a name and a phone were given, and keeps the rest of the row.
    assert inserted.new_values["reporter_name"] == "***" and inserted.new_values["reporter_phone"] == "***"
    assert inserted.new_values["what"] == "有人在耕地上建房"

    # The audit page (the admin's list and each entry) shows no identity either.
    client.force_login(superuser)
    pages = [reverse("admin:landwatch_auditentry_changelist")] + [
        reverse("admin:landwatch_auditentry_change", args=[e.pk])
        for e in AuditEntry.objects.filter(table_name="reports_publicreport")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert NAME not in body and PHONE not in body, url


def test_an_anonymous_report_stays_empty_in_the_trail(client, territory):
    client.post(reverse("reports:submit"), {
        "township": territory.township.pk, "village": territory.village_a.pk, "what": "有人挖土", "place_text": "河边"})
    inserted = AuditEntry.objects.get(table_name="reports_publicreport", action="I")
    assert inserted.new_values["reporter_name"] == "" and inserted.new_values["reporter_phone"] == ""


def test_the_migration_masks_rows_written_before(territory):
    AuditEntry.objects.create(table_name="reports_publicreport", row_id="1", action="U", at="2026-01-05T10:00Z",
                              old_values={"reporter_phone": PHONE}, new_values={"reporter_phone": "", "what": "x"})
    other = AuditEntry.objects.create(table_name="territory_responsibilityunit", row_id="1", action="U",
                                      at="2026-01-05T10:00Z", new_values={"phone": PHONE})
    module = importlib.import_module("landwatch.migrations.0005_mask_reporter_identity")
    module.mask_existing(apps, None)
    entry = AuditEntry.objects.get(table_name="reports_publicreport")
    assert entry.old_values == {"reporter_phone": "***"} and entry.new_values == {"reporter_phone": "", "what": "x"}
    other.refresh_from_db()
    assert other.new_values == {"phone": PHONE}  # a unit's phone is no reporter's
