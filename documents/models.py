"""Case documents (文书) and their service (送达).

A document is generated from its case, numbered when it is issued (per issuing unit, year
and kind, from a locked sequence row), printed on A4 and served. From the moment it is
served it is locked: a correction is a new document that ``supersedes`` it, never an
edit. Nothing here is hard-deleted; a document issued by mistake is withdrawn with a
reason. State changes live in ``documents/services.py``.

The printed text (party, location, facts, legal basis, requirements) is copied onto the
document when it is drafted, so later corrections of the case's facts do not change a
document that has already been handed to the party.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deadlines import clock
from deadlines.clock import Deadline
from landwatch import links
from landwatch.appendonly import AppendOnly
from landwatch.uploads import UploadTo
from landwatch.vocabulary import ChoiceLabels


class DocumentKind(models.TextChoices):
    STOP_WORK = "stop_work", _("Stop-work notice")
    RECTIFICATION = "rectification", _("Rectification notice")
    REINSPECTION = "reinspection", _("Re-inspection opinion")
    DEMAND = "demand", _("Demand before enforcement")
    # The penalty chain (docs/PROCEDURE.md).
    FILING_APPROVAL = "filing_approval", _("Filing approval form")
    TRANSFER = "transfer", _("Case transfer letter")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")
    INSPECTION_RECORD = "inspection_record", _("Site inspection record")
    INVESTIGATION_REPORT = "investigation_report", _("Investigation report")
    PENALTY_NOTICE = "penalty_notice", _("Notice of intended administrative penalty")
    HEARING_NOTICE = "hearing_notice", _("Notice of the right to a hearing")
    HEARING_RECORD = "hearing_record", _("Hearing record")
    # 听证通知书: the hearing's time and place, served at least 7 days before it (行政处罚法 第六十四条(二)).
    HEARING_SUMMONS = "hearing_summons", _("Notice of the hearing's time and place")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    # 中止 / 恢复调查 told to the party in writing within three working days (办法 第二十七条).
    SUSPENSION_NOTICE = "suspension_notice", _("Notice of suspension of the investigation")
    RESUMPTION_NOTICE = "resumption_notice", _("Notice of resumption of the investigation")
    # The papers of enforcement and referral (docs/PROCEDURE.md, "The papers of enforcement and referral").
    # 涉嫌犯罪案件移送书 to the public security organ (国务院令第310号 第六条): not the 案件移送书 (TRANSFER)
    # that hands a case to the county department competent for it.
    POLICE_REFERRAL = "police_referral", _("Letter referring a suspected crime to the public security organ")
    # 强制执行申请书 to the people's court (行政强制法 第五十五条(一)).
    COURT_APPLICATION = "court_application", _("Application to the people's court for enforcement")
    # 公告 of 行政强制法 第四十四条: the party is to demolish within a time limit before the township does.
    DEMOLITION_ANNOUNCEMENT = "demolition_notice", _("Announcement to demolish within a time limit")


# The short word of each kind inside a document number (丰土监〔2022〕整改第017号).
KIND_ABBREVIATIONS = {
    DocumentKind.STOP_WORK: pgettext_lazy("document number", "Stop"),
    DocumentKind.RECTIFICATION: pgettext_lazy("document number", "Rect"),
    DocumentKind.REINSPECTION: pgettext_lazy("document number", "Reinsp"),
    DocumentKind.DEMAND: pgettext_lazy("document number", "Demand"),
    DocumentKind.FILING_APPROVAL: pgettext_lazy("document number", "Filing"),
    DocumentKind.TRANSFER: pgettext_lazy("document number", "Transfer"),
    DocumentKind.INQUIRY_RECORD: pgettext_lazy("document number", "Inquiry"),
    DocumentKind.INSPECTION_RECORD: pgettext_lazy("document number", "Inspection"),
    DocumentKind.INVESTIGATION_REPORT: pgettext_lazy("document number", "Report"),
    DocumentKind.PENALTY_NOTICE: pgettext_lazy("document number", "Inform"),
    DocumentKind.HEARING_NOTICE: pgettext_lazy("document number", "Hearing notice"),
    DocumentKind.HEARING_RECORD: pgettext_lazy("document number", "Hearing"),
    DocumentKind.HEARING_SUMMONS: pgettext_lazy("document number", "Hearing summons"),
    DocumentKind.PENALTY_DECISION: pgettext_lazy("document number", "Penalty"),
    DocumentKind.SUSPENSION_NOTICE: pgettext_lazy("document number", "Suspend"),
    DocumentKind.RESUMPTION_NOTICE: pgettext_lazy("document number", "Resume"),
    DocumentKind.POLICE_REFERRAL: pgettext_lazy("document number", "Crime referral"),
    DocumentKind.COURT_APPLICATION: pgettext_lazy("document number", "Enforcement application"),
    DocumentKind.DEMOLITION_ANNOUNCEMENT: pgettext_lazy("document number", "Announcement"),
}

# Kinds whose text gives the party a number of days; the deadline then runs from the
# service date (DESIGN.md: "A deadline runs from the service date, not the print date").
# The statutory period each one runs on (deadlines.periods): a 整改通知书's and a decision's own
# days are calendar days, a 催告书's are working days (行政强制法 第五十四条、第六十九条: "十日以内" =
# working days).
DEADLINE_PERIODS = {DocumentKind.RECTIFICATION: "notice", DocumentKind.DEMAND: "demand",
                    DocumentKind.PENALTY_DECISION: "notice", DocumentKind.DEMOLITION_ANNOUNCEMENT: "announcement"}
# Kinds that are published rather than handed to one person: the days they give run from the day of
# publication (行政强制法 第四十四条 "予以公告，限期当事人自行拆除"), not thirty days after it as a
# document served by announcement (民事诉讼法 第九十五条, ``deadlines.clock.service_start``).
PUBLISHED_KINDS = frozenset({DocumentKind.DEMOLITION_ANNOUNCEMENT})
KINDS_WITH_DEADLINE = frozenset(DEADLINE_PERIODS)

# 责令停止违法行为 / 责令改正: orders, not penalties (自然资源行政处罚办法 第四条 does not list them;
# 第十五条、第三十六条). Their printed text says so and never claims to be a decision.
CORRECTIVE_ORDER_KINDS = frozenset({DocumentKind.STOP_WORK, DocumentKind.RECTIFICATION})

# The decisions: only they carry the remedy line, the 复议 and 诉讼 open against them with their
# periods (行政处罚法 第五十九条(五)); a notice that printed one would present itself as a decision.
DECISION_KINDS = frozenset({DocumentKind.PENALTY_DECISION})


# Papers the authority makes for its own file during the procedure (立案审批表, 询问笔录,
# 勘验笔录, 调查报告): signed and numbered when made (``services.record_document``), never served
# on the party, so they carry neither a remedy line nor a receipt.
INTERNAL_KINDS = frozenset({DocumentKind.FILING_APPROVAL, DocumentKind.INQUIRY_RECORD,
                            DocumentKind.INSPECTION_RECORD, DocumentKind.INVESTIGATION_REPORT})

# Letters to another organ made and signed by the step that sends them, and numbered then, like the
# internal papers (``services.record_document``): the 涉嫌犯罪案件移送书 by the referral
# (``cases.referrals.record_referral``), the 强制执行申请书 by the application (``cases.enforcement.
# apply_to_court``). Never served on the party; the police sign the referral letter's receipt
# (国务院令第310号 第八条), the court the application's.
LETTER_KINDS = frozenset({DocumentKind.POLICE_REFERRAL, DocumentKind.COURT_APPLICATION})
INTERNAL_KINDS = INTERNAL_KINDS | LETTER_KINDS


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SERVED = "served", _("Served")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The text may still change in these states; from "served" on the document is locked.
EDITABLE_STATUSES = frozenset({DocumentStatus.DRAFT, DocumentStatus.ISSUED})


class DocumentSequence(ChoiceLabels, models.Model):
    """The last number used per issuing unit, year and kind; locked with select_for_update to allocate the next.

    ``township`` is the issuing unit (``CaseDocument.issuing_unit``): a township, or the county
    department that is the 办案机关 of the case.
    """

    township = models.ForeignKey(
        "territory.ResponsibilityUnit", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "kind"], name="document_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.township_id}/{self.year}/{self.kind}: {self.last}"


class CaseDocumentQuerySet(models.QuerySet):
    def valid(self):
        """Documents that count: issued or served (not drafts, corrected or withdrawn ones)."""
        return self.filter(status__in=[DocumentStatus.ISSUED, DocumentStatus.SERVED])

    def served(self):
        return self.filter(status=DocumentStatus.SERVED)


class CaseDocument(ChoiceLabels, models.Model):
    case = models.ForeignKey(
        "cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    # The case's township at drafting time: numbering and the letterhead follow it.
    township = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # The unit in whose name the document is issued: its letterhead and its number sequence. The
    # case's 办案机关 (territory/competence.py), but the township for its own 案件移送书 and for
    # numbers brought in from paper; the township is then shown as 协办 (documents/printing.py).
    # Empty only on rows written before it existed: the township then.
    issuer = models.ForeignKey(
        "territory.ResponsibilityUnit",
        verbose_name=_("issuing authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True, editable=False)
    reference = models.CharField(_("document number"), max_length=60, blank=True, editable=False)
    party_name = models.CharField(_("party"), max_length=100)
    party_address = models.CharField(_("party's address"), max_length=200, blank=True)
    location_text = models.CharField(_("location"), max_length=200)
    facts = models.TextField(_("facts"))
    legal_basis = models.TextField(_("legal basis"))
    requirements = models.TextField(_("requirements"), blank=True)
    deadline_days = models.PositiveIntegerField(
        _("days given"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The deadline is this many days after the service date."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True, editable=False)
    # How ``deadline`` was counted at service (deadlines.clock.Deadline.as_json): the start day,
    # day type and length stay as served even if the periods table or the holiday table changes.
    deadline_basis = models.JSONField(_("deadline basis"), default=dict, db_default={}, blank=True, editable=False)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        editable=False,
    )
    # The lifecycle event this document stands for (the "notified" event its service wrote,
    # or the interim notice event it was adopted from): one document per event.
    source_event = models.OneToOneField(
        "cases.CaseEvent",
        verbose_name=_("case event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document",
        editable=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    # The presiding officer a 听证通知书 names (行政处罚法 第六十四条(二)(四)): the one the hearing's
    # record must name (``cases.penalty.record_hearing``). Set when the notice is drafted.
    presiding = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presiding officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "kind", "status"], name="document_case_kind_idx"),
            models.Index(fields=["status", "deadline"], name="document_status_deadline_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "kind", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="document_number_unique_per_issuer",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", sequence__isnull=True)
                | models.Q(status__in=["issued", "served", "superseded"], sequence__isnull=False)
                | models.Q(status="withdrawn"),
                name="document_numbered_unless_draft",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | ~models.Q(withdrawn_reason=""),
                name="document_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline_days__isnull=True) | models.Q(deadline_days__gte=1),
                name="document_deadline_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or _('(draft)')}"

    def get_absolute_url(self) -> str:
        return links.pk_url("documents:detail", self.pk)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES and not self.is_internal

    @property
    def is_internal(self) -> bool:
        return self.kind in INTERNAL_KINDS

    @property
    def has_deadline(self) -> bool:
        return self.kind in KINDS_WITH_DEADLINE

    def count_deadline(self, *, method: str, served_on: datetime.date) -> Deadline | None:
        """The deadline this document gives once served by ``method`` on ``served_on``; None without days.

        The period starts on the service day the method gives (``deadlines.clock.service_start``:
        the signed date, the post's receipt, or thirty days after a public announcement) and runs
        the document's days as its kind counts them (``DEADLINE_PERIODS``). Reads the holiday
        table (cached per request).
        """
        if not self.has_deadline or not self.deadline_days:
            return None
        if self.kind in PUBLISHED_KINDS:
            return clock.deadline(DEADLINE_PERIODS[self.kind], served_on, self.deadline_days,
                                  start_from=clock.StartFrom.PUBLISHED)
        start, start_from = clock.service_start(method, served_on)
        return clock.deadline(DEADLINE_PERIODS[self.kind], start, self.deadline_days, start_from=start_from)

    @property
    def deadline_counted(self):
        """The deadline with its basis (``deadlines.clock.Deadline``), as counted at service; None before."""
        return Deadline.from_json(self.deadline, self.deadline_basis)

    @property
    def is_published(self) -> bool:
        return self.kind in PUBLISHED_KINDS

    @property
    def status_shown(self):
        """The status as the pages say it: a 公告 served is posted (已张贴), not served."""
        if self.status == DocumentStatus.SERVED and self.is_published:
            return pgettext_lazy("document status", "Posted")
        return self.get_status_display()

    @property
    def is_letter(self) -> bool:
        return self.kind in LETTER_KINDS

    @property
    def is_corrective_order(self) -> bool:
        return self.kind in CORRECTIVE_ORDER_KINDS

    @property
    def is_decision(self) -> bool:
        return self.kind in DECISION_KINDS

    @property
    def issuing_unit(self):
        """The unit whose letterhead and numbers the document carries (``issuer``, else the township)."""
        return self.issuer if self.issuer_id else self.township

    @property
    def title(self) -> str:
        return self.get_kind_display()

    @property
    def download_stem(self) -> str:
        return f"{self.case.number}-{self.get_kind_display()}-{self.reference or self.pk}"


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", _("Direct service")
    LEFT = "left", _("Service by leaving at the residence")
    ENTRUSTED = "entrusted", _("Entrusted service")
    POST = "post", _("Service by post")
    PUBLIC = "public", _("Service by public announcement")


class ServiceRecord(ChoiceLabels, AppendOnly):
    """送达: how, when and to whom one document was served; the scanned 送达回证 with its SHA-256.

    The proof follows the evidence convention (``proof`` + ``proof_sha256``) so that
    ``manage.py verify_evidence`` re-checks it with every other stored file. Append-only: a
    service recorded without its proof receives it once (``attach_proof``); a wrong service
    is corrected by a new document (``correct_document``), never by an edit.
    """

    fill_once = ("proof", "proof_type", "proof_name", "proof_size", "proof_sha256")

    document = models.OneToOneField(
        CaseDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="service"
    )
    # Blank only for records adopted from the interim notice events, which did not say.
    method = models.CharField(_("method"), max_length=20, choices=ServiceMethod.choices, blank=True)
    served_on = models.DateField(_("service date"))
    recipient = models.CharField(_("recipient"), max_length=100, blank=True)
    signer = models.CharField(
        _("signed by"), max_length=100, blank=True, help_text=_("Who signed the proof of service (or the witness).")
    )
    server = models.CharField(_("served by"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    proof = models.FileField(_("proof of service"), upload_to=UploadTo("documents/proofs"), max_length=200, blank=True)
    proof_type = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    proof_name = models.CharField(_("original name"), max_length=200, blank=True, editable=False)
    proof_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    proof_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["served_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proof="") | ~models.Q(proof_sha256=""), name="service_proof_has_hash"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.served_on}"

    @property
    def proof_download_name(self) -> str:
        ext = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}.get(self.proof_type, "")
        return f"{self.document.case.number}-proof-{self.document_id}{ext}"


class InvestigationRecord(ChoiceLabels, AppendOnly):
    """What a 询问笔录 or 现场勘验笔录 records besides its text (the document's ``facts``).

    Two officers, each with the 执法证 valid on the record's day (行政处罚法 第四十二条,
    自然资源行政处罚办法 第十七条); time and place (办法 第二十四条、第二十五条); who was present.
    The scan of the signed paper is case evidence (``cases.CaseAttachment``), attached once.
    """

    fill_once = ("scan",)

    document = models.OneToOneField(CaseDocument, verbose_name=_("document"), on_delete=models.PROTECT,
                                    related_name="record")
    started_at = models.DateTimeField(_("began at"))
    ended_at = models.DateTimeField(_("ended at"))
    place = models.CharField(_("place"), max_length=200)
    persons_present = models.TextField(_("persons present"))
    officer_1 = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("first officer"),
                                  on_delete=models.PROTECT, related_name="+")
    credential_1 = models.ForeignKey("territory.Credential", verbose_name=_("first officer's certificate"),
                                     on_delete=models.PROTECT, related_name="+")
    officer_2 = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("second officer"),
                                  on_delete=models.PROTECT, related_name="+")
    credential_2 = models.ForeignKey("territory.Credential", verbose_name=_("second officer's certificate"),
                                     on_delete=models.PROTECT, related_name="+")
    scan = models.OneToOneField("cases.CaseAttachment", verbose_name=_("signed scan"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # The key of the form it was made from (made when the form was opened, on the server or on the
    # phone for a record made without a signal): the same record sent again is the one already
    # made (``cases.procedure.add_investigation_record``).
    client_key = models.CharField(_("form key"), max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("investigation record")
        verbose_name_plural = _("investigation records")
        constraints = [
            models.UniqueConstraint(fields=["client_key"], condition=~models.Q(client_key=""),
                                    name="investigationrecord_client_key_once"),
            models.CheckConstraint(condition=~models.Q(officer_1=models.F("officer_2")),
                                   name="record_two_officers"),
            models.CheckConstraint(condition=models.Q(ended_at__gte=models.F("started_at")),
                                   name="record_time_range"),
        ]

    def __str__(self) -> str:
        return str(self.document)


class CaseArchive(AppendOnly):
    """立卷归档: one closed case's file as stored once (documents/archive.py): the PDF (卷内目录, every
    document and evidence item in order, 备考表) and the evidence zip with its SHA-256 manifest.

    Append-only and never deleted: a reopening (``cases.services.reopen_case``) unlocks the case and
    leaves this row and its files as they were; closing it again makes a new archive beside it.
    ``index`` lists the PDF's entries as the 卷内目录 prints them (title, kind, date, first and last
    page); ``manifest`` the zip's files (name, size, SHA-256).
    """

    case = models.ForeignKey(
        "cases.ViolationCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="archives"
    )
    made_at = models.DateTimeField(_("archived at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("archived by"), on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField(_("case file (PDF)"), upload_to=UploadTo("documents/archives"), max_length=200)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64)
    pdf_pages = models.PositiveIntegerField(_("pages"))
    zip = models.FileField(_("evidence zip"), upload_to=UploadTo("documents/archives"), max_length=200)
    zip_sha256 = models.CharField(_("SHA-256 of the zip"), max_length=64)
    index = models.JSONField(_("index"), default=list)
    manifest = models.JSONField(_("manifest"), default=list)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.made_at:%Y-%m-%d}"
