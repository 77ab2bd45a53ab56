"""Object permissions of cases (django-rules).

Where a user sits decides which cases they see (``cases.selectors.cases_visible_to``);
their role *in the case's township* decides what they may do:

- ``cases.view``: anyone whose scope covers the case's village (coordinator: own village;
  township staff: their township; county: all townships below).
- ``cases.manage`` / ``cases.decide``: the office of the case's township (register, assign,
  decide, withdraw, reopen, resolve, discipline).
- ``cases.act``: the office, or the officer the case is assigned to (notice,
  self-correction, re-inspection, enforcement records, evidence).
- ``cases.approve``: a leader of the case's township (enforcement; "no action" on a
  commercial case).
- ``cases.register``: no object; any office member.

All answers come from the memberships cached on the user: no query per case.
"""

import rules

from landwatch.roles import Role
from landwatch.rules import is_office, is_superuser
from territory.selectors import active_memberships, unit_in_scope


def roles_over(user, unit) -> set[str]:
    """The roles ``user`` holds over ``unit`` (a village), through memberships whose scope covers it."""
    if unit is None or not user.is_authenticated:
        return set()
    held = set()
    for membership in active_memberships(user):
        if membership.role in (Role.COORDINATOR, Role.COUNTY):
            root = membership.unit
        else:
            root = membership.unit.township or membership.unit
        if unit.path.startswith(root.path):
            held.add(membership.role)
    return held


@rules.predicate
def can_see_case(user, case) -> bool:
    return case is not None and unit_in_scope(user, case.village)


@rules.predicate
def is_case_office(user, case) -> bool:
    return case is not None and Role.OFFICE in roles_over(user, case.village)


@rules.predicate
def is_case_leader(user, case) -> bool:
    return case is not None and Role.LEADER in roles_over(user, case.village)


@rules.predicate
def is_case_assignee(user, case) -> bool:
    return (
        case is not None
        and case.assignee_id is not None
        and case.assignee_id == user.pk
        and Role.OFFICER in roles_over(user, case.village)
    )


rules.add_perm("cases.view", is_superuser | can_see_case)
rules.add_perm("cases.register", is_superuser | is_office)
rules.add_perm("cases.manage", is_superuser | is_case_office)
rules.add_perm("cases.decide", is_superuser | is_case_office)
rules.add_perm("cases.act", is_superuser | is_case_office | is_case_assignee)
rules.add_perm("cases.approve", is_superuser | is_case_leader)
rules.add_perm("cases.discipline", is_superuser | is_case_office)
# The penalty chain. Interim: the township's own people; competence (territory/competence.py)
# narrows these to the case's 办案机关 and its staff.
rules.add_perm("cases.file", is_superuser | is_case_leader)
rules.add_perm("cases.investigate", is_superuser | is_case_office | is_case_assignee)
rules.add_perm("cases.decide_penalty", is_superuser | is_case_leader)
# 法制审核: the office or a leader of the case's township enters it; the service also asks
# for a legal-review qualification valid that day (行政处罚法 第五十八条第二款).
rules.add_perm("cases.legal_review", is_superuser | is_case_office | is_case_leader)
