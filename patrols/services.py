"""Writes of the patrols app: patrol logs, findings, plans, pledges, projects.

Every writer takes the acting user as ``by`` (keyword-only) and checks their right itself,
inside its transaction, with the same ``patrols.*`` rules the views ask first: the views
decide what to show, the services have the last word, so a new caller (a command, the demo,
another app) cannot write what its user may not. A refusal raises ``PermissionDenied`` and
writes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landwatch.uploads import IMAGES, IMAGES_AND_PDF, check_upload, discard_files_on_error, sha256_of
from landwatch.vocabulary import Category

from . import selectors
from .models import (
    FarmlandPledge,
    FindingStatus,
    LandProject,
    PatrolEvent,
    PatrolFinding,
    PatrolLog,
    PatrolPhoto,
    PatrolPlan,
    PatrolResult,
    PledgeAssessment,
    ProjectInspection,
    StagedFor,
    Urgency,
    result_for_total,
)


def _require(by, perm: str, *objects) -> None:
    """Refuse unless ``by`` holds ``perm`` on every one of ``objects`` (rows as stored, where it matters)."""
    if by is None or not all(by.has_perm(perm, obj) for obj in objects):
        raise PermissionDenied(_("You may not do this here."))


def _stored(instance, field: str):
    """``instance``'s ``field`` as its row holds it, the row locked; nothing for a new instance.

    A change must be allowed where the object is and where it goes: the office of one
    township cannot take another township's pledge by editing its village.
    """
    if instance.pk is None:
        return ()
    row = type(instance).objects.select_for_update(of=("self",)).select_related(field).get(pk=instance.pk)
    return (getattr(row, field),)


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
    _require(by, "patrols.handle_finding", locked)
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
    _require(by, "patrols.handle_finding", locked)
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


# ---------------------------------------------------------------------------
# Photos: checked, hashed and staged before their form is accepted.
# ---------------------------------------------------------------------------


def may_stage_photo(user, staged_for: str) -> bool:
    """May ``user`` stage a photo for ``staged_for`` (anything unknown: for any form at all)?

    Staging is allowed to whoever may fill in a form that takes the photo: a patrol or a
    finding (a village they may log for), an inspection (a village whose projects they inspect).
    """
    from territory.selectors import villages_visible_to

    from .selectors import villages_user_can_log

    def may_inspect() -> bool:
        return any(user.has_perm("patrols.inspect_project", v) for v in villages_visible_to(user))

    if staged_for == StagedFor.INSPECTION:
        return may_inspect()
    if staged_for in StagedFor.values:
        return bool(villages_user_can_log(user))
    return bool(villages_user_can_log(user)) or may_inspect()


def stage_photo(upload: UploadedFile, *, by, draft_key: str, staged_for: str,
                taken_at: datetime.datetime | None = None) -> PatrolPhoto:
    """Keep a photo server-side before its patrol, finding or inspection exists.

    A coordinator in a field on a slow connection must not lose a photo because another
    field was wrong: each photo is checked and stored as soon as it arrives, tied to the
    form's ``draft_key``; the service that saves the form attaches it. The same photo sent
    again for the same form (a queue sending a record once more) is the photo already kept.
    ``taken_at`` is when the phone took it, as the phone says (``landwatch.queue.phone_moment``). Raises
    ``ValidationError`` for a file that is not a real image.
    """
    if by is None or not may_stage_photo(by, staged_for):
        raise PermissionDenied(_("You may not do this here."))
    kind = check_upload(upload, allowed=IMAGES)
    digest = sha256_of(upload)
    photo = PatrolPhoto(
        kind=kind,
        sha256=digest,
        original_name=(upload.name or "")[:200],
        draft_key=draft_key,
        staged_for=staged_for,
        uploaded_by=by,
        taken_at=taken_at,
    )
    with discard_files_on_error() as stored, transaction.atomic():
        if draft_key:
            # One user's sends of one form one at a time (two sends of a queued log may arrive
            # together): the same photo for the same form is the one already kept. FOR NO KEY
            # UPDATE, not FOR UPDATE: every write naming this user (an event's actor, a record's
            # author) takes FOR KEY SHARE on the user's row when its foreign keys are checked at
            # commit; FOR UPDATE blocked it, and with the data version rows both raise at commit,
            # an investigation record and a photo of the same officer deadlocked in the soak (as
            # a public report and a filing once did on a township's row, reports/services.py).
            get_user_model().objects.select_for_update(no_key=True).only("pk").get(pk=by.pk)
            kept = PatrolPhoto.objects.filter(uploaded_by=by, draft_key=draft_key, staged_for=staged_for,
                                              sha256=digest).first()
            if kept is not None:
                return kept
        photo.file.save(upload.name or "photo", upload, save=False)
        stored(photo.file)
        photo.save()
    return photo


def _attach_staged(*, by, draft_key: str, staged_for: str, **owner) -> int:
    if not draft_key:
        return 0
    return PatrolPhoto.objects.filter(
        uploaded_by=by,
        draft_key=draft_key,
        staged_for=staged_for,
        log__isnull=True,
        finding__isnull=True,
        inspection__isnull=True,
    ).update(**owner)  # the draft key stays: the photo is append-only, its owner alone is filled once


# ---------------------------------------------------------------------------
# Patrol logs and findings.
# ---------------------------------------------------------------------------


def _saved_once(row, twin):
    """Save ``row`` (a log or finding carrying its form's key); None once saved. When the key's unique
    constraint refuses it — a twin sent at the same moment was saved first, the database waiting
    for it — the twin (``twin()``), and this one is not saved."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        kept = twin() if row.client_key else None
        if kept is None:
            raise
        return kept
    return None


@transaction.atomic
def create_patrol_log(
    log: PatrolLog,
    *,
    by,
    patrollers=(),
    departments=(),
    other_villages=(),
    finding: PatrolFinding | None = None,
    draft_key: str = "",
    reported_at: datetime.datetime | None = None,
) -> PatrolLog:
    """Save a patrol, its optional finding and the photos staged for both.

    ``log`` and ``finding`` are unsaved instances holding the cleaned form data. ``by`` must
    be allowed to log for the log's village and for every other village it covered. A
    finding makes the result "suspected violation" whatever was ticked.

    Exactly once: the form's ``draft_key`` is made for it when it is opened (on the server, or
    on the phone for a log filed offline) and kept as the log's ``client_key``; the same log
    sent again by the same user — however often, even at the same moment — is the log already
    saved (``selectors.sent_before``), returned with ``replayed`` set and nothing written.
    ``reported_at``: when the finding was filed, as ``report_finding``'s.
    """
    if draft_key:
        kept = selectors.sent_before(by, draft_key)
        if kept is not None:
            return kept
    other_villages = [v for v in other_villages if v.pk != log.village_id]
    _require(by, "patrols.log_patrol", log.village, *other_villages)
    log.created_by = by
    log.client_key = draft_key
    if finding is not None:
        log.result = PatrolResult.SUSPECTED_VIOLATION
    log.full_clean(exclude=["created_by"])
    if (kept := _saved_once(log, lambda: selectors.sent_before(by, draft_key))) is not None:
        return kept
    log.patrollers.set(patrollers)
    log.departments.set(departments)
    log.other_villages.set(other_villages)
    _attach_staged(by=by, draft_key=draft_key, staged_for=StagedFor.LOG, log=log)
    PatrolEvent.objects.create(kind=PatrolEvent.Kind.LOG_CREATED, log=log, actor=by)
    if finding is not None:
        finding.log = log
        finding.village = log.village
        report_finding(finding, by=by, draft_key=draft_key, reported_at=reported_at)
    return log


@transaction.atomic
def withdraw_log(log: PatrolLog, *, by, reason: str) -> PatrolLog:
    """Take a wrong log out of the coverage figures; the log itself stays on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for withdrawing this log."), code="reason_required")
    locked = PatrolLog.objects.select_for_update(of=("self",)).select_related("village").get(pk=log.pk)
    _require(by, "patrols.withdraw_log", locked)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This log has already been withdrawn."), code="already_withdrawn")
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    locked.withdraw_reason = reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    PatrolEvent.objects.create(kind=PatrolEvent.Kind.LOG_WITHDRAWN, log=locked, actor=by, note=reason)
    return locked


@transaction.atomic
def report_finding(finding: PatrolFinding, *, by, draft_key: str = "", client_key: str = "",
                   reported_at: datetime.datetime | None = None) -> PatrolFinding:
    """Put a new lead in the office's queue, with the photos staged for it.

    ``by`` must be allowed to log for the finding's village (its coordinator, the township's
    office and officers). A finding reported on its own carries its form's key (``client_key``):
    sent again by the same user, it is the finding already saved, marked ``replayed``, and nothing
    is written (as ``create_patrol_log``). ``reported_at``: when it was filed in the field, for one
    the phone's queue sends later (``landwatch.queue.filed_at``); else now. Its time limit counts
    from it.
    """
    if client_key:
        kept = selectors.finding_sent_before(by, client_key)
        if kept is not None:
            return kept
    _require(by, "patrols.log_patrol", finding.village)
    finding.reported_by = by
    finding.reported_at = reported_at or timezone.now()
    finding.status = FindingStatus.REPORTED
    finding.client_key = client_key
    finding.full_clean(exclude=["reported_by", "log"])
    if (kept := _saved_once(finding, lambda: selectors.finding_sent_before(by, client_key))) is not None:
        return kept
    _attach_staged(by=by, draft_key=draft_key, staged_for=StagedFor.FINDING, finding=finding)
    PatrolEvent.objects.create(
        kind=PatrolEvent.Kind.FINDING_REPORTED,
        finding=finding,
        log_id=finding.log_id,
        actor=by,
        data={"urgency": finding.urgency, "category": finding.suspected_category},
    )
    return finding


# ---------------------------------------------------------------------------
# Plans, pledges, projects.
# ---------------------------------------------------------------------------


@transaction.atomic
def save_plan(plan: PatrolPlan, *, by, villages, departments=()) -> PatrolPlan:
    """Create or change a patrol plan; its villages must lie in its township."""
    _require(by, "patrols.manage_plan", plan.township, *_stored(plan, "township"))
    if plan.pk is None:
        plan.created_by = by
    bad = [v for v in villages if v.township_id != plan.township_id]
    if bad:
        raise ValidationError({"villages": _("Every village must belong to the plan's township.")})
    plan.full_clean(exclude=["created_by"])
    plan.save()
    plan.villages.set(villages)
    plan.departments.set(departments)
    PatrolEvent.objects.create(kind=PatrolEvent.Kind.PLAN_SAVED, plan=plan, actor=by)
    return plan


def save_pledge(pledge: FarmlandPledge, *, by, scan: UploadedFile | None = None) -> FarmlandPledge:
    """Create or change a village's pledge; a new scan replaces the old one (hash kept).

    The pledge is checked before its scan is stored, and a scan stored for a pledge that then
    fails to save is deleted again: a refused pledge leaves no file behind.
    """
    with discard_files_on_error() as stored, transaction.atomic():
        _require(by, "patrols.manage_pledge", pledge.village, *_stored(pledge, "village"))
        if pledge.pk is None:
            pledge.created_by = by
        if scan is not None:
            check_upload(scan, allowed=IMAGES_AND_PDF)
            pledge.scan_sha256 = sha256_of(scan)
        pledge.full_clean(exclude=["created_by"])
        if scan is not None:
            pledge.scan.save(scan.name or "pledge.pdf", scan, save=False)
            stored(pledge.scan)
        pledge.save()
        PatrolEvent.objects.create(
            kind=PatrolEvent.Kind.PLEDGE_SAVED, pledge=pledge, actor=by, data={"scan": bool(scan)}
        )
    return pledge


@transaction.atomic
def assess_pledge(pledge: FarmlandPledge, assessment: PledgeAssessment, *, by) -> PledgeAssessment:
    """Record (or correct) the year-end score; the total and the result band are derived here only."""
    pledge = FarmlandPledge.objects.select_for_update(of=("self",)).select_related("village").get(pk=pledge.pk)
    _require(by, "patrols.manage_pledge", pledge.village)
    if assessment.pk is not None and assessment.pledge_id != pledge.pk:
        raise PermissionDenied(_("You may not do this here."))
    assessment.pledge = pledge
    assessment.assessed_by = by
    assessment.total = assessment.compute_total()
    assessment.result = result_for_total(assessment.total)
    assessment.full_clean(exclude=["pledge", "assessed_by"])
    assessment.save()
    PatrolEvent.objects.create(
        kind=PatrolEvent.Kind.PLEDGE_ASSESSED,
        pledge=pledge,
        actor=by,
        data={"total": str(assessment.total), "result": assessment.result},
    )
    return assessment


@transaction.atomic
def save_project(project: LandProject, *, by) -> LandProject:
    """Create or change a project card (一宗一卡), kept by the office of its village's township."""
    _require(by, "patrols.manage_project", project.village, *_stored(project, "village"))
    if project.pk is None:
        project.created_by = by
    project.full_clean(exclude=["created_by"])
    project.save()
    PatrolEvent.objects.create(kind=PatrolEvent.Kind.PROJECT_SAVED, project=project, actor=by)
    return project


