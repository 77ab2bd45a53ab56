"""Writes of public reports: receiving one from the public, and the office's handling of it.

``submit_report`` is the one write an anonymous visitor can make; the hourly limits are
counted on the stored rows (no shared cache is configured), inside the same transaction that
adds the row, so two quick submissions cannot both pass a limit of one. Every office action
takes the acting user as ``by``, checks ``reports.handle_report`` on the locked row, records a
``ReportAction`` and marks the report handled (``last_action_at``).
"""

import hashlib
import hmac
import os
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landwatch.uploads import IMAGES, check_upload, discard_files_on_error, sha256_of
from territory.models import ResponsibilityUnit

from .models import PublicReport, ReportAction, ReportPhoto, ReportStatus

# Receipt numbers are random, not counted: a number says nothing of how many reports there are,
# and the check code (shown once, stored as a hash) keeps a guessed number from opening a report.
_RECEIPT_DIGITS = 10
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand
_CODE_LENGTH = 8
MAX_PHOTOS = 5


class ReportError(ValidationError):
    """A report refused (a limit reached, a wrong state): nothing was written."""


def sender_hash(address: str) -> str:
    """A keyed hash of the sender's network address: equal for equal addresses, the address not kept."""
    return hmac.new(settings.SECRET_KEY.encode(), f"report-sender:{address}".encode(), hashlib.sha256).hexdigest()


def check_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def code_matches(report: PublicReport, code: str) -> bool:
    return hmac.compare_digest(report.check_hash, check_hash(code or ""))


def _check_limits(*, sender: str, phone: str) -> None:
    since = timezone.now() - timezone.timedelta(hours=1)
    recent = PublicReport.objects.filter(submitted_at__gte=since)
    if recent.filter(sender_hash=sender).count() >= settings.LANDWATCH_REPORTS_PER_HOUR_PER_SENDER:
        raise ReportError(_("Too many reports from this connection in the last hour; please try again later."),
                          code="rate_sender")
    if phone and recent.filter(reporter_phone=phone).count() >= settings.LANDWATCH_REPORTS_PER_HOUR_PER_PHONE:
        raise ReportError(_("Too many reports with this phone number in the last hour; please try again later."),
                          code="rate_phone")


def submit_report(*, township: ResponsibilityUnit, village: ResponsibilityUnit | None, what: str,
                  place_text: str = "", latitude=None, longitude=None, reporter_name: str = "",
                  reporter_phone: str = "", sender_address: str,
                  photos: Sequence[UploadedFile] = ()) -> tuple[PublicReport, str]:
    """Receive a report from the public; return it and its check code (shown once, never stored).

    Without a village the report waits in the township office's queue. Raises ``ReportError``
    when the sender or the phone reached the hourly limit, ``ValidationError`` for a photo that
    is not a real image; either way nothing is kept, files included.
    """
    if village is not None and village.township_id != township.pk:
        raise ReportError(_("This village is not in the township chosen."), code="village_township")
    kinds = [check_upload(photo, allowed=IMAGES) for photo in photos[:MAX_PHOTOS]]
    sender = sender_hash(sender_address)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _i in range(_CODE_LENGTH))
    with discard_files_on_error() as stored, transaction.atomic():
        one_submission_at_a_time(township)
        _check_limits(sender=sender, phone=reporter_phone)
        for _attempt in range(5):
            receipt = "".join(secrets.choice("0123456789") for _i in range(_RECEIPT_DIGITS))
            if not PublicReport.objects.filter(receipt=receipt).exists():
                break
        report = PublicReport(
            receipt=receipt, check_hash=check_hash(code), township=township, village=village, what=what.strip(),
            place_text=place_text.strip(), latitude=latitude, longitude=longitude,
            reporter_name=reporter_name.strip(), reporter_phone=reporter_phone.strip(), sender_hash=sender,
        )
        report.full_clean(exclude=["receipt", "check_hash", "sender_hash"])
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # the one-in-ten-billion clash of two receipts: the sender tries again
            raise ReportError(_("The report could not be saved; please send it again."), code="receipt") from None
        for photo, kind in zip(photos, kinds, strict=False):
            row = ReportPhoto(report=report, kind=kind, sha256=sha256_of(photo))
            row.file.save(photo.name or "photo", photo, save=False)
            stored(row.file)
            row.save()
        ReportAction.objects.create(report=report, kind=ReportAction.Kind.RECEIVED)
    return report, code


