"""Object permissions of the campaign (django-rules predicates).

The office of the campaign's township manages everything; leaders and the county read;
officers read and update the tasks that are theirs; a village coordinator sees only the
tasks of their own village. Lists are scoped by ``campaigns.selectors`` with the same answers.
"""

import rules

from landwatch.roles import Role
from landwatch.rules import is_coordinator, is_county, is_leader, is_office, is_officer, is_superuser
from territory.selectors import active_memberships, coordinator_villages, unit_in_scope


def _campaign_of(obj):
    return getattr(obj, "campaign", obj)


@rules.predicate
def township_in_scope(user, obj) -> bool:
    """The campaign (or the task's, meeting's … campaign) lies in a township the user works in or above."""
    if obj is None:
        return False
    return unit_in_scope(user, _campaign_of(obj).township)


@rules.predicate
def task_is_mine(user, task) -> bool:
    """Assigned to the user, or to a department they serve in with nobody named."""
    if task is None:
        return False
    if task.owner_id == user.pk:
        return True
    if task.owner_id is None and task.owner_unit_id:
        return any(m.unit_id == task.owner_unit_id and m.role == Role.OFFICER for m in active_memberships(user))
    return False


@rules.predicate
def task_of_my_village(user, task) -> bool:
    if task is None or not task.owner_unit_id:
        return False
    return any(v.pk == task.owner_unit_id for v in coordinator_villages(user))


reads_campaigns = is_office | is_leader | is_county | is_officer
can_read = is_superuser | (reads_campaigns & township_in_scope)
can_manage = is_superuser | (is_office & township_in_scope)

rules.add_perm("campaigns.view_campaign", can_read)
rules.add_perm("campaigns.manage_campaign", can_manage)
rules.add_perm("campaigns.view_task", can_read | (is_coordinator & task_of_my_village))
rules.add_perm("campaigns.update_task", can_manage | (is_officer & township_in_scope & task_is_mine))
