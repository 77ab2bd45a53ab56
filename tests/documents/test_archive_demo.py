"""The demo holds one archived case (立卷归档): its case file stored, its page readable, the case locked."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.archive_demo import ARCHIVED_CASE
from documents.models import CaseArchive

pytestmark = pytest.mark.django_db


def test_the_demo_holds_one_archived_case(client):
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    archive = CaseArchive.objects.get()
    case = archive.case
    assert case.title == ARCHIVED_CASE and case.archived_at is not None and case.archive_sha256 == archive.pdf_sha256
    titles = [row["title"] for row in archive.index]
    assert titles[0] != "执行与结案" and titles[-1] == "执行与结案" and "整改通知书" in titles
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="office"))
    page = client.get(reverse("documents:archive", args=[case.pk])).content.decode()
    assert "data-archive-locked" in page and archive.pdf_sha256 in page
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    assert CaseArchive.objects.count() == 1  # idempotent
