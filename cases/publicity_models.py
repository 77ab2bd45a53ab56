"""公示 of penalty decisions: the record of where and when a decision was published, and its withdrawal.

Models only; the rules and the writes are ``cases/publicity.py``. Imported at the end of
``cases/models.py`` so that Django finds them in the ``cases`` app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landwatch.appendonly import Correctable, correction_has_reason
from landwatch.vocabulary import ChoiceLabels


class PublicationChannel(models.TextChoices):
    # 国办发〔2018〕118号: published on the government's website (政府网站) or at the office's 公示栏.
    WEBSITE = "website", _("Government website")
    NOTICE_BOARD = "notice_board", _("Public notice board")


class DecisionPublication(ChoiceLabels, Correctable):
    """One publication (公示) of a 行政处罚决定 (行政处罚法 第四十八条第一款), append-only.

    The text is the masked one (``publicity.draft_text``): the party's personal data never
    stands in it. A wrong record is corrected by a new one that ``supersedes`` it (更正); the
    withdrawal after the decision is revoked (第四十八条第二款, three working days) is filled in
    once, with its reason.
    """

    fill_once = ("withdrawn_on", "withdrawal_reason", "withdrawn_by")

    case = models.ForeignKey("cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="publications")
    decision = models.ForeignKey("documents.CaseDocument", verbose_name=_("penalty decision"),
                                 on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("published on"), max_length=20, choices=PublicationChannel.choices)
    # The page's address on the website, or the board's place.
    location = models.CharField(_("address or place"), max_length=300)
    published_on = models.DateField(_("publication date"))
    text = models.TextField(_("published text"))
    withdrawn_on = models.DateField(_("date of the withdrawal"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawal recorded by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("publication of a penalty decision")
        verbose_name_plural = _("publications of penalty decisions")
        ordering = ["published_on", "id"]
        constraints = [
            correction_has_reason("publication_correction_has_reason"),
            models.CheckConstraint(
                condition=(models.Q(withdrawn_on__isnull=True, withdrawal_reason="")
                           | (models.Q(withdrawn_on__isnull=False) & ~models.Q(withdrawal_reason=""))),
                name="publication_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.get_channel_display()} · {self.published_on}"