def one_submission_at_a_time(township: ResponsibilityUnit) -> None:
    """Hold the township's row until the transaction ends: the count of the hourly limits and the
    insert are one step, so two quick submissions from one sender cannot both pass the limit.

    FOR NO KEY UPDATE, not FOR UPDATE: every write that references the township (a case, a
    document, the report itself) takes FOR KEY SHARE on its row when its foreign keys are checked
    at commit; FOR UPDATE would block those, and with the data version row they also update, a
    submission and a case's filing deadlocked under load (bench/soak.py, docs/RELIABILITY.md).
    """
    ResponsibilityUnit.objects.select_for_update(no_key=True).filter(pk=township.pk).first()


def _locked(report: PublicReport, *, by) -> PublicReport:
    locked = (PublicReport.objects.select_for_update(of=("self",)).select_related("township", "village")
              .get(pk=report.pk))
    if by is None or not by.has_perm("reports.handle_report", locked.township):
        raise PermissionDenied(_("You may not do this here."))
    return locked


def _open(locked: PublicReport) -> None:
    if locked.status != ReportStatus.NEW:
        raise ReportError(_("This report has already been handled (%(status)s)."), code="handled",
                          params={"status": locked.get_status_display()})


def _handled(locked: PublicReport, report: PublicReport, *, by, kind: str, note: str = "",
             fields: Sequence[str] = ()) -> PublicReport:
    locked.last_action_at = timezone.now()
    locked.save(update_fields=[*fields, "last_action_at"])
    ReportAction.objects.create(report=locked, kind=kind, actor=by, note=note)
    for name in (*fields, "last_action_at"):
        setattr(report, name, getattr(locked, name))
    return locked


@transaction.atomic
def accept_report(report: PublicReport, *, by, village: ResponsibilityUnit | None = None,
                  category: str = "other", urgency: str = "normal"):
    """Accept a report as a patrol finding (线索) of its village; return the finding.

    The finding carries what was seen and where, never who reported it: from there it is
    registered as a case (``cases.services.register_case_from_finding``) or dismissed like any
    finding. ``village`` is required when the report has none.
    """
    from patrols.models import PatrolFinding
    from patrols.services import report_finding

    locked = _locked(report, by=by)
    _open(locked)
    village = village or locked.village
    if village is None:
        raise ReportError(_("Choose the village the report is about."), code="village_required")
    if village.township_id != locked.township_id:
        raise ReportError(_("This village is not in the report's township."), code="village_township")
    finding = report_finding(PatrolFinding(
        village=village, location_text=(locked.place_text or village.name)[:200], latitude=locked.latitude,
        longitude=locked.longitude, description=locked.what, suspected_category=category, urgency=urgency,
    ), by=by)
    _copy_photos_to_finding(locked, finding, by=by)
    locked.status, locked.finding, locked.village = ReportStatus.ACCEPTED, finding, village
    _handled(locked, report, by=by, kind=ReportAction.Kind.ACCEPTED,
             fields=["status", "finding", "village"])
    return finding


def _photo_file(photo) -> File:
    """The stored file of a report photo, opened, named by its stored name (never the reporter's)."""
    handle = photo.file.open("rb")
    return File(handle, name=os.path.basename(photo.file.name))


