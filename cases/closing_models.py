"""结案 and "no action" on their lawful grounds, and the party's 陈述申辩 on a 催告书 (issue 20, part g2).

Choices and one model; the rules and the writes are ``cases/closing.py``. Imported at the end of
``cases/models.py`` so that Django finds them in the ``cases`` app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from landwatch.appendonly import AppendOnly
from landwatch.vocabulary import ChoiceLabels


class NoActionGround(models.TextChoices):
    """Why no penalty is given: the grounds the law lists, and none other.

    行政处罚法 第三十三条: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果
    轻微并及时改正的，可以不予行政处罚。当事人有证据足以证明没有主观过错的，不予行政处罚。"; 第三十六条:
    "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限
    延长至五年。"; 自然资源行政处罚办法 (2024) 第三十一条(二)(三)(四), the last "违法事实不能成立的，不予
    行政处罚".
    """

    MINOR_CORRECTED = "minor_corrected", _("Minor violation corrected in time, without harmful consequences "
                                           "(Article 33(1) of the Administrative Penalty Law)")
    FIRST_MINOR = "first_minor", _("First violation, slight harm, corrected in time (Article 33(1) of the "
                                   "Administrative Penalty Law)")
    NO_FAULT = "no_fault", _("The party proves it was not at fault (Article 33(2) of the Administrative Penalty Law)")
    TIME_BARRED = "time_barred", _("Not discovered within two years, or five where life, health or financial "
                                   "safety was harmed (Article 36 of the Administrative Penalty Law)")
    NOT_ESTABLISHED = "not_established", _("The facts of the violation are not established (Article 31(4) of the "
                                           "Measures on Administrative Penalties for Natural Resources)")


class ClosingGround(models.TextChoices):
    """The grounds of 结案 on the penalty chain (自然资源行政处罚办法 2024 第四十六条: "符合下列条件之一的，
    经自然资源主管部门负责人批准，案件结案"). (一) 案件已经移送管辖 and (二) 终止调查 are not chosen here:
    a handed-over case goes on in LandWatch under its new 办案机关, which closes it, and 终止调查 is the
    ``terminate`` step, itself approved by the head (第二十八条)."""

    NO_PENALTY = "no_penalty", _("Decided not to impose a penalty (Article 46(3))")
    EXECUTED = "executed", _("Execution completed (Article 46(4))")
    EXECUTION_ENDED = "execution_ended", _("Execution terminated (Article 46(5))")
    ENFORCEMENT_APPLIED = "enforcement_applied", _("Enforcement lawfully applied for at the people's court "
                                                   "(Article 46(6))")
    OTHER = "other", _("Other circumstance in which the case is to be closed (Article 46(7))")


class StatementReview(models.TextChoices):
    PENDING = "", _("Not yet reviewed")
    ACCEPTED = "accepted", pgettext_lazy("statement review", "Accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("statement review", "Not accepted")


class DemandStatement(ChoiceLabels, AppendOnly):
    """The party's 陈述申辩 after receiving the 催告书 and the agency's review of it (行政强制法
    第三十六条: "当事人收到催告书后有权进行陈述和申辩。行政机关应当充分听取当事人的意见，对当事人提出的
    事实、理由和证据，应当进行记录、复核。当事人提出的事实、理由或者证据成立的，行政机关应当采纳。").

    Append-only; the review is filled in once (``fill_once``). While a statement waits for its review
    the court application and the township's own demolition are refused (``cases/closing.py``).
    """

    fill_once = ("review", "reasons", "reviewed_on", "reviewed_by")

    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="demand_statements")
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("facts, reasons and evidence stated"))
    review = models.CharField(_("review"), max_length=20, choices=StatementReview.choices, blank=True,
                              default=StatementReview.PENDING)
    reasons = models.TextField(_("reasons of the review"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("statement on the demand")
        verbose_name_plural = _("statements on the demand")
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(review="", reviewed_on__isnull=True)
                           | (~models.Q(review="") & models.Q(reviewed_on__isnull=False))),
                name="demand_statement_review_has_date",
            ),
            models.CheckConstraint(condition=models.Q(reviewed_on__isnull=True)
                                   | models.Q(reviewed_on__gte=models.F("received_on")),
                                   name="demand_statement_review_after_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.received_on}"

    @property
    def pending(self) -> bool:
        return not self.review
