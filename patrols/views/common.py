"""Helpers shared by the patrols views: today's date, staged photos, the cases hand-over link."""

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from landwatch import queue

from ..models import PatrolFinding, PatrolPhoto
from ..services import stage_photo

MAX_PHOTOS_PER_FIELD = 12


def today() -> datetime.date:
    return timezone.localdate()


def stage_uploads(request: HttpRequest, *, field: str, draft_key: str, staged_for: str) -> list[str]:
    """Stage every file posted in ``field``; return the messages for those refused.

    Photos are kept before the rest of the form is validated so that a mistake elsewhere
    never costs the user a photo taken in the field.
    """
    errors: list[str] = []
    files = request.FILES.getlist(field)[:MAX_PHOTOS_PER_FIELD]
    if files and not draft_key:
        return errors
    # When each was taken, as the phone says (a log filed offline); files past the limit are not kept.
    for upload, moment in zip(files, queue.taken_times(request, field), strict=False):
        try:
            stage_photo(upload, by=request.user, draft_key=draft_key, staged_for=staged_for, taken_at=moment)
        except ValidationError as exc:
            errors.extend(f"{upload.name}: {m}" for m in exc.messages)
    return errors


def staged_photos(user, draft_key: str) -> list[PatrolPhoto]:
    if not draft_key:
        return []
    return list(
        PatrolPhoto.objects.filter(
            uploaded_by=user,
            draft_key=draft_key,
            log__isnull=True,
            finding__isnull=True,
            inspection__isnull=True,
        ).order_by("pk")
    )


def register_url(finding: PatrolFinding) -> str:
    """The cases app's "register this finding as a case" page (named, not imported: patrols imports no cases)."""
    return reverse("cases:register-from-finding", args=[finding.pk])


def case_of(finding: PatrolFinding):
    """The case registered from ``finding`` (``ViolationCase.source_finding``), if any."""
    try:
        return finding.case
    except ObjectDoesNotExist:
        return None
