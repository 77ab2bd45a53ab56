"""Pages of satellite patches: the batches with their progress, one batch by township and village,
one patch with its map, photos and the steps open to the user, the county's export, the map's data."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from landwatch import queue
from landwatch.downloads import download_response
from landwatch.exports import XLSX, export_filename
from landwatch.filtering import get_row_or_404
from landwatch.uploads import serve_protected
from territory import geo
from territory.geo import GeoImportError
from territory.models import LayerKind, Zone
from territory.selectors import units_loading_layers, villages_visible_to

from . import services
from .export import write_batch
from .forms import (
    AssignForm,
    BatchUploadForm,
    CloseForm,
    JudgeForm,
    PatchFilterForm,
    PhotoForm,
    ReasonForm,
    Versioned,
)
from .models import Judgement, PatchPhoto, PatchStatus
from .selectors import batches_visible_to, figures, get_patch_for_user, patches_visible_to

PAGE_SIZE = 50
# The patches a phone keeps from one batch page for verification without a signal (and the
# neighbours drawn on a patch's map): a village's share of a batch is far less.
KEEP_LIMIT = 200


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    """The batches over the user's scope with their progress, and (for who may) the form that loads one."""
    units = units_loading_layers(request.user)
    form = None
    if units.exists():
        form = BatchUploadForm(request.POST or None, request.FILES or None, units=units)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                batch = services.load_batch(unit=data["unit"], name=data["name"], issued_on=data["issued_on"],
                                            verify_by=data["verify_by"], close_by=data["close_by"],
                                            upload=data["file"], by=request.user)
            except GeoImportError as exc:
                form.add_error("file", exc.message)
                return render(request, "patches/batch_list.html", _batches(request, form, exc.errors))
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
            else:
                count = batch.patch_count
                text = ngettext("%(name)s loaded: %(count)d patch.", "%(name)s loaded: %(count)d patches.", count)
                messages.success(request, text % {"name": batch.name, "count": count})
                return redirect(batch)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "patches/batch_list.html", _batches(request, form, []))


def _batches(request, form, errors) -> dict:
    batches = list(batches_visible_to(request.user).order_by("-issued_on", "-pk"))
    rows = {row["batch_id"]: row for row in figures(
        patches_visible_to(request.user).filter(batch__in=[b.pk for b in batches]), by="batch")}
    return {"batches": [(b, rows.get(b.pk)) for b in batches], "form": form, "errors": errors}


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: its figures per township and village (the inbox last), and its patches, filtered."""
    batch = get_row_or_404(batches_visible_to(request.user), pk)
    patches = patches_visible_to(request.user).filter(batch=batch)
    townships = figures(patches, by="township")
    villages = (villages_visible_to(request.user).filter(township__in=[r["township_id"] for r in townships])
                .order_by("path").values_list("pk", "name"))
    form = PatchFilterForm(request.GET or None, villages=villages)
    listed = form.filter(patches)
    listed = listed.select_related("village", "township", "case").defer("geometry", "properties").order_by("number")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return render(request, "patches/batch_detail.html", {
        "batch": batch, "total": figures(patches)[0], "townships": townships,
        "villages": figures(patches, by="village"), "page": page, "form": form,
        "page_query": "".join(f"{urlencode({k: v})}&" for k, v in chosen.items() if v),
        "keep": _to_keep(request.user, patches),
    })


def _to_keep(user, patches) -> list[str]:
    """The pages of the batch's patches waiting for this user's field verification, for the phone
    to keep (static/landwatch/offline.js, ``data-keep``): each opens without a signal, with its map."""
    pending = patches.filter(status=PatchStatus.PENDING).select_related("township", "village")
    first = pending.order_by("pk").first()
    if first is None or not user.has_perm("patches.verify_patch", first):
        return []
    return [reverse("patches:detail", args=[pk]) for pk in
            pending.order_by("village__path", "number").values_list("pk", flat=True)[:KEEP_LIMIT]]


@login_required
@require_GET
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's figures as the county reports them upward (same numbers as the page), and its patches."""
    batch = get_row_or_404(batches_visible_to(request.user), pk)
    patches = patches_visible_to(request.user).filter(batch=batch)
    body = write_batch(batch, figures(patches)[0], figures(patches, by="township"), figures(patches, by="village"),
                       patches.select_related("township", "village", "case").defer("geometry").order_by("number"))
    return download_response(body, filename=export_filename(batch.name, _("progress"), suffix=".xlsx"),
                             content_type=XLSX)


