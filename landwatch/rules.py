"""Role predicates shared by every app's ``rules.py`` (django-rules).

Each app registers its object permissions with these, so "may this user do X to this
object" is always answered by ``user.has_perm("<app>.<action>", obj)``.
"""

import rules

from .roles import Role, has_role


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def role_predicate(*roles: str) -> rules.Predicate:
    """A predicate true when the user holds any of ``roles``."""

    def check(user) -> bool:
        return has_role(user, *roles)

    return rules.predicate(check, name=f"has_role:{'|'.join(roles)}")


is_office = role_predicate(Role.OFFICE)
is_leader = role_predicate(Role.LEADER)
is_officer = role_predicate(Role.OFFICER)
is_coordinator = role_predicate(Role.COORDINATOR)
is_county = role_predicate(Role.COUNTY)
is_township_staff = role_predicate(Role.OFFICE, Role.LEADER, Role.OFFICER)
