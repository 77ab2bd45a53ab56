"""The pages of the enforcement track (``cases/enforcement.py``): one form per step, loaded
through the access helper, one service call, post/redirect/get."""

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

from . import closing, closing_forms, enforcement, services
from . import enforcement_forms as ef
from .forms import add_refusal
from .models import CaseStatus
from .selectors import get_case_for_user
from .transitions import TRANSITIONS

_DECIDED = frozenset({CaseStatus.DECIDED})
_OPEN = frozenset({CaseStatus.DECIDED, CaseStatus.ENFORCING})


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise | str
    perm: str
    statuses: frozenset
    form: type
    run: Callable[[Any, Any, dict, int | None], Any]
    date_field: str
    # Whether the step is offered on the case now (the panel's facts; no query of its own).
    shown: Callable[[Any, Any], bool] = lambda case, panel: True

    @property
    def url_name(self) -> str:
        return f"cases:{self.name.replace('_', '-')}"


def _pending_challenge(case):
    challenge = case.challenges.filter(outcome="").order_by("-filed_on", "-id").first()
    if challenge is None:
        raise services.CaseError(_("No reconsideration or lawsuit is pending."))
    return challenge


STEPS: dict[str, Step] = {s.name: s for s in (
    Step("record_challenge", gettext_lazy("Record a reconsideration or lawsuit"), "cases.act", _OPEN,
         ef.ChallengeForm,
         lambda c, by, d, v: enforcement.record_challenge(c, by=by, kind=d["kind"], body=d["body"],
                                                          filed_on=d["filed_on"], expected_version=v),
         "filed_on"),
    Step("end_challenge", gettext_lazy("Record the outcome of the reconsideration or lawsuit"), "cases.act", _OPEN,
         ef.ChallengeOutcomeForm,
         lambda c, by, d, v: enforcement.end_challenge(_pending_challenge(c), by=by, outcome=d["outcome"],
                                                       outcome_on=d["outcome_on"], expected_version=v),
         "outcome_on", lambda case, panel: panel.pending),
    Step("apply_to_court", gettext_lazy("Apply to the court for enforcement"), "cases.approve", _DECIDED,
         ef.CourtApplicationForm,
         lambda c, by, d, v: enforcement.apply_to_court(c, by=by, court=d["court"], filed_on=d["filed_on"],
                                                        materials=d["materials"], expected_version=v),
         "filed_on", lambda case, panel: not panel.pending and not panel.revoked and not panel.waiting_ruling),
    Step("court_ruling", gettext_lazy("Record the court's ruling"), "cases.act", _DECIDED, ef.CourtRulingForm,
         lambda c, by, d, v: enforcement.record_ruling(c, by=by, ruling=d["ruling"], ruled_on=d["ruled_on"],
                                                       note=d["note"], expected_version=v),
         "ruled_on", lambda case, panel: panel.waiting_ruling),
    Step("decide_demolition", TRANSITIONS["decide_demolition"].label, TRANSITIONS["decide_demolition"].perm,
         _DECIDED, ef.DemolitionDecisionForm,
         lambda c, by, d, v: enforcement.decide_demolition(c, by=by, decided_on=d["decided_on"], note=d["note"],
                                                           expected_version=v),
         "decided_on", lambda case, panel: panel.own_demolition and not panel.pending and not panel.revoked),
    # 陈述申辩 on the 催告书 and its review (行政强制法 第三十六条; cases/closing.py).
    Step("demand_statement", gettext_lazy("Record the party's statement on the demand"), "cases.act", _DECIDED,
         closing_forms.DemandStatementForm,
         lambda c, by, d, v: closing.record_demand_statement(c, by=by, received_on=d["received_on"],
                                                             content=d["content"], expected_version=v),
         "received_on", lambda case, panel: panel.track.demand_served is not None and not panel.statement_pending),
    Step("review_demand_statement", gettext_lazy("Review the party's statement on the demand"), "cases.approve",
         _DECIDED, closing_forms.StatementReviewForm,
         lambda c, by, d, v: closing.review_demand_statement(c, by=by, review=d["review"], reasons=d["reasons"],
                                                             reviewed_on=d["reviewed_on"], expected_version=v),
         "reviewed_on", lambda case, panel: panel.statement_pending),
)}


def steps_for(user, case, panel) -> list[Step]:
    """The steps a user may take on the case now (the detail page's buttons); no query."""
    if panel is None or not services.is_writable(case, write="enforcement"):
        return []
    return [s for s in STEPS.values()
            if case.status in s.statuses and s.shown(case, panel) and user.has_perm(s.perm, case)]


@login_required
@require_http_methods(["GET", "POST"])
def enforcement_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The form of one step (GET) and its service call (POST)."""
    case = get_case_for_user(request.user, pk)
    step = STEPS[name]
    if not request.user.has_perm(step.perm, case):
        raise PermissionDenied
    initial = {"version": case.version, step.date_field: timezone.localdate()}
    form = step.form(request.POST or None, initial=initial)
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