@transaction.atomic
def record_inspection(inspection: ProjectInspection, *, by, draft_key: str = "") -> ProjectInspection:
    """Save a site inspection; a violation seen becomes a finding in the office's queue.

    The finding is what the office registers as a case (through cases), so a project's
    violation follows the same road as one seen on patrol.
    """
    project = LandProject.objects.select_related("village").get(pk=inspection.project_id)
    _require(by, "patrols.inspect_project", project.village)
    inspection.project = project
    inspection.created_by = by
    inspection.full_clean(exclude=["created_by", "project"])
    if inspection.violation_found:
        finding = PatrolFinding(
            village=project.village,
            location_text=f"{project.name}（{project.parcel}）"[:200],
            description=inspection.findings or str(_("Violation found at a land project inspection.")),
            suspected_category=Category.COMMERCIAL,
            urgency=Urgency.URGENT,
        )
        inspection.finding = report_finding(finding, by=by)
    inspection.save()
    _attach_staged(by=by, draft_key=draft_key, staged_for=StagedFor.INSPECTION, inspection=inspection)
    PatrolEvent.objects.create(
        kind=PatrolEvent.Kind.PROJECT_INSPECTED,
        project=project,
        finding=inspection.finding,
        actor=by,
        data={"inspection": inspection.pk, "violation": inspection.violation_found},
    )
    return inspection
