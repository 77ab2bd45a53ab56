"""罚款 (fines), their payment to the bank, and the hand-over of confiscated buildings (issue 20).

Models only; the rules and the writes are ``cases/fines.py``. Imported at the end of
``cases/models.py`` so that Django finds them in the ``cases`` app.

- ``FineBand``: the 裁量基准, per m² of land occupied, by land type and circumstances, kept in
  the admin; its figures must lie inside the legal range (``LEGAL_RANGE``).
- ``Fine``: the fine a penalty decision imposes (one per decision), with how it was computed
  (area, band, reason) as it stood that day, and the running totals the reports count.
- ``FineArrangement`` / ``FineInstalment``: 暂缓或者分期缴纳 on the party's application, approved
  by the head (行政处罚法 第六十六条第二款); the latest arrangement's instalments are the schedule.
- ``FinePayment``: one payment at the bank (罚缴分离, 行政处罚法 第六十七条), append-only.
- ``ConfiscationHandover``: 没收的建筑物 handed to the government or its designated department
  (土地管理法实施条例 第五十八条), append-only.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch.appendonly import AppendOnly
from landwatch.vocabulary import ChoiceLabels


class FineBasis(models.TextChoices):
    # 土地管理法 第七十七条 with 实施条例 (2021) 第五十七条: 非法占用土地每平方米100元以上1000元以下.
    OCCUPATION = "occupation", _("Illegal occupation of land (per m² occupied)")


# The legal range per m² of each basis (实施条例 2021 第五十七条第一款: "罚款额为非法占用土地每平方米
# 100元以上1000元以下"). Illegal transfer (第五十四条: 违法所得的10%–50%), damaged farmland
# (第五十五条: 耕地开垦费的5–10倍) and 复垦 (第五十六条: 土地复垦费的2–5倍) are counted on other
# figures than the area and are not modelled here (docs/PROCEDURE.md, "Fines").
LEGAL_RANGE: dict[str, tuple[Decimal, Decimal]] = {
    FineBasis.OCCUPATION: (Decimal(100), Decimal(1000)),
}


class LandGroup(models.TextChoices):
    """The land groups the 裁量基准 distinguishes (from ``ViolationCase.land_type``)."""

    BASIC_FARMLAND = "basic_farmland", _("Permanent basic farmland")
    FARMLAND = "farmland", _("Other cultivated land")
    OTHER = "other", _("Other land")


class Circumstance(models.TextChoices):
    """违法情节, the discretion's tiers (行政处罚法 第三十四条: 裁量基准)."""

    MINOR = "minor", _("Minor circumstances")
    GENERAL = "general", _("General circumstances")
    SERIOUS = "serious", _("Serious circumstances")


