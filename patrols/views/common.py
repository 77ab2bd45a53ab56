"""Helpers shared by the patrols views: today's date, staged photos, the cases hand-over link."""

import datetime
import json

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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
    # When each was taken, as the phone says, in the files' order (a log filed offline: static/
    # landwatch/offline.js sends ``<field>_taken``, a JSON list of ISO moments).
    try:
        taken = json.loads(request.POST.get(f"{field}_taken") or "[]")
    except ValueError:
        taken = []
    taken = taken if isinstance(taken, list) else []
    for i, upload in enumerate(files):
        moment = taken_moment(taken[i]) if i < len(taken) and isinstance(taken[i], str) else None
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


def taken_moment(text: str) -> datetime.datetime | None:
    """When a photo was taken, as the phone sent it (ISO 8601 with its offset): kept only if it is
    no later than now (five minutes of clock drift allowed) and within the last year; else None."""
    try:
        moment = datetime.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    now = timezone.now()
    if not now - datetime.timedelta(days=366) <= moment <= now + datetime.timedelta(minutes=5):
        return None
    return moment


# --- what the phone's queue is answered (static/landwatch/offline.js) ----------------------------

QUEUE_HEADER = "X-LandWatch-Queue"  # a record the phone kept without a signal, sent by its queue


def sent(record) -> JsonResponse:
    return JsonResponse({"status": "sent", "url": record.get_absolute_url()}, status=201)


def received(request: HttpRequest, record, queued: bool) -> HttpResponse:
    """The answer to a record sent again: the one already saved, nothing written."""
    if queued:
        return JsonResponse({"status": "duplicate", "url": record.get_absolute_url()})
    messages.info(request, _("This record had already been received; it was not saved again."))
    return redirect(record)


def refused(*forms_and_errors, reasons=()) -> JsonResponse:
    """A refused record's reasons as the phone shows them: each form's "field: message", then the rest."""
    out: list[str] = []
    *forms, extra = forms_and_errors if forms_and_errors else ([],)
    for form in forms:
        if form is None:
            continue
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            out.extend(f"{label}: {message}" if label else str(message) for message in errors)
    return JsonResponse({"status": "refused", "reasons": [*out, *extra, *reasons]}, status=422)