def _copied(photo, copy_sha256: str) -> None:
    if copy_sha256 != photo.sha256:  # the stored file changed since it was received: not evidence
        raise ReportError(_("A photo of the report no longer matches its hash; it was not copied."),
                          code="photo_hash")


def _copy_photos_to_finding(report: PublicReport, finding, *, by) -> None:
    """The report's photos become the finding's, with the time they were sent and their hash.

    Copies, not moves: the report keeps its own (append-only) photos. Files written here are
    removed again if the transaction fails (``discard_files_on_error``).
    """
    from patrols.models import PatrolPhoto

    with discard_files_on_error() as stored:
        for photo in report.photos.all():
            with _photo_file(photo) as upload:
                copy = PatrolPhoto(finding=finding, kind=photo.kind, sha256=sha256_of(upload),
                                   original_name=upload.name[:200], uploaded_by=by, uploaded_at=photo.uploaded_at)
                _copied(photo, copy.sha256)
                copy.file.save(upload.name, upload, save=False)
                stored(copy.file)
                copy.save()


@transaction.atomic
def accept_report_as_case(report: PublicReport, *, by, village: ResponsibilityUnit | None = None,
                          category: str = "other", urgency: str = "normal", title: str, party_name: str,
                          area_m2):
    """Accept a report and register its finding as a case at once; return the case.

    The report's photos go with it, in the same transaction: the finding's photos
    (``accept_report``) and the case's evidence, each on the timeline with the time it was
    sent and its hash. The reporter's identity goes nowhere (issue 23).
    """
    from cases.services import add_attachment, find_or_create_party, register_case_from_finding

    finding = accept_report(report, by=by, village=village, category=category, urgency=urgency)
    party = find_or_create_party(by=by, township=finding.village.township, name=party_name)
    case = register_case_from_finding(finding, by=by, title=title, party=party, area_m2=area_m2, source="report")
    for photo in report.photos.all():
        with _photo_file(photo) as upload:
            _copied(photo, sha256_of(upload))
            add_attachment(case, by=by, upload=upload, uploaded_at=photo.uploaded_at)
    return case


@transaction.atomic
def merge_report(report: PublicReport, *, by, into: PublicReport) -> PublicReport:
    """Fold a report into another one about the same site; its reporter then follows that one's progress."""
    locked = _locked(report, by=by)
    _open(locked)
    target = PublicReport.objects.get(pk=into.pk)
    if target.pk == locked.pk or target.township_id != locked.township_id:
        raise ReportError(_("Merge into another report of the same township."), code="merge_target")
    while target.merged_into_id is not None:  # follow a chain to the report still counted
        target = target.merged_into
    if target.pk == locked.pk:
        raise ReportError(_("Merge into another report of the same township."), code="merge_target")
    locked.status, locked.merged_into = ReportStatus.MERGED, target
    return _handled(locked, report, by=by, kind=ReportAction.Kind.MERGED, note=target.receipt,
                    fields=["status", "merged_into"])


@transaction.atomic
def dismiss_report(report: PublicReport, *, by, reason: str) -> PublicReport:
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Give the reason for dismissing this report."), code="reason_required")
    locked = _locked(report, by=by)
    _open(locked)
    locked.status, locked.dismiss_reason = ReportStatus.DISMISSED, reason
    return _handled(locked, report, by=by, kind=ReportAction.Kind.DISMISSED, note=reason,
                    fields=["status", "dismiss_reason"])


@transaction.atomic
def reply_to_report(report: PublicReport, *, by, reply: str) -> PublicReport:
    """Write (or rewrite) the reply the reporter reads on the status page; each version stays in the trail."""
    reply = (reply or "").strip()
    if not reply:
        raise ReportError(_("Write the reply."), code="reply_required")
    locked = _locked(report, by=by)
    locked.reply, locked.replied_at = reply, timezone.now()
    return _handled(locked, report, by=by, kind=ReportAction.Kind.REPLIED, note=reply,
                    fields=["reply", "replied_at"])
