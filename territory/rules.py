"""Object permissions of the territory (django-rules predicates).

``user.has_perm("territory.view_unit", unit)`` answers for one unit; lists are scoped by
``territory.selectors.unit_scope_q`` with the same answer. ``unit_in_user_scope`` is the
predicate the other apps combine with a role for their own rules ("the office, where the
object's unit is theirs").
"""

import rules

from landwatch.rules import is_county, is_office, is_superuser

from .selectors import unit_in_scope


@rules.predicate
def unit_in_user_scope(user, unit) -> bool:
    return unit_in_scope(user, unit)


rules.add_perm("territory.view_unit", is_superuser | unit_in_user_scope)
rules.add_perm("territory.manage_unit", is_superuser | (is_office & unit_in_user_scope))

# Map layers (村界, 永久基本农田 …): loaded by the administrator, the county bureau for the county,
# or a township office for its township; every staff member sees the layers over their scope.
rules.add_perm("territory.load_layer", is_superuser | ((is_county | is_office) & unit_in_user_scope))
