"""Territory: the responsibility-unit tree and who sits where in it.

The tree (county bureau → township → villages, departments, office, leading group)
decides what each user may see. Each unit stores its materialised ``path`` of ancestor
ids ("/1/4/17/") and a pointer to its township, so "everything under this unit" is one
indexed prefix filter and never a recursive walk per row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from landwatch import links
from landwatch.quantities import square_metres_to_mu
from landwatch.roles import Role
from landwatch.vocabulary import Category


class UnitKind(models.TextChoices):
    COUNTY = "county", _("County bureau")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")
    DEPARTMENT = "department", _("Collaborating department")
    OFFICE = "office", _("Leading group office")
    LEADING_GROUP = "leading_group", _("Leading group")


# Which kinds may hang under which: a village under a county would escape township scoping.
ALLOWED_PARENT_KINDS = {
    UnitKind.COUNTY: {None},
    UnitKind.TOWNSHIP: {UnitKind.COUNTY, None},
    UnitKind.VILLAGE: {UnitKind.TOWNSHIP},
    UnitKind.DEPARTMENT: {UnitKind.TOWNSHIP, UnitKind.COUNTY},
    UnitKind.OFFICE: {UnitKind.TOWNSHIP},
    UnitKind.LEADING_GROUP: {UnitKind.TOWNSHIP},
}


class Competence(models.TextChoices):
    """Which county department's penalty powers a unit holds (its 职权), for territory/competence.py."""

    # 土地、城乡规划违法案件由不动产所在地的县级自然资源主管部门管辖 (自然资源行政处罚办法 第六条).
    NATURAL_RESOURCES = "natural_resources", _("Natural resources authority")
    # 农村村民非法占用土地建住宅: 县级以上人民政府农业农村主管部门 (土地管理法 第六十二条、第七十八条).
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs authority")


class ResponsibilityUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def villages(self):
        return self.filter(kind=UnitKind.VILLAGE)

    def townships(self):
        return self.filter(kind=UnitKind.TOWNSHIP)

    def departments(self):
        return self.filter(kind=UnitKind.DEPARTMENT)

    def under(self, unit: "ResponsibilityUnit"):
        """The unit itself and every unit below it."""
        return self.filter(path__startswith=unit.path)