@login_required
@require_GET
def patch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patch = get_patch_for_user(request.user, pk)
    return render(request, "patches/patch_detail.html", _detail(request, patch))


def _detail(request, patch, **forms) -> dict:
    user = request.user
    may_verify = user.has_perm("patches.verify_patch", patch) and patch.status == PatchStatus.PENDING
    may_handle = user.has_perm("patches.handle_patch", patch)
    version = {"version": patch.version}
    context = {
        "patch": patch,
        "photos": list(patch.photos.select_related("uploaded_by")),
        "events": list(patch.events.select_related("by")),
        "shape": {"patch": geo.to_geojson(patch.shape), "village": _village_outline(patch),
                  "others": _village_patches(user, patch)},
        "photo_form": forms.get("photo_form") or (PhotoForm() if may_verify else None),
        "judge_form": forms.get("judge_form") or (JudgeForm(initial=version) if may_verify else None),
        "may_handle": may_handle,
        "tile_url": settings.LANDWATCH_MAP_TILE_URL,
    }
    if may_handle and patch.status == PatchStatus.JUDGED:
        context["confirm_form"] = forms.get("confirm_form") or Versioned(initial=version)
        context["return_form"] = forms.get("return_form") or ReasonForm(initial=version)
    if may_handle and patch.village_id is None:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            initial=version, villages=villages_visible_to(user).filter(township=patch.township_id).order_by("path"))
    if may_handle and patch.status == PatchStatus.CONFIRMED and patch.judgement == Judgement.ILLEGAL:
        if patch.case_id is None:
            context["register_url"] = reverse("cases:register-from-patch", args=[patch.pk])
        elif patch.case.status == "closed":
            context["close_form"] = forms.get("close_form") or CloseForm(initial=version)
    context.update(forms)  # a form sent back with its errors is shown, whatever the step's state
    return context


def _village_outline(patch) -> dict | None:
    """The boundary of the patch's village, drawn under it: the map's landmark where no tiles are served."""
    if patch.village_id is None:
        return None
    zone = (Zone.objects.filter(village=patch.village_id, layer__kind=LayerKind.VILLAGE_BOUNDARY,
                                layer__replaced_at__isnull=True).only("geometry").first())
    return geo.to_geojson(zone.shape) if zone else None


def _village_patches(user, patch) -> list[dict]:
    """The batch's other patches in the same village, drawn faint and linked on the patch's map: a page
    the phone kept leads to the next patch without a signal."""
    if patch.village_id is None:
        return []
    rows = (patches_visible_to(user).filter(batch=patch.batch_id, village=patch.village_id).exclude(pk=patch.pk)
            .only("pk", "number", "status", "geometry").order_by("number")[:KEEP_LIMIT])
    return [{"number": p.number, "status": p.get_status_display(), "url": p.get_absolute_url(),
             "geometry": geo.to_geojson(p.shape)} for p in rows]


def _refused(request, patch, exc) -> HttpResponse:
    if queue.queued(request):
        return queue.refused(reasons=[str(exc)])
    messages.error(request, str(exc))
    return redirect(patch)


# The field steps (a photo, the judgement) may be filed on the phone without a signal and sent by
# its queue (static/landwatch/offline.js, landwatch/queue.py): each is recorded once under its form's
# key, and a refusal answers the queue with its reasons.

@login_required
@require_POST
def add_photo(request: HttpRequest, pk: int) -> HttpResponse:
    patch = get_patch_for_user(request.user, pk)
    if not request.user.has_perm("patches.verify_patch", patch):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            photo = services.add_photo(patch, data["photo"], by=request.user, latitude=data["latitude"],
                                       longitude=data["longitude"], heading=data["heading"],
                                       taken_at=queue.taken_times(request, "photo")[0], client_key=data["draft_key"])
        except ValidationError as exc:
            form.add_error("photo", exc)
        except services.PatchError as exc:
            return _refused(request, patch, exc)
        else:
            url = f"{patch.get_absolute_url()}#photos"
            if getattr(photo, "replayed", False):
                return queue.received(request, url, message=_("This photo had already been received; it was not "
                                                              "added again."))
            if queue.queued(request):
                return queue.sent(url)
            if photo.outside:
                messages.warning(request, _("The photo was taken %(distance).0f m outside the patch; it is flagged.")
                                 % {"distance": photo.distance_m})
            else:
                messages.success(request, _("Photo added."))
            return redirect(patch)
    if queue.queued(request):
        return queue.refused(form)
    return render(request, "patches/patch_detail.html", _detail(request, patch, photo_form=form), status=200)


