"""A public report's submission serialises the hourly limit per township without blocking the
township's other writes: a case or document referencing the township commits meanwhile (the soak
found a submission and a case's filing deadlocked on the township's row)."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from reports.services import one_submission_at_a_time
from tests.factories import UnitFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _holding(township, *, held: threading.Event, release: threading.Event) -> threading.Thread:
    def hold() -> None:
        from django.db import connection as own

        try:
            with transaction.atomic():
                one_submission_at_a_time(township)
                held.set()
                release.wait(10)
        finally:
            own.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    return thread


def test_a_write_referencing_the_township_commits_while_a_submission_holds_its_lock(territory):
    held, release = threading.Event(), threading.Event()
    thread = _holding(territory.township, held=held, release=release)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        try:
            with transaction.atomic():  # its foreign key to the township is checked at commit
                UnitFactory(kind="department", parent=territory.township, name="压测组")
        except OperationalError as error:
            pytest.fail(f"blocked by the submission's lock: {error}")
    finally:
        release.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def test_two_submissions_of_one_township_still_wait_for_each_other(territory):
    held, release = threading.Event(), threading.Event()
    thread = _holding(territory.township, held=held, release=release)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            one_submission_at_a_time(territory.township)
    finally:
        release.set()
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
