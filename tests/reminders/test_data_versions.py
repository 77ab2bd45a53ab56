"""Sending reminders and reading them leave every township's kept pages alone (landwatch/dataversion.py)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from landwatch import dataversion
from patrols.models import PatrolFinding
from reminders.models import InboxItem, Reminder
from reminders.services import send_reminders
from tests.factories import PatrolFindingFactory

from .conftest import day

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's"),
]


def test_a_run_of_send_reminders_and_a_reminder_read_change_no_version(territory, coordinator_a, office, holidays):
    finding = PatrolFindingFactory(village=territory.village_a, reported_by=coordinator_a)
    PatrolFinding.objects.filter(pk=finding.pk).update(reported_at=timezone.make_aware(datetime.datetime(2026, 9, 29)))
    versions = dataversion.current()
    send_reminders(today=day(10, 6), deliver=False)
    assert Reminder.objects.filter(kind="finding").exists()
    InboxItem.objects.filter(recipient=office).update(read_at=timezone.now())
    assert dataversion.current() == versions
