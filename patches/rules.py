"""Object permissions of satellite patches (django-rules predicates).

Each combines a role with the territory's scope: a coordinator works in their own village, the
township's staff in their township (its inbox of patches in no village included).
"""

import rules

from landwatch.rules import is_coordinator, is_office, is_officer, is_superuser
from territory.selectors import unit_in_scope


@rules.predicate
def patch_in_scope(user, patch) -> bool:
    return patch is not None and (unit_in_scope(user, patch.village) or unit_in_scope(user, patch.township))


# 外业举证: the village's coordinator, or the township's officers and office.
rules.add_perm("patches.verify_patch", is_superuser | ((is_coordinator | is_officer | is_office) & patch_in_scope))
# Confirming a judgement, assigning a patch from the inbox, registering its case, closing it out: the office.
rules.add_perm("patches.handle_patch", is_superuser | (is_office & patch_in_scope))
