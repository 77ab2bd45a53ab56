"""卫片图斑: the change patches of a satellite check, verified in the field and turned into cases.

The ministry sends the county a batch (一期卫片) of patches, each a polygon with its number,
administrative code, area and land type. Each patch is assigned to the village whose boundary
holds most of it (``patches.services.load_batch``); one in no village waits in its township
office's inbox. A patch is verified in the field with photos (外业举证) and judged 合法 / 违法 /
其他 with its basis; the office confirms the judgement; an illegal patch becomes a case, or joins
an open case nearby, and is closed out (销号) when its case is resolved.

    pending ──judge──▶ judged ──confirm──▶ confirmed ──(illegal, its case resolved) close──▶ closed
        ▲                 │
        └────return───────┘
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landwatch import links
from landwatch.appendonly import AppendOnly
from landwatch.quantities import square_metres_to_mu
from landwatch.uploads import UploadTo
from landwatch.vocabulary import ChoiceLabels
from territory.models import ResponsibilityUnit, Shaped, ShapedQuerySet

# A photo taken farther than this outside its patch is flagged (issue 22: "more than 50 m outside").
PHOTO_OUTSIDE_M = 50


class PatchBatch(models.Model):
    """One batch of patches (一期卫片) for a county or a township, with its due dates."""

    name = models.CharField(_("name"), max_length=100, help_text=_("For example 2026年第三季度卫片."))
    unit = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("area covered"), on_delete=models.PROTECT, related_name="patch_batches",
        help_text=_("The county or township the batch was sent to."),
    )
    issued_on = models.DateField(_("date sent"))
    verify_by = models.DateField(_("field verification due"))
    close_by = models.DateField(_("closing out due"))
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    patch_count = models.PositiveIntegerField(_("patches"), default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("loaded by"), on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("patch batch")
        verbose_name_plural = _("patch batches")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(verify_by__gte=models.F("issued_on"))
                                   & models.Q(close_by__gte=models.F("verify_by")), name="patch_batch_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.pk_url("patches:batch-detail", self.pk)


class PatchStatus(models.TextChoices):
    PENDING = "pending", _("To verify")
    JUDGED = "judged", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CLOSED = "closed", _("Closed out")


class Judgement(models.TextChoices):
    LEGAL = "legal", _("Legal")
    ILLEGAL = "illegal", _("Illegal")
    OTHER = "other", _("Other")


class PatchQuerySet(ShapedQuerySet):
    def verified(self):
        return self.exclude(status=PatchStatus.PENDING)


class Patch(ChoiceLabels, Shaped):
    batch = models.ForeignKey(PatchBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="patches")
    number = models.CharField(_("patch number"), max_length=50)
    region_code = models.CharField(_("administrative code"), max_length=20, blank=True)
    land_type = models.CharField(_("land type"), max_length=50, blank=True)
    reported_area_m2 = models.DecimalField(_("area reported (m²)"), max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    area_m2 = models.DecimalField(_("area measured (m²)"), max_digits=14, decimal_places=2)
    farmland_area_m2 = models.DecimalField(_("farmland area (m²)"), max_digits=14, decimal_places=2, default=0)
    basic_farmland_area_m2 = models.DecimalField(_("permanent basic farmland area (m²)"), max_digits=14,
                                                 decimal_places=2, default=0)
    township = models.ForeignKey(ResponsibilityUnit, verbose_name=_("township"), on_delete=models.PROTECT,
                                 related_name="+")
    village = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="patches", help_text=_("Empty: in no village's boundary; the township office assigns it."),
    )
    # A point inside the polygon, for the list's map link and the markers.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    properties = models.JSONField(_("attributes"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PatchStatus.choices, default=PatchStatus.PENDING)
    judgement = models.CharField(_("judgement"), max_length=10, choices=Judgement.choices, blank=True)
    basis = models.TextField(_("basis of the judgement"), blank=True)
    approval_number = models.CharField(_("approval number"), max_length=100, blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judged by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="patches")
    closed_at = models.DateTimeField(_("closed out at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("satellite patch")
        verbose_name_plural = _("satellite patches")
        ordering = ["batch", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="patch_unique_number_in_batch"),
            models.CheckConstraint(condition=~models.Q(status="judged") | ~models.Q(judgement=""),
                                   name="patch_judged_has_judgement"),
        ]
        indexes = [
            models.Index(fields=["batch", "township", "village", "status"], name="patch_batch_place_idx"),
            models.Index(fields=["township", "status"], name="patch_township_status_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return links.pk_url("patches:detail", self.pk)

    @property
    def area_mu(self):
        return square_metres_to_mu(self.area_m2)


class PatchPhoto(AppendOnly):
    """A field photo of a patch (外业举证) with where and when it was taken; append-only evidence."""

    patch = models.ForeignKey(Patch, verbose_name=_("patch"), on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("file"), upload_to=UploadTo("patches/photos"))
    kind = models.CharField(_("file type"), max_length=10, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    heading = models.FloatField(_("heading (°)"), null=True, blank=True)
    position_source = models.CharField(_("position from"), max_length=10, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    distance_m = models.FloatField(_("distance outside the patch (m)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("patch photo")
        verbose_name_plural = _("patch photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    def get_absolute_url(self) -> str:
        return links.pk_url("patches:photo", self.pk)

    @property
    def outside(self) -> bool:
        return self.distance_m is not None and self.distance_m > PHOTO_OUTSIDE_M


class PatchEvent(ChoiceLabels, AppendOnly):
    """What happened to a patch, by whom and when; append-only."""

    class Kind(models.TextChoices):
        LOADED = "loaded", _("Loaded with its batch")
        PHOTO = "photo", _("Field photo added")
        JUDGED = "judged", _("Judged in the field")
        CONFIRMED = "confirmed", _("Judgement confirmed")
        RETURNED = "returned", _("Returned for verification")
        REGISTERED = "registered", _("Registered as a case")
        JOINED = "joined", _("Joined to a case")
        ASSIGNED = "assigned", _("Assigned to a village")
        CLOSED = "closed", _("Closed out")

    patch = models.ForeignKey(Patch, verbose_name=_("patch"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    # The key of the field form the step came from (a photo or a judgement filed on the phone, maybe
    # without a signal): the same step sent again by its user is the one already recorded
    # (services.add_photo, services.judge), as a patrol log's ``client_key``.
    client_key = models.CharField(_("form key"), max_length=40, blank=True, editable=False)
    photo = models.ForeignKey(PatchPhoto, verbose_name=_("photo"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")

    class Meta:
        verbose_name = _("patch event")
        verbose_name_plural = _("patch events")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["by", "client_key"], condition=~models.Q(client_key=""),
                                    name="patchevent_client_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.patch} · {self.get_kind_display()}"