class ResponsibilityUnit(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Administrative or internal code, unique.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    township = models.ForeignKey(
        "self",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("The township this unit belongs to (itself for a township); derived from the tree."),
    )
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Letterhead and document-number prefix of a township's documents (文书); blank
    # means "use the unit name".
    letterhead = models.CharField(_("letterhead"), max_length=100, blank=True)
    document_prefix = models.CharField(_("document number prefix"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # The penalty powers of a county department (a unit of kind department under a county);
    # blank for every other unit. territory/competence.py reads it.
    competence = models.CharField(
        _("competence"), max_length=30, choices=Competence.choices, blank=True,
        help_text=_("For a county department: whose penalty powers it holds (办案机关)."),
    )
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration, not a real unit.")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ResponsibilityUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility unit")
        verbose_name_plural = _("responsibility units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "township"], name="unit_kind_township_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path and township pointer are structure, not domain rules: they must hold
        # for every save path (admin, demo loader, shell), so they are kept here.
        if self.pk is None:
            super().save(*args, **kwargs)  # the path needs our own id
            self._set_position()
            super().save(update_fields=["path", "township"])
            return
        old_path = self.path
        self._set_position()
        super().save(*args, **kwargs)
        if old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self) -> str:
        return links.pk_url("territory:unit-detail", self.pk)

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent_id else None
        allowed = ALLOWED_PARENT_KINDS.get(self.kind, set())
        if parent_kind not in allowed:
            raise ValidationError({"parent": _("A unit of this kind cannot be placed under that parent.")})
        if self.pk and self.parent_id and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
        if self.competence and not (self.kind == UnitKind.DEPARTMENT and parent_kind == UnitKind.COUNTY):
            raise ValidationError({"competence": _("Only a department under a county holds a competence.")})

    def _set_position(self) -> None:
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.kind == UnitKind.TOWNSHIP:
            self.township_id = self.pk
        else:
            self.township_id = self.parent.township_id if self.parent_id else None

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class UnitMembership(models.Model):
    """A user's place in a unit: coordinator of 杨柳山村, officer from 供电所, office of the township."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    post = models.CharField(_("post"), max_length=50, blank=True, help_text=_("For example 组长, 副组长, 所长."))
    active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def clean(self) -> None:
        if not self.unit_id:
            return
        if self.role == Role.COORDINATOR and self.unit.kind != UnitKind.VILLAGE:
            raise ValidationError({"unit": _("A village coordinator must belong to a village.")})
        if self.role == Role.COUNTY and self.unit.kind != UnitKind.COUNTY:
            raise ValidationError({"unit": _("A county user must belong to a county bureau.")})
        if self.role in (Role.LEADER, Role.OFFICER) and self.unit.competence:
            return  # the head (leader) and staff (officers) of a county department: the 办案机关's people
        if self.role in (Role.LEADER, Role.OFFICE, Role.OFFICER) and self.unit.township_id is None:
            raise ValidationError({"unit": _("Township staff must belong to a unit of a township.")})


class CredentialKind(models.TextChoices):
    # 行政执法证件: investigation and inspection need two officers who hold one
    # (行政处罚法 第四十二条、第五十五条).
    ENFORCEMENT = "enforcement", _("Law enforcement certificate")
    # 法制审核: done by staff who passed the national legal professional qualification
    # examination (行政处罚法 第五十八条).
    LEGAL_REVIEW = "legal_review", _("Legal review qualification")


class CredentialQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Credentials in force on ``day``: begun, not expired, not revoked."""
        return self.filter(revoked=False, valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Credential(models.Model):
    """A person's 执法证 or legal-review qualification, entered by the administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="credentials"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CredentialKind.choices)
    number = models.CharField(_("certificate number"), max_length=50)
    issued_by = models.CharField(_("certificate issuer"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["user__username", "kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="credential_unique_number"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="credential_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class DelegationQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Delegations in force on ``day``: begun, not expired, not withdrawn by then."""
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        ).exclude(withdrawn_on__lte=day)


class Delegation(models.Model):
    """委托/授权: a decision handing a county department's penalty powers to a township.

    行政处罚法 第二十四条: a province (自治区、直辖市) may decide to hand the penalty powers of
    county departments that grassroots management urgently needs to a township able to take
    them over; the decision must be published. The township then acts in its own name within
    the stated scope. Entered by the administrator; never deleted: a delegation that ends
    is withdrawn with its date and reason, so a case decided under it can still show it.
    """

    issuing_body = models.CharField(_("issuing body"), max_length=100, help_text=_("For example 浙江省人民政府."))
    document_number = models.CharField(_("issuing document number"), max_length=60)
    issued_on = models.DateField(_("date of the decision"))
    township = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("township delegated to"), on_delete=models.PROTECT,
        related_name="delegations", limit_choices_to={"kind": UnitKind.TOWNSHIP},
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["township__path", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="delegation_valid_range",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="delegation_withdrawn_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuing_body} {self.document_number}"

    def clean(self) -> None:
        if self.township_id and self.township.kind != UnitKind.TOWNSHIP:
            raise ValidationError({"township": _("A delegation is made to a township.")})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity cannot be before its start.")})
        if self.withdrawn_on and not (self.withdrawn_reason or "").strip():
            raise ValidationError({"withdrawn_reason": _("Give the reason for the withdrawal.")})


class DelegationScope(models.Model):
    """One case category a delegation covers (several per delegation)."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="scope"
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)

    class Meta:
        verbose_name = _("delegated category")
        verbose_name_plural = _("delegated categories")
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "category"], name="delegation_scope_unique")
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class Shaped(models.Model):
    """A shape (territory/geo.py): WKB in WGS-84, with its bounding box for an indexed first cut."""

    geometry = models.BinaryField(_("shape"), editable=False)
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)

    class Meta:
        abstract = True

    @property
    def shape(self):
        from . import geo

        cached = getattr(self, "_shape", None)
        if cached is None:
            cached = self._shape = geo.from_wkb(self.geometry)
        return cached

    def set_shape(self, geom) -> None:
        from . import geo

        self._shape = geom
        self.geometry = geo.to_wkb(geom)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = geo.bbox(geom)


class ShapedQuerySet(models.QuerySet):
    def touching_box(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float):
        """Rows whose bounding box meets the given box (candidates; shapely decides)."""
        return self.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)


class LayerKind(models.TextChoices):
    # 村界: the base of the offline map and of assigning a patch to its village.
    VILLAGE_BOUNDARY = "village_boundary", _("Village boundaries")
    # 永久基本农田 (土地管理法 第三十三条至第三十五条): the referral threshold and the fines count it apart.
    BASIC_FARMLAND = "basic_farmland", _("Permanent basic farmland")
    # 耕地 as the 国土调查 maps it (土地管理法 第三十条).
    FARMLAND = "farmland", _("Farmland")
    # 生态保护红线 and 城镇开发边界 (土地管理法 第十八条: 国土空间规划's three control lines).
    ECOLOGICAL_REDLINE = "ecological_redline", _("Ecological protection red line")
    URBAN_BOUNDARY = "urban_boundary", _("Urban development boundary")
    OTHER = "other", _("Other zone")


class LayerQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(replaced_at__isnull=True)


class Layer(models.Model):
    """One loaded GIS layer of a county or township: its zones, who loaded it and from which file.

    Never deleted: loading the same kind again for the same unit replaces it (the old one keeps
    its zones and the date it was replaced), so a figure computed from it can still be traced.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=LayerKind.choices)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("area covered"), on_delete=models.PROTECT, related_name="layers",
        help_text=_("The county or township the layer covers."),
    )
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    zone_count = models.PositiveIntegerField(_("zones"), default=0)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=14, decimal_places=2, default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("loaded by"), on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"))
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True, editable=False)

    objects = LayerQuerySet.as_manager()

    class Meta:
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")
        ordering = ["unit__path", "kind", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], condition=models.Q(replaced_at__isnull=True),
                                    name="layer_one_in_force_per_unit_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_mu(self):
        return square_metres_to_mu(self.area_m2)


class Zone(Shaped):
    """One polygon of a layer; for village boundaries, the village it outlines."""

    layer = models.ForeignKey(Layer, verbose_name=_("layer"), on_delete=models.PROTECT, related_name="zones")
    village = models.ForeignKey(
        ResponsibilityUnit, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="boundaries",
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=14, decimal_places=2)
    properties = models.JSONField(_("attributes"), default=dict, blank=True)

    objects = ShapedQuerySet.as_manager()

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["layer", "pk"]
        indexes = [models.Index(fields=["layer", "min_lon", "max_lon"], name="zone_layer_box_idx")]

    def __str__(self) -> str:
        return self.label or f"{self.layer} #{self.pk}"
