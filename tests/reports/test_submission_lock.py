"""A public report's submission serialises the hourly limit per township without blocking the
township's other writes (``tests/territory/test_township_row_locks.py``: a case or document
referencing the township commits meanwhile; the soak found a submission and a case's filing
deadlocked on the township's row)."""

import pytest
from django.db import OperationalError, connection, transaction

from reports.services import one_submission_at_a_time
from tests.together import holding, lock_timeout

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_two_submissions_of_one_township_still_wait_for_each_other(territory):
    with holding(lambda: one_submission_at_a_time(territory.township)), lock_timeout("1s"):
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            one_submission_at_a_time(territory.township)
