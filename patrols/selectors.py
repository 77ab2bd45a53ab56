"""Patrols, findings, plans, pledges and projects, scoped by who is asking.

The scope itself (which units a user may see) is the territory's: ``territory.selectors``.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from landwatch.filtering import get_row_or_404
from territory.models import ResponsibilityUnit
from territory.selectors import sees_everything, townships_visible_to, unit_scope_q, villages_visible_to

from .models import FarmlandPledge, FindingCount, LandProject, PatrolFinding, PatrolLog, PatrolPlan


def logs_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    return PatrolLog.objects.filter(unit_scope_q(user, "village"))


def findings_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    return PatrolFinding.objects.filter(unit_scope_q(user, "village"))


def finding_counts_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """The findings counted per village and status (``FindingCount``) where the user sees the findings."""
    return FindingCount.objects.filter(unit_scope_q(user, "village"))


def plans_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Plans of the townships the user works in (a coordinator sees the plans of their township)."""
    if sees_everything(user):
        return PatrolPlan.objects.all()
    return PatrolPlan.objects.filter(township__in=townships_visible_to(user))


def pledges_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    return FarmlandPledge.objects.filter(unit_scope_q(user, "village"))


def projects_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    return LandProject.objects.filter(unit_scope_q(user, "village"))


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_log_for_user(user, pk: int, *, write: bool = False):
    """A patrol log, 404 outside the user's scope, 403 when ``write`` and the user may not withdraw it."""
    log = get_row_or_404(logs_visible_to(user).select_related("village", "created_by", "withdrawn_by", "plan"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.withdraw_log", log))
    return log


def get_finding_for_user(user, pk: int, *, write: bool = False):
    """A finding, 404 outside the user's scope, 403 when ``write`` and the user may not handle findings."""
    finding = get_row_or_404(
        findings_visible_to(user).select_related("village", "log", "reported_by", "handled_by"), pk
    )
    if write:
        _deny_unless(user.has_perm("patrols.handle_finding", finding))
    return finding


def get_plan_for_user(user, pk: int, *, write: bool = False):
    plan = get_row_or_404(plans_visible_to(user).select_related("township", "responsible_unit"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_plan", plan.township))
    return plan


def get_pledge_for_user(user, pk: int, *, write: bool = False):
    pledge = get_row_or_404(pledges_visible_to(user).select_related("village", "created_by"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_pledge", pledge.village))
    return pledge


def get_project_for_user(user, pk: int, *, write: bool = False):
    project = get_row_or_404(projects_visible_to(user).select_related("village", "village__township"), pk)
    if write:
        _deny_unless(user.has_perm("patrols.manage_project", project.village))
    return project


def get_village_for_user(user, pk, *, perm: str):
    """A village the user may see (404 otherwise) on which they hold ``perm`` (403 otherwise)."""
    village = get_row_or_404(villages_visible_to(user).select_related("township"), pk)
    _deny_unless(user.has_perm(perm, village))
    return village


def villages_user_can_log(user) -> list[ResponsibilityUnit]:
    """Villages the user may file patrols for: a coordinator their own, township staff their township's."""
    return [
        v for v in villages_visible_to(user).order_by("sort_order", "name") if user.has_perm("patrols.log_patrol", v)
    ]


def sent_before(by, client_key: str) -> PatrolLog | None:
    """The log ``by`` already saved from the form ``client_key``, marked ``replayed``; None."""
    kept = PatrolLog.objects.filter(created_by=by, client_key=client_key).first()
    if kept is not None:
        kept.replayed = True
    return kept


def finding_sent_before(by, client_key: str) -> PatrolFinding | None:
    """The finding ``by`` already reported from the form ``client_key``, marked ``replayed``; None."""
    kept = PatrolFinding.objects.filter(reported_by=by, client_key=client_key).first()
    if kept is not None:
        kept.replayed = True
    return kept

