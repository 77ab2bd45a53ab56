"""Forms of documents, service and the survey (排摸) import: they clean input and carry the messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import acts
from cases.errors import ActDateError
from cases.forms import DATE, limit_to_today
from cases.models import EventKind
from landwatch.places import doubles_village
from landwatch.uploads import IMAGES_AND_PDF, check_upload

from .models import CaseDocument, ServiceMethod


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class DocumentTextForm(forms.ModelForm):
    """The text of a draft (or of an issued document not yet served); never its status or number."""

    class Meta:
        model = CaseDocument
        fields = ["party_name", "party_address", "location_text", "facts", "legal_basis", "requirements",
                  "deadline_days"]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 5}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }

    # The text read by the party: a place is named once (landwatch.places).
    PLACE_FIELDS = ("location_text", "facts", "requirements")

    def __init__(self, *args, kind: str, village: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.village = village
        _bootstrap(self)
        from .models import KINDS_WITH_DEADLINE

        if kind in KINDS_WITH_DEADLINE:
            self.fields["deadline_days"].required = True
            self.fields["deadline_days"].error_messages["required"] = _("Give the number of days the party has.")
        else:
            del self.fields["deadline_days"]

    def clean(self):
        cleaned = super().clean()
        for name in self.PLACE_FIELDS:
            if doubles_village(self.village, cleaned.get(name)):
                self.add_error(name, _("The village %(village)s is written twice in a row; write it once.")
                               % {"village": self.village})
        return cleaned

    def text(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class IssueForm(forms.Form):
    """签发: the day the document was signed (today unless it was signed on paper earlier)."""

    issued_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE,
                                error_messages={"invalid": _("Enter a valid date.")})
    act_field = "issued_on"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        limit_to_today(self.fields["issued_on"])


class ServeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method of service"),
        choices=ServiceMethod.choices,
        error_messages={"required": _("Choose how the document was served.")},
    )
    served_on = forms.DateField(
        label=_("Service date"),
        widget=DATE,
        # The start of the document's days follows the method (deadlines.clock.service_start).
        help_text=_("The date signed on the proof of service; by post, the receipt date on the return slip; "
                    "by public announcement, the day it was published (served 30 days later)."),
        error_messages={"required": _("Give the service date."), "invalid": _("Enter a valid date.")},
    )
    recipient = forms.CharField(label=_("Recipient"), max_length=100, required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=100, required=False,
                             help_text=_("Who signed the proof of service (or the witness)."))
    server = forms.CharField(label=_("Served by"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    proof = forms.FileField(label=_("Scanned proof of service"), required=False,
                            help_text=_("JPG, PNG or PDF; its SHA-256 is recorded."))
    act_field = "served_on"

    def __init__(self, *args, document: CaseDocument, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        if document.is_published:
            self._as_posting()
        _bootstrap(self)
        limit_to_today(self.fields["served_on"])

    def _as_posting(self) -> None:
        """A 公告 is posted, not handed to anyone (行政强制法 第四十四条 "予以公告"): the form asks the
        day it was posted, where and by whom, and a photo of it posted; its days run from that day
        (``CaseDocument.count_deadline``). No recipient, no signature, no method to choose."""
        for name in ("method", "recipient", "signer"):
            del self.fields[name]
        fields = self.fields
        fields["served_on"].label = _("Date posted")
        fields["served_on"].help_text = _("The day the announcement was posted; its days run from that day "
                                          "(行政强制法 第四十四条).")
        fields["served_on"].error_messages["required"] = _("Give the day the announcement was posted.")
        fields["note"].label = _("Where it was posted")
        fields["note"].required = True
        fields["note"].help_text = _("For example: on the building itself and on the village committee's notice board.")
        fields["note"].error_messages["required"] = _("Say where the announcement was posted.")
        fields["server"].label = _("Posted by")
        fields["proof"].label = _("Photo of the posted announcement")

    @property
    def posting(self) -> bool:
        return self.document.is_published

    def clean_served_on(self):
        """The day it was served: the cases' one rule of act dates, told here before anything is sent."""
        try:
            return acts.check_act_date(self.document.case, self.cleaned_data["served_on"],
                                       act=acts.ACTS[EventKind.NOTIFIED], after=self.document.issued_on,
                                       after_act=acts.ACTS["issue"])
        except ActDateError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_proof(self):
        proof = self.cleaned_data.get("proof")
        if proof:
            check_upload(proof, allowed=IMAGES_AND_PDF)
        return proof

    def clean(self):
        cleaned = super().clean()
        if self.posting:
            cleaned.update(method=ServiceMethod.PUBLIC, recipient="", signer="")
        if cleaned.get("method") in ("direct", "left", "entrusted") and not cleaned.get("recipient"):
            self.add_error("recipient", _("Name the person who received the document."))
        return cleaned


class _Bootstrapped(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class ProofForm(_Bootstrapped):
    proof = forms.FileField(label=_("Scanned proof of service"),
                            error_messages={"required": _("Choose the scanned file.")})

    def clean_proof(self):
        proof = self.cleaned_data["proof"]
        check_upload(proof, allowed=IMAGES_AND_PDF)
        return proof


class WithdrawForm(_Bootstrapped):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("A reason is required.")},
    )


class ImportForm(_Bootstrapped):
    file = forms.FileField(label=_("Survey list (Excel .xlsx)"),
                           error_messages={"required": _("Choose the Excel file.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, allowed=("xlsx",))
        return upload
