"""Document numbers never repeat, even when several clerks issue at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from documents import services
from documents.models import CaseDocument, DocumentSequence

N = 8


@pytest.mark.django_db(transaction=True)
def test_numbers_never_repeat_under_concurrency(make_case, office):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this test is about: PostgreSQL only")
    # One case per thread: the only row they share is the (township, year, kind) sequence,
    # which does not exist yet, so creating it races too.
    drafts = [services.create_document(make_case(location_text=f"地块{i}"), by=office, kind="rectification")
              for i in range(N)]
    barrier = threading.Barrier(N)
    errors: list[BaseException] = []

    def issue(doc):
        try:
            barrier.wait(timeout=30)
            services.issue_document(doc, by=office)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    numbers = sorted(CaseDocument.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, N + 1))
    assert len(set(CaseDocument.objects.values_list("reference", flat=True))) == N
    assert DocumentSequence.objects.get().last == N
