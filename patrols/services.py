"""Writes of the patrols app: territory membership, patrol logs, findings, pledges, projects."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FindingStatus, PatrolEvent, PatrolFinding, ResponsibilityUnit, UnitMembership

User = get_user_model()


@transaction.atomic
def add_member(
    *, user, unit: ResponsibilityUnit, role: str, post: str = "", by=None
) -> UnitMembership:
    """Put ``user`` in ``unit`` with ``role`` and into the role's auth group.

    Idempotent: an existing membership is reactivated and its post updated.
    """
    membership, _ = UnitMembership.objects.get_or_create(user=user, unit=unit, role=role)
    membership.post = post
    membership.active = True
    membership.full_clean()
    membership.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return membership


# ---------------------------------------------------------------------------
# Findings (线索): the only writers of PatrolFinding.status.
# ---------------------------------------------------------------------------


class FindingStateError(ValidationError):
    """A transition asked of a finding that is not in an allowed state (nothing was changed)."""


def _locked_finding(finding: PatrolFinding) -> PatrolFinding:
    return PatrolFinding.objects.select_for_update().get(pk=finding.pk)


@transaction.atomic
def mark_finding_registered(finding: PatrolFinding, *, by) -> PatrolFinding:
    """Record that ``finding`` became a case.

    Called by ``cases.services.register_case_from_finding`` inside its transaction, after
    it locked nothing yet: the row lock taken here makes a double click register once —
    the second call waits, then sees ``registered`` and raises ``FindingStateError``.
    The case itself points back through ``ViolationCase.source_finding``.
    """
    locked = _locked_finding(finding)
    if locked.status != FindingStatus.REPORTED:
        raise FindingStateError(
            _("This finding has already been handled (%(status)s)."),
            code="not_reported",
            params={"status": locked.get_status_display()},
        )
    locked.status = FindingStatus.REGISTERED
    locked.handled_by = by
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "handled_by", "handled_at"])
    PatrolEvent.objects.create(
        kind=PatrolEvent.Kind.FINDING_REGISTERED,
        finding=locked,
        log_id=locked.log_id,
        actor=by,
        data={"from": FindingStatus.REPORTED, "to": FindingStatus.REGISTERED},
    )
    _copy_state(locked, finding)
    return locked


@transaction.atomic
def dismiss_finding(finding: PatrolFinding, *, by, reason: str) -> PatrolFinding:
    """Close a lead that is not a violation (or a duplicate), with the reason on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for dismissing this finding."), code="reason_required")
    locked = _locked_finding(finding)
    if locked.status != FindingStatus.REPORTED:
        raise FindingStateError(
            _("This finding has already been handled (%(status)s)."),
            code="not_reported",
            params={"status": locked.get_status_display()},
        )
    locked.status = FindingStatus.DISMISSED
    locked.handled_by = by
    locked.handled_at = timezone.now()
    locked.dismiss_reason = reason
    locked.save(update_fields=["status", "handled_by", "handled_at", "dismiss_reason"])
    PatrolEvent.objects.create(
        kind=PatrolEvent.Kind.FINDING_DISMISSED,
        finding=locked,
        log_id=locked.log_id,
        actor=by,
        note=reason,
        data={"from": FindingStatus.REPORTED, "to": FindingStatus.DISMISSED},
    )
    _copy_state(locked, finding)
    return locked


def _copy_state(source: PatrolFinding, target: PatrolFinding) -> None:
    """Keep the caller's instance in step with the saved row."""
    if source is not target:
        for name in ("status", "handled_by_id", "handled_at", "dismiss_reason"):
            setattr(target, name, getattr(source, name))
