"""The main navigation, per role.

Each entry names a URL and the roles that see it. A name that does not reverse raises
(NoReverseMatch on every page, and in every test): a renamed URL cannot quietly drop out
of the menu.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, roles_of

ALL_STAFF = (Role.COUNTY, Role.LEADER, Role.OFFICE, Role.OFFICER, Role.COORDINATOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]


NAV_ITEMS = (
    NavItem(_("Home"), "home", ALL_STAFF),
    NavItem(_("Dashboard"), "dashboards:index", (Role.COUNTY, Role.LEADER, Role.OFFICE)),
    NavItem(_("My cases"), "cases:mine", (Role.OFFICER,)),
    NavItem(_("Cases"), "cases:list", ALL_STAFF),
    NavItem(_("Public reports"), "reports:list", (Role.COUNTY, Role.LEADER, Role.OFFICE)),
    NavItem(_("Findings"), "patrols:finding-list", (Role.OFFICE, Role.LEADER, Role.OFFICER, Role.COORDINATOR)),
    NavItem(_("Patrols"), "patrols:log-list", ALL_STAFF),
    NavItem(_("Satellite patches"), "patches:batch-list", ALL_STAFF),
    NavItem(_("Campaigns"), "campaigns:list", (Role.COUNTY, Role.LEADER, Role.OFFICE, Role.OFFICER)),
    NavItem(_("Farmland pledges"), "patrols:pledge-list", (Role.COUNTY, Role.LEADER, Role.OFFICE)),
    NavItem(_("Land projects"), "patrols:project-list", (Role.COUNTY, Role.LEADER, Role.OFFICE, Role.OFFICER)),
    NavItem(_("Territory"), "territory:unit-list", ALL_STAFF),
)


def nav_for(user) -> list[dict[str, str]]:
    held = roles_of(user)
    items = []
    for item in NAV_ITEMS:
        if not (user.is_superuser or held & set(item.roles)):
            continue
        items.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return items
