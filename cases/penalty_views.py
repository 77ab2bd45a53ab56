"""The pages of the review, notice, hearing and decision (``cases/penalty.py``): one form per
step, loaded through the access helper, one service call, post/redirect/get."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import penalty, penalty_forms, procedure, services
from .forms import add_refusal
from .models import CaseStatus
from .selectors import get_case_for_user
from .transitions import TRANSITIONS


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise | str
    perm: str
    statuses: frozenset
    form: type
    run: Callable[[Any, Any, dict, int | None], Any]
    date_field: str

    @property
    def url_name(self) -> str:
        return f"cases:{self.name.replace('_', '-')}"


_REVIEW = penalty.REVIEW_STATUSES
_INFORMED = frozenset({CaseStatus.INFORMED})

STEPS: dict[str, Step] = {s.name: s for s in (
    Step("legal_review", gettext_lazy("Record the legal review"), "cases.legal_review", _REVIEW,
         penalty_forms.LegalReviewForm,
         lambda c, by, d, v: penalty.record_legal_review(
             c, by=by, reviewed_on=d["reviewed_on"], measures=d["measures"], fine_yuan=d["fine_yuan"],
             amount_large=d["amount_large"], opinion=d["opinion"], passed=d["passed"],
             fine_circumstance=d["fine_circumstance"], fine_reason=d["fine_reason"], expected_version=v),
         "reviewed_on"),
    Step("collective_discussion", gettext_lazy("Record the collective discussion"), "cases.decide_penalty", _REVIEW,
         penalty_forms.CollectiveDiscussionForm,
         lambda c, by, d, v: penalty.record_collective_discussion(
             c, by=by, held_on=d["held_on"], participants=d["participants"], conclusion=d["conclusion"],
             expected_version=v),
         "held_on"),
    Step("statement", gettext_lazy("Record the party's statement"), "cases.investigate", _INFORMED,
         penalty_forms.StatementForm,
         lambda c, by, d, v: penalty.record_statement(
             c, by=by, received_on=d["received_on"], statement=d["statement"], waived=d["waived"],
             expected_version=v),
         "received_on"),
    Step("hearing_request", gettext_lazy("Record a hearing request"), "cases.investigate", _REVIEW,
         penalty_forms.HearingRequestForm,
         lambda c, by, d, v: penalty.record_hearing_request(
             c, by=by, requested_on=d["requested_on"], note=d["note"], expected_version=v),
         "requested_on"),
    Step("schedule_hearing", gettext_lazy("Notify the hearing's time and place"), "documents.issue", _REVIEW,
         penalty_forms.HearingScheduleForm,
         lambda c, by, d, v: penalty.schedule_hearing(
             c, by=by, hearing_at=d["hearing_at"], place=d["place"], presiding=d["presiding"]),
         ""),
    Step("hearing", gettext_lazy("Record the hearing"), "cases.investigate", _INFORMED, penalty_forms.HearingForm,
         lambda c, by, d, v: penalty.record_hearing(
             c, by=by, held_on=d["held_on"], presiding=d["presiding"], summary=d["summary"], absent=d["absent"],
             expected_version=v),
         "held_on"),
    Step("recheck", gettext_lazy("Record the re-examination"), "cases.investigate", _INFORMED,
         penalty_forms.RecheckForm,
         lambda c, by, d, v: penalty.record_recheck(
             c, by=by, rechecked_on=d["rechecked_on"], conclusion=d["conclusion"], accepted=d["accepted"],
             expected_version=v),
         "rechecked_on"),
    Step("extend_decision_clock", gettext_lazy("Extend the time limit for the decision"), "cases.decide_penalty",
         frozenset({CaseStatus.FILED, CaseStatus.SUSPENDED, *_REVIEW}), penalty_forms.ExtendClockForm,
         lambda c, by, d, v: penalty.extend_decision_clock(
             c, by=by, approved_on=d["approved_on"], reason=d["reason"], days=d["days"],
             particularly_complex=d["particularly_complex"], participants=d["participants"], expected_version=v),
         "approved_on"),
    Step("exclude_period", gettext_lazy("Record a period not counted"), "cases.investigate",
         procedure.BEFORE_DECISION, penalty_forms.ExcludedPeriodForm,
         lambda c, by, d, v: penalty.record_excluded_period(
             c, by=by, kind=d["kind"], started_on=d["started_on"], ended_on=d["ended_on"], note=d["note"],
             expected_version=v),
         "ended_on"),
    Step("decide_penalty", TRANSITIONS["decide_penalty"].label, TRANSITIONS["decide_penalty"].perm,
         TRANSITIONS["decide_penalty"].sources, penalty_forms.DecidePenaltyForm,
         lambda c, by, d, v: penalty.decide_penalty(
             c, by=by, decided_on=d["occurred_on"], measures=d["measures"], fine_yuan=d["fine_yuan"],
             note=d["note"], fine_circumstance=d["fine_circumstance"], fine_reason=d["fine_reason"],
             expected_version=v),
         "occurred_on"),
)}


def steps_for(user, case) -> list[Step]:
    """The steps a user may take on the case now (the detail page's buttons); no query."""
    if not services.is_writable(case, write="decide_penalty"):
        return []
    return [s for s in STEPS.values() if case.status in s.statuses and user.has_perm(s.perm, case)]


def _form(step: Step, case, data):
    initial, kwargs = {"version": case.version}, {}
    if step.date_field:
        initial[step.date_field] = timezone.localdate()
    if step.name in ("legal_review", "decide_penalty"):
        initial.update(measures=case.penalty_measures, fine_yuan=case.fine_yuan)
        kwargs["case"] = case  # the fine's legal range and bands as help (cases/fines.py)
    if step.name in ("hearing", "schedule_hearing"):
        kwargs["hosts"] = penalty.hearing_hosts(case)
    if step.name == "hearing":  # the officer the 听证通知书 named (行政处罚法 第六十四条(四))
        initial["presiding"] = penalty.chain_facts(case).hearing_summons_presiding
    return step.form(data, initial=initial, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def penalty_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The form of one step (GET) and its service call (POST)."""
    case = get_case_for_user(request.user, pk)
    step = STEPS[name]
    if not request.user.has_perm(step.perm, case):
        raise PermissionDenied
    form = _form(step, case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step.run(case, request.user, form.cleaned_data, form.cleaned_data.get("version"))
        except services.StaleCaseError as exc:
            messages.error(request, exc.message)
            return redirect(case)
        except services.CaseError as exc:
            add_refusal(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not do this on this case."))
        else:
            messages.success(request, _("%(step)s: done.") % {"step": step.label})
            return redirect(case)
    return render(request, "cases/case_record.html", {"case": case, "form": form, "title": step.label})
