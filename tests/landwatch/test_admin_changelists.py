"""Every admin list joins only the relations it shows (landwatch.E002, landwatch/admin.py).

A list left to Django's default joins every non-null foreign key, five deep: the 公示 of a
decision joined sixteen tables, and in a test's transaction (statistics saying "one row" of
every table) PostgreSQL planned it as nested loops filtered row by row, which ran for over ten
minutes on 122 cases and held a CI run until it was stopped.
"""

import pytest
from django.contrib import admin
from django.core import checks

# The widest list that names its joins (the patrol events': log, finding, plan, pledge, their
# villages, the project and the actor). PostgreSQL hands a query of twelve tables or more to its
# genetic planner (geqo_threshold), whose join order is a guess.
MOST_JOINS = 9


def test_every_admin_that_lists_a_related_object_names_its_joins():
    assert [error for error in checks.run_checks(tags=[checks.Tags.admin]) if error.id == "landwatch.E002"] == []


@pytest.mark.django_db
def test_no_admin_list_joins_more_tables_than_it_shows(rf, superuser):
    joins = {}
    for model, model_admin in admin.site._registry.items():
        request = rf.get("/")
        request.user = superuser
        changelist = model_admin.get_changelist_instance(request)
        joins[model._meta.label] = str(changelist.get_queryset(request).query).count(" JOIN ")
    assert joins["cases.DecisionPublication"] == 1  # the case, for its number and title
    assert {label: n for label, n in joins.items() if n > MOST_JOINS} == {}
