"""Forms of the fine's payment, its deferral or instalments, and the confiscation's hand-over
(``cases/fines.py``): they clean input; the services decide and their refusals land on the form."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from landwatch.uploads import IMAGES_AND_PDF, check_upload

from .fine_models import ArrangementKind
from .forms import DATE, TEXT, VersionedForm

YUAN = {"max_digits": 14, "decimal_places": 2}


class FinePaymentForm(VersionedForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, required=False)
    amount = forms.DecimalField(label=_("Amount paid (yuan)"), min_value=Decimal("0.01"), **YUAN)
    bank = forms.CharField(label=_("Bank"), max_length=100)
    receipt_number = forms.CharField(label=_("Bank receipt number"), max_length=60)
    scan = forms.FileField(label=_("Scan of the bank's receipt"), required=False,
                           help_text=_("JPEG, PNG or PDF; the content is checked."))
    act_field = "paid_on"

    def clean_scan(self):
        upload = self.cleaned_data.get("scan")
        if upload:
            check_upload(upload, allowed=IMAGES_AND_PDF)
        return upload


# Four instalments at most on the page; a longer plan is a rare thing the head may approve twice.
INSTALMENT_ROWS = 4


class FineArrangementForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ArrangementKind.choices)
    applied_on = forms.DateField(label=_("The party applied on"), widget=DATE)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE, required=False)
    reason = forms.CharField(label=_("The party's grounds and the approval"), widget=TEXT)
    act_field = "approved_on"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, INSTALMENT_ROWS + 1):
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Pay by (%(n)s)") % {"n": n}, widget=DATE, required=n == 1,
                help_text=_("A deferral: the new day to pay.") if n == 1 else "")
            self.fields[f"amount_{n}"] = forms.DecimalField(
                label=_("Amount (%(n)s, yuan)") % {"n": n}, min_value=Decimal("0.01"), required=False, **YUAN,
                help_text=_("Not needed for a deferral.") if n == 1 else "")

    def clean(self):
        data = super().clean()
        rows = []
        for n in range(1, INSTALMENT_ROWS + 1):
            due, amount = data.get(f"due_{n}"), data.get(f"amount_{n}")
            if due is None and amount is None:
                continue
            if due is None:
                self.add_error(f"due_{n}", _("Give the day this instalment is due."))
            elif amount is None and data.get("kind") == ArrangementKind.INSTALMENTS:
                self.add_error(f"amount_{n}", _("Give the amount of this instalment."))
            rows.append((due, amount))
        data["instalments"] = rows
        return data


class ConfiscationHandoverForm(VersionedForm):
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DATE, required=False)
    handed_to = forms.CharField(label=_("Handed over to"), max_length=200,
                                help_text=_("The people's government or the department it designated "
                                            "(土地管理法实施条例 第五十八条)."))
    document = forms.CharField(label=_("Hand-over document"), max_length=100)
    note = forms.CharField(label=_("Note"), widget=TEXT, required=False)
    act_field = "handed_over_on"
