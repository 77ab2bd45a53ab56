"""Object permissions of patrols, findings, plans, pledges and projects (django-rules predicates).

Each combines a role with the territory's scope (``territory.rules.unit_in_user_scope``).
"""

import rules

from landwatch.rules import is_coordinator, is_office, is_officer, is_superuser
from territory.rules import unit_in_user_scope
from territory.selectors import coordinator_villages, unit_in_scope


@rules.predicate
def coordinates_village(user, village) -> bool:
    return village is not None and any(v.pk == village.pk for v in coordinator_villages(user))


@rules.predicate
def log_in_scope(user, log) -> bool:
    return log is not None and unit_in_scope(user, log.village)


@rules.predicate
def logged_it(user, log) -> bool:
    return log is not None and log.created_by_id == user.pk


# Filing a patrol or a finding for a village: its coordinator, or the township's office and officers.
rules.add_perm(
    "patrols.log_patrol",
    is_superuser | (is_coordinator & coordinates_village) | ((is_office | is_officer) & unit_in_user_scope),
)
rules.add_perm("patrols.withdraw_log", is_superuser | (log_in_scope & (is_office | logged_it)))
# Handling a finding (dismissing it, registering it as a case) is the office's job.
rules.add_perm("patrols.handle_finding", is_superuser | (is_office & log_in_scope))
# Plans (object: the township), pledges and projects (object: the village) are kept by the office.
rules.add_perm("patrols.manage_plan", is_superuser | (is_office & unit_in_user_scope))
rules.add_perm("patrols.manage_pledge", is_superuser | (is_office & unit_in_user_scope))
rules.add_perm("patrols.manage_project", is_superuser | (is_office & unit_in_user_scope))
rules.add_perm("patrols.inspect_project", is_superuser | ((is_office | is_officer) & unit_in_user_scope))
