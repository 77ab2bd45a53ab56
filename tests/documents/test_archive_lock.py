"""The lock on an archived case, tried through every write URL of the permission matrix.

For each POST row of the matrix whose target belongs to a case (the case itself, a document, a
record, evidence), the superuser (whom no permission stops) posts the row's data twice in a
rolled-back savepoint: on the case as it is, and on the same case marked archived. On the archived
case nothing may be written: the audit trigger (every insert, update and delete of every table but
sessions) gains no row. The first post shows which URLs do write when the case is not locked, so the
lock, not a missing permission or a wrong status, is what refuses them.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from cases.models import ViolationCase
from landwatch.models import AuditEntry
from tests.landwatch.conftest import world  # noqa: F401 (the matrix's world, a module fixture)
from tests.landwatch.permission_matrix import entry_for, is_read_only, keys, routes, url_for

pytestmark = pytest.mark.django_db

# The one write an archived case takes: its reopening by the head (test_archive.py checks it).
ALLOWED = {"cases:reopen"}


def _case_of(obj):
    if isinstance(obj, ViolationCase):
        return obj
    for path in ("case", "document", "finding"):
        related = getattr(obj, path, None)
        if isinstance(related, ViolationCase):
            return related
        if related is not None and isinstance(getattr(related, "case", None), ViolationCase):
            return related.case
    return None


def _post(world, key):  # noqa: F811
    entry = entry_for(key, world)
    url = url_for(key, routes()[key], entry.kwargs(world))
    before = AuditEntry.objects.count()
    world.client("superuser").post(url, entry.data(world))
    return AuditEntry.objects.count() - before


def test_no_write_url_of_the_matrix_changes_an_archived_case(world):  # noqa: F811
    tried, wrote, leaked = [], [], []
    for key in keys("POST"):
        if key.startswith("admin:") or is_read_only(key) or key in ALLOWED:
            continue
        entry = entry_for(key, world)
        case = _case_of(world.objects.get(entry.target)) if entry.target else None
        if case is None:
            continue
        tried.append(key)
        with transaction.atomic():
            if _post(world, key):
                wrote.append(key)
            transaction.set_rollback(True)
        with transaction.atomic():
            ViolationCase.objects.filter(pk=case.pk).update(archived_at=timezone.now(), archive_sha256="0" * 64)
            if _post(world, key):
                leaked.append(key)
            transaction.set_rollback(True)
    assert not leaked, f"written on an archived case: {leaked}"
    # The lock is what refused: most of these URLs write on the same case unlocked.
    assert len(tried) >= 25 and len(wrote) >= 15, (tried, wrote)
