"""Object permissions of the territory (django-rules predicates).

``user.has_perm("patrols.view_unit", unit)`` answers for one unit; lists are scoped by
``patrols.selectors.unit_scope_q`` with the same answer.
"""

import rules

from landwatch.rules import is_office, is_superuser

from .selectors import unit_in_scope


@rules.predicate
def unit_in_user_scope(user, unit) -> bool:
    return unit_in_scope(user, unit)


rules.add_perm("patrols.view_unit", is_superuser | unit_in_user_scope)
rules.add_perm("patrols.manage_unit", is_superuser | (is_office & unit_in_user_scope))
