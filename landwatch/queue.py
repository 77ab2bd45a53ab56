"""What the phone's queue is answered (issue 24; static/landwatch/offline.js, docs/ARCHITECTURE.md
"Offline field work").

A record filed without a signal is sent by the queue with ``X-LandWatch-Queue: 1``; its view
answers JSON instead of a page: ``sent`` (201) with the record's address, ``duplicate`` (200) when
the record was received before (its form key), or ``refused`` (422) with every reason as the form
would show it, for the phone to show beside the record. A lapsed session gets the login redirect as
any request does, and the record waits.
"""

import datetime
import json
import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

HEADER = "X-LandWatch-Queue"
HEX = frozenset("0123456789abcdef")


def new_key() -> str:
    """A form's key, made when the form is opened (or on the phone, for a record filed offline)."""
    return uuid.uuid4().hex


def form_key(text: str | None) -> str:
    """The key a form sent, if it is one (1–40 lowercase hex characters, as ``new_key`` and the
    phone make them); else "". It ties the photos staged for the form to it, and a record sent
    again to the one already saved."""
    text = text or ""
    return text if len(text) <= 40 and HEX.issuperset(text) else ""


class KeyedForm(forms.Form):
    """A field form's key (``draft_key``), made when the form is opened: what is filed from it is
    saved once however often it is sent, and the photos staged for it are tied to it."""

    draft_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("draft_key", new_key())

    def clean_draft_key(self) -> str:
        return form_key(self.cleaned_data.get("draft_key"))


def phone_moment(text: str) -> datetime.datetime | None:
    """A moment as the phone sent it (ISO 8601 with its offset): when a photo was taken, when a record
    was filed without a signal. Kept only if it is no later than now (five minutes of clock drift
    allowed) and within the last year; else None."""
    try:
        moment = datetime.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    now = timezone.now()
    if not now - datetime.timedelta(days=366) <= moment <= now + datetime.timedelta(minutes=5):
        return None
    return moment


def taken_times(request: HttpRequest, field: str) -> list[datetime.datetime | None]:
    """When each file posted in ``field`` was taken, in the files' order: the queue sends
    ``<field>_taken``, a JSON list of ISO moments (``phone_moment``); None where it says nothing usable."""
    try:
        taken = json.loads(request.POST.get(f"{field}_taken") or "[]")
    except ValueError:
        taken = []
    count = len(request.FILES.getlist(field))
    taken = (taken if isinstance(taken, list) else [])[:count]
    return [phone_moment(text) if isinstance(text, str) else None for text in taken + [None] * (count - len(taken))]


def queued(request: HttpRequest) -> bool:
    """Whether this POST comes from the phone's queue."""
    return request.method == "POST" and request.headers.get(HEADER) == "1"


def filed_at(request: HttpRequest) -> datetime.datetime | None:
    """When the user filed the record on the phone, for a record the queue sends (``filed_at``): the
    act's moment, kept apart from when the server recorded it. None for a form the page sent (it is
    recorded as it is filed) or a moment ``phone_moment`` does not keep."""
    return phone_moment(request.POST.get("filed_at", "")) if queued(request) else None


def sent(url: str) -> JsonResponse:
    return JsonResponse({"status": "sent", "url": url}, status=201)


def received(request: HttpRequest, url: str, *, message: str = "") -> HttpResponse:
    """A record sent again: the one already saved, nothing written; JSON for the queue, else the
    record's page with a note."""
    if queued(request):
        return JsonResponse({"status": "duplicate", "url": url})
    messages.info(request, message or _("This record had already been received; it was not saved again."))
    return redirect(url)


def refused(*forms, reasons=()) -> JsonResponse:
    """A refused record: each form's errors as "field: message", then ``reasons``."""
    out: list[str] = []
    for form in forms:
        if form is None:
            continue
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            out.extend(f"{label}: {message}" if label else str(message) for message in errors)
    return JsonResponse({"status": "refused", "reasons": [*out, *reasons]}, status=422)
