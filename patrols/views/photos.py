"""Photos: served only after checking access through what they belong to; staged by the page script."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from landwatch import queue
from landwatch.uploads import serve_protected

from ..models import PatrolPhoto, StagedFor
from ..selectors import findings_visible_to, logs_visible_to, projects_visible_to
from ..services import may_stage_photo, stage_photo


def _may_see(user, photo: PatrolPhoto) -> bool:
    if photo.is_staged:
        return photo.uploaded_by_id == user.pk
    if photo.log_id and logs_visible_to(user).filter(pk=photo.log_id).exists():
        return True
    if photo.finding_id and findings_visible_to(user).filter(pk=photo.finding_id).exists():
        return True
    if photo.inspection_id:
        return projects_visible_to(user).filter(inspections__pk=photo.inspection_id).exists()
    return False


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PatrolPhoto, pk=pk)
    if not _may_see(request.user, item):
        raise Http404
    ext = {"jpeg": "jpg", "png": "png"}.get(item.kind, "jpg")
    return serve_protected(item.file, download_name=f"photo-{item.pk}.{ext}")


@login_required
@require_POST
def photo_stage(request: HttpRequest) -> JsonResponse:
    """Keep one photo server-side as soon as it is taken (the form page's script calls this).

    Answers JSON: ``{"id", "url", "name"}`` or ``{"error"}`` with status 400.
    """
    staged_for = request.POST.get("staged_for", "")
    draft_key = queue.form_key(request.POST.get("draft_key"))
    # Permission first: someone who may stage nothing learns nothing about what a valid request looks like.
    if not may_stage_photo(request.user, staged_for):
        raise PermissionDenied
    if staged_for not in StagedFor.values or not draft_key:
        return JsonResponse({"error": "bad request"}, status=400)
    upload = request.FILES.get("photo")
    if upload is None:
        return JsonResponse({"error": "no file"}, status=400)
    try:
        item = stage_photo(upload, by=request.user, draft_key=draft_key, staged_for=staged_for,
                           taken_at=queue.phone_moment(request.POST.get("taken_at", "")))
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"id": item.pk, "url": item.get_absolute_url(), "name": item.original_name})