class FineBand(ChoiceLabels, models.Model):
    """One row of the 裁量基准 (行政处罚法 第三十四条): yuan per m² for a land group and circumstances.

    Edited in the admin; never deleted (a fine keeps the figures it was computed with).
    """

    basis = models.CharField(_("basis"), max_length=20, choices=FineBasis.choices, default=FineBasis.OCCUPATION)
    land_group = models.CharField(_("land"), max_length=20, choices=LandGroup.choices)
    circumstance = models.CharField(_("circumstances"), max_length=10, choices=Circumstance.choices)
    min_per_m2 = models.DecimalField(_("from (yuan per m²)"), max_digits=8, decimal_places=2)
    max_per_m2 = models.DecimalField(_("to (yuan per m²)"), max_digits=8, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("fine discretion band")
        verbose_name_plural = _("fine discretion bands")
        ordering = ["basis", "land_group", "min_per_m2"]
        constraints = [
            models.UniqueConstraint(fields=["basis", "land_group", "circumstance"], name="fine_band_unique"),
            models.CheckConstraint(condition=models.Q(min_per_m2__lte=models.F("max_per_m2")),
                                   name="fine_band_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_land_group_display()} · {self.get_circumstance_display()}"

    def clean(self) -> None:
        low, high = LEGAL_RANGE.get(self.basis, (None, None))
        if self.min_per_m2 is not None and self.max_per_m2 is not None:
            if self.min_per_m2 > self.max_per_m2:
                raise ValidationError({"max_per_m2": _("The upper figure is below the lower one.")})
            if low is not None and (self.min_per_m2 < low or self.max_per_m2 > high):
                raise ValidationError(_(
                    "A band must lie inside the legal range of %(low)s to %(high)s yuan per m² "
                    "(土地管理法实施条例 第五十七条).") % {"low": low, "high": high})


class Fine(ChoiceLabels, models.Model):
    """The fine of one penalty decision, as computed that day; the payments' running totals.

    ``paid_yuan`` (every payment, the surcharge included) and ``settled_on`` (the day the fine
    and its surcharge were paid in full) are written only by ``cases/fines.py``, in the
    payment's transaction: the reports count from them without reading the payments.
    """

    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="fines")
    decided_on = models.DateField(_("decided on"))
    amount_yuan = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2,
                                      validators=[MinValueValidator(Decimal("0.01"))])
    basis = models.CharField(_("basis"), max_length=20, choices=FineBasis.choices, default=FineBasis.OCCUPATION)
    land_group = models.CharField(_("land"), max_length=20, choices=LandGroup.choices)
    circumstance = models.CharField(_("circumstances"), max_length=10, choices=Circumstance.choices)
    area_m2 = models.DecimalField(_("area occupied (m²)"), max_digits=12, decimal_places=2)
    band_min_per_m2 = models.DecimalField(_("band from (yuan per m²)"), max_digits=8, decimal_places=2,
                                          null=True, blank=True)
    band_max_per_m2 = models.DecimalField(_("band to (yuan per m²)"), max_digits=8, decimal_places=2,
                                          null=True, blank=True)
    reason = models.TextField(_("reasons for the amount"), blank=True)
    # The 15 days to pay, from the decision's service (行政处罚法 第六十七条第三款); set on service.
    due_on = models.DateField(_("pay by"), null=True, blank=True)
    due_basis = models.JSONField(_("deadline basis"), default=dict, blank=True)
    paid_yuan = models.DecimalField(_("paid (yuan)"), max_digits=14, decimal_places=2, default=Decimal(0))
    settled_on = models.DateField(_("paid in full on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("fine")
        verbose_name_plural = _("fines")
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["case", "decided_on"], name="fine_case_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_yuan__gt=0), name="fine_amount_positive"),
            models.CheckConstraint(condition=models.Q(paid_yuan__gte=0), name="fine_paid_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.amount_yuan}"


class ArrangementKind(models.TextChoices):
    DEFERRAL = "deferral", _("Deferral")
    INSTALMENTS = "instalments", _("Payment in instalments")


class FineArrangement(ChoiceLabels, AppendOnly):
    """暂缓或者分期缴纳: the party applied, the head approved (行政处罚法 第六十六条第二款)."""

    fine = models.ForeignKey(Fine, verbose_name=_("fine"), on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(_("kind"), max_length=20, choices=ArrangementKind.choices)
    applied_on = models.DateField(_("the party applied on"))
    approved_on = models.DateField(_("approved on"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("deferral or instalments of a fine")
        verbose_name_plural = _("deferrals and instalments of fines")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.fine_id} · {self.get_kind_display()}"


class FineInstalment(AppendOnly):
    arrangement = models.ForeignKey(FineArrangement, verbose_name=_("arrangement"), on_delete=models.PROTECT,
                                    related_name="instalments")
    due_on = models.DateField(_("pay by"))
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["due_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_yuan__gt=0), name="instalment_positive")]

    def __str__(self) -> str:
        return f"{self.due_on} · {self.amount_yuan}"


class FinePayment(AppendOnly):
    """One payment at the designated bank (罚缴分离, 行政处罚法 第六十七条), with its receipt."""

    fill_once = ("scan",)

    fine = models.ForeignKey(Fine, verbose_name=_("fine"), on_delete=models.PROTECT, related_name="payments")
    bank = models.CharField(_("bank"), max_length=100)
    receipt_number = models.CharField(_("bank receipt number"), max_length=60)
    paid_on = models.DateField(_("paid on"))
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    # The scan of the bank's receipt, kept as case evidence (hashed, access-checked).
    scan = models.ForeignKey("cases.CaseAttachment", verbose_name=_("scan of the receipt"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("fine payment")
        verbose_name_plural = _("fine payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_yuan__gt=0), name="fine_payment_positive"),
            models.UniqueConstraint(fields=["fine", "receipt_number"], name="fine_payment_receipt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} · {self.amount_yuan}"


class ConfiscationHandover(AppendOnly):
    """没收的建筑物和其他设施 handed to the government or its designated department, within 90 days
    of the decision taking effect (土地管理法实施条例 第五十八条)."""

    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="confiscation_handovers")
    handed_to = models.CharField(pgettext_lazy("confiscation", "handed over to"), max_length=200)
    handed_over_on = models.DateField(_("handed over on"))
    document = models.CharField(_("hand-over document"), max_length=100,
                                help_text=_("The number or title of the hand-over record."))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("hand-over of confiscated buildings")
        verbose_name_plural = _("hand-overs of confiscated buildings")
        ordering = ["handed_over_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.handed_to}"