@login_required
@require_POST
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    patch = get_patch_for_user(request.user, pk)
    if not request.user.has_perm("patches.verify_patch", patch):
        raise PermissionDenied
    form = JudgeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            judged = services.judge(patch, by=request.user, judgement=data["judgement"], basis=data["basis"],
                                    approval_number=data["approval_number"], expected_version=data["version"],
                                    client_key=data["draft_key"], judged_at=queue.filed_at(request))
        except services.PatchError as exc:
            return _refused(request, patch, exc)
        if judged.replayed:
            return queue.received(request, patch.get_absolute_url(), message=_(
                "This judgement had already been received; it was not recorded again."))
        if queue.queued(request):
            return queue.sent(patch.get_absolute_url())
        messages.success(request, _("Judgement recorded; it waits for the office's confirmation."))
        return redirect(patch)
    if queue.queued(request):
        return queue.refused(form)
    return render(request, "patches/patch_detail.html", _detail(request, patch, judge_form=form))


def _office_step(request, pk, form_class, step, done: str, form_name: str) -> HttpResponse:
    """An office step on a patch: its right, its form, the service; a refusal goes back to the patch."""
    patch = get_patch_for_user(request.user, pk)
    if not request.user.has_perm("patches.handle_patch", patch):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(patch, form.cleaned_data)
        except services.PatchError as exc:
            return _refused(request, patch, exc)
        messages.success(request, done)
        return redirect(patch)
    return render(request, "patches/patch_detail.html", _detail(request, patch, **{form_name: form}))


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _office_step(request, pk, Versioned, lambda p, d: services.confirm(
        p, by=request.user, expected_version=d["version"]), _("Judgement confirmed."), "confirm_form")


@login_required
@require_POST
def return_patch(request: HttpRequest, pk: int) -> HttpResponse:
    return _office_step(request, pk, ReasonForm, lambda p, d: services.return_for_verification(
        p, by=request.user, reason=d["reason"], expected_version=d["version"]),
        _("Sent back for verification."), "return_form")


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    patch = get_patch_for_user(request.user, pk)
    if not request.user.has_perm("patches.handle_patch", patch):
        raise PermissionDenied
    form = AssignForm(request.POST, villages=villages_visible_to(request.user).filter(township=patch.township_id))
    if form.is_valid():
        try:
            services.assign_village(patch, village=form.cleaned_data["village"], by=request.user,
                                    expected_version=form.cleaned_data["version"])
        except services.PatchError as exc:
            return _refused(request, patch, exc)
        messages.success(request, _("Patch assigned to %(village)s.") % {"village": form.cleaned_data["village"]})
        return redirect(patch)
    return render(request, "patches/patch_detail.html", _detail(request, patch, assign_form=form))


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _office_step(request, pk, CloseForm, lambda p, d: services.close_out(
        p, by=request.user, note=d["note"], expected_version=d["version"]), _("Patch closed out."), "close_form")


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_row_or_404(PatchPhoto.objects.filter(patch__in=patches_visible_to(request.user)), pk)
    return serve_protected(item.file, download_name=item.original_name or f"photo-{item.pk}")


@login_required
@require_GET
def geojson(request: HttpRequest) -> HttpResponse:
    """The patches of a batch (``?batch=``) as GeoJSON for the map: number, status, judgement, link."""
    batch = get_row_or_404(batches_visible_to(request.user), request.GET.get("batch"))
    rows = patches_visible_to(request.user).filter(batch=batch).only(
        "pk", "number", "status", "judgement", "geometry", "village__name").select_related("village")
    features = [{"type": "Feature", "geometry": geo.to_geojson(p.shape), "properties": {
        "id": p.pk, "number": p.number, "status": p.status, "judgement": p.judgement,
        "village": p.village.name if p.village_id else ""}} for p in rows]
    body = json.dumps({"type": "FeatureCollection", "name": batch.name, "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type="application/geo+json")
