"""Migration cases 0012 gives every existing case its 办案机关 by the rule of territory/competence.py.

Runs the real migration backwards and forwards on PostgreSQL: cases stored before it (at cases
0011) come out with the county department their category belongs to, or none where the county's
departments are not on record.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.models import ViolationCase
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0011_penalty_chain")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def test_existing_cases_get_their_authority(territory, county_departments, office):
    party = PartyFactory(township=territory.township)
    apps = _migrate(BEFORE)
    try:
        Case = apps.get_model("cases", "ViolationCase")
        common = dict(location_text="三组", area_m2=100, source="dynamic_patrol", created_by_id=office.pk,
                      discovered_on=datetime.date(2025, 3, 1), registered_on=datetime.date(2025, 3, 2))
        homestead = Case.objects.create(number="2025-001", title="一户多宅", party_id=party.pk,
                                        village_id=territory.village_a.pk, category="extra_homestead", **common)
        commercial = Case.objects.create(number="2025-002", title="经营性占地", party_id=party.pk,
                                         village_id=territory.village_a.pk, category="commercial", **common)
    finally:
        _migrate()
    assert ViolationCase.objects.get(pk=homestead.pk).authority == county_departments.agriculture
    assert ViolationCase.objects.get(pk=commercial.pk).authority == county_departments.natural_resources
