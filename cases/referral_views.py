"""The referral of a case to the public security organ (移送公安): its form and its two views.

The rules are ``cases/referrals.py``; who may refer is ``cases.refer`` (cases/rules.py).
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import referrals, services
from .forms import DATE, TEXT, VersionedForm, add_refusal, limit_to_today
from .models import ReferralOutcome
from .selectors import get_case_for_user


class ReferralForm(VersionedForm):
    """The referral; its letter (涉嫌犯罪案件移送书) and the letter's number are made by the system."""

    police_organ = django_forms.CharField(label=gettext_lazy("Public security organ"), max_length=100)
    approved_on = django_forms.DateField(label=gettext_lazy("Referral approved by the head on"), widget=DATE)
    sent_on = django_forms.DateField(
        label=gettext_lazy("Referred on"), widget=DATE,
        help_text=gettext_lazy("Within 24 hours of the approval (Article 5 of the Provisions on the Transfer of "
                               "Suspected Criminal Cases)."))
    received_on = django_forms.DateField(label=gettext_lazy("Receipt signed on"), widget=DATE, required=False)
    note = django_forms.CharField(label=gettext_lazy("Note"), widget=TEXT, required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("approved_on", "sent_on", "received_on"):
            limit_to_today(self.fields[name])


class ReferralAnswerForm(VersionedForm):
    received_on = django_forms.DateField(label=gettext_lazy("Receipt signed on"), widget=DATE, required=False)
    outcome = django_forms.ChoiceField(label=gettext_lazy("Police's decision"), choices=ReferralOutcome.choices,
                                       required=False)
    outcome_on = django_forms.DateField(label=gettext_lazy("Decided on"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_on", "outcome_on"):
            limit_to_today(self.fields[name])

    def clean(self):
        data = super().clean()
        if data.get("outcome") and not data.get("outcome_on"):
            self.add_error("outcome_on", _("Give the date of the police's decision."))
        return data


def _case_to_refer(request: HttpRequest, pk: int):
    case = get_case_for_user(request.user, pk)
    if not request.user.has_perm("cases.refer", case):
        raise PermissionDenied
    return case


@login_required
@require_http_methods(["GET", "POST"])
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_to_refer(request, pk)
    form = ReferralForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referrals.record_referral(case, by=request.user, police_organ=d["police_organ"],
                                      approved_on=d["approved_on"],
                                      sent_on=d["sent_on"], received_on=d["received_on"], note=d["note"],
                                      expected_version=d["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Referral to the public security organ recorded."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Record the referral to the public security organ")})


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    case = _case_to_refer(request, pk)
    referral = get_object_or_404(case.criminal_referrals, pk=referral_pk)
    form = ReferralAnswerForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referrals.record_referral_answer(referral, by=request.user, received_on=d["received_on"],
                                             outcome=d["outcome"], outcome_on=d["outcome_on"],
                                             expected_version=d["version"])
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("The police's answer is recorded."))
            return redirect(case)
    return render(request, "cases/case_record.html",
                  {"case": case, "form": form, "title": _("Record the police's answer to the referral")})
