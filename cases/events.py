"""The ``data`` of each kind of timeline event: one builder per kind, one reader for the timeline.

Every writer of a ``CaseEvent`` — the services, the admin (through the services), the demo
and the scale generator — builds its ``data`` with the builder of its kind here, and the
timeline (the case page, the evidence file's index) reads it with ``details`` only. A
writer that invented its own shape would show an empty row (issue #26: the admin once wrote
``{"fields": [...]}`` where the timeline read ``changed``).

Dates are kept as ISO strings, related rows by their id (and the name shown at the time,
so the row still reads right after a rename). Shapes already stored stay readable: the
reader never requires a key, and the admin's old ``fields`` list is still shown.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landwatch import quantities
from landwatch.vocabulary import Cause

from .models import (
    AttachmentKind,
    DisciplinaryMeasure,
    DisciplinaryStatus,
    Disposition,
    EnforcementKind,
    EventKind,
    ViolationCase,
)


def _iso(d: datetime.date | None) -> str | None:
    return d.isoformat() if d else None


def _shown(value):
    """A value as the event keeps it: JSON-safe, a related row by its id."""
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return getattr(value, "pk", value)


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# --- builders, one per kind ----------------------------------------------------------------


def registered(*, number: str, category: str, proposed_disposition: str | None, campaign=None,
               authority=None) -> dict:
    """``campaign``: the campaign the case counts in from its registration (its period holds the day);
    ``authority``: its 办案机关 then (territory/competence.py)."""
    data = {"number": number, "category": category, "proposed_disposition": proposed_disposition}
    if campaign is not None:
        data.update(campaign=campaign.pk, campaign_name=campaign.name)
    if authority is not None:
        data.update(authority=authority.pk, authority_name=authority.name)
    return data


def handed_over(*, authority, document, evidence_files: int, evidence_sha256: str) -> dict:
    """移送: the authority it went to, the 案件移送书 (its id and number) and the evidence file sent with it."""
    return {"authority": authority.pk, "authority_name": authority.name, "document": document.pk,
            "reference": document.reference, "evidence_files": evidence_files, "evidence_sha256": evidence_sha256}


def assigned(*, previous, to) -> dict:
    return {"from": previous.pk if previous else None, "from_name": _name(previous), "to": to.pk,
            "to_name": _name(to)}


def decided(*, disposition: str, default: str | None, category: str, no_action_ground: str = "") -> dict:
    """For "decided", "deferred" and "closed without action" alike: the decision that led there;
    "no action" with its ground (``NoActionGround``, cases/closing.py)."""
    data = {"disposition": disposition, "default": default, "category": category,
            "overridden": disposition != default}
    if no_action_ground:
        data["no_action_ground"] = no_action_ground
    return data


def approval(*, by, post: str, note: str, at: datetime.datetime) -> dict:
    """A leader's approval, added under ``"approval"`` to the event of the step it allowed."""
    return {"by": by.pk, "name": _name(by), "post": post, "at": at.isoformat(), "note": note}


def notified(*, deadline: datetime.date, served_on: datetime.date, previous_deadline: datetime.date | None = None,
             document: int | None = None, supersedes: int | None = None) -> dict:
    """A rectification notice served; with ``supersedes``, a correction whose deadline replaced
    ``previous_deadline``."""
    data = {"deadline": _iso(deadline), "served_on": _iso(served_on)}
    if supersedes is not None:
        data.update(document=document, supersedes=supersedes, previous_deadline=_iso(previous_deadline),
                    corrected=True)
    return data


def self_corrected(*, corrected_on: datetime.date) -> dict:
    return {"corrected_on": _iso(corrected_on)}


def reinspection_passed(*, inspected_on: datetime.date) -> dict:
    return {"inspected_on": _iso(inspected_on)}


def reinspection_failed(*, inspected_on: datetime.date, previous_deadline: datetime.date | None,
                        deadline: datetime.date) -> dict:
    return {"inspected_on": _iso(inspected_on), "previous_deadline": _iso(previous_deadline),
            "deadline": _iso(deadline)}


def enforcement_approved(*, deadline: datetime.date | None) -> dict:
    return {"deadline": _iso(deadline)}


def enforcement_recorded(*, action) -> dict:
    """``action`` is the saved ``EnforcementAction`` (its units set)."""
    return {"action": action.pk, "kind": action.kind, "date": _iso(action.carried_out_on),
            "area_m2": str(action.area_m2) if action.area_m2 is not None else None,
            "amount_yuan": str(action.amount_yuan) if action.amount_yuan is not None else None,
            "units": [u.pk for u in action.units.all()]}


def enforcement_done(*, verified_on: datetime.date) -> dict:
    return {"verified_on": _iso(verified_on)}


def resolved() -> dict:
    return {}  # the note says how


def withdrawn() -> dict:
    return {}  # the note is the reason


def reopened(*, previous_disposition: str, previous_deadline: datetime.date | None,
             previous_closed_on: datetime.date | None, previous_archive_sha256: str = "") -> dict:
    data = {"previous_disposition": previous_disposition, "previous_deadline": _iso(previous_deadline),
            "previous_closed_on": _iso(previous_closed_on)}
    if previous_archive_sha256:  # the case file the reopening unlocked; it stays stored as it was
        data["previous_archive_sha256"] = previous_archive_sha256
    return data


def disciplinary_recorded(*, action) -> dict:
    return {"action": action.pk, "person": action.person_name, "measure": action.measure, "status": action.status}


def referred_to_police(*, referral) -> dict:
    return {"referral": referral.pk, "police_organ": referral.police_organ,
            "document_number": referral.document_number, "approved_on": _iso(referral.approved_on),
            "sent_on": _iso(referral.sent_on), "received_on": _iso(referral.received_on)}


def referral_answered(*, referral) -> dict:
    return {"referral": referral.pk, "received_on": _iso(referral.received_on), "outcome": referral.outcome,
            "outcome_on": _iso(referral.outcome_on)}


def attachment_added(*, kind: str, sha256: str, name: str) -> dict:
    return {"kind": kind, "sha256": sha256, "name": name}


def note() -> dict:
    return {}  # the note is the event


def record_corrected(*, record: str, supersedes: int) -> dict:
    """更正 of a record: ``record`` is the model's name, ``supersedes`` the pk of the record it replaces."""
    return {"record": record, "supersedes": supersedes}


def campaign_changed(*, campaign, previous) -> dict:
    """Attached to ``campaign`` (None: detached) on purpose; ``previous`` is the campaign it counted in."""
    return {"campaign": campaign.pk if campaign else None, "campaign_name": campaign.name if campaign else "",
            "from": previous.pk if previous else None, "from_name": previous.name if previous else ""}


def edited(*, changed: dict[str, tuple], causes: tuple[list, list] | None = None) -> dict:
    """Facts corrected: ``changed`` maps a field of the case to (old, new); ``causes`` is (old, new) tags."""
    out = {}
    for name, (old, new) in changed.items():
        out[name] = {"from": _shown(old), "to": _shown(new)}
        if hasattr(old, "pk") or hasattr(new, "pk"):
            out[name].update(from_text=str(old or ""), to_text=str(new or ""))
    data = {"changed": out}
    if causes is not None:
        data["causes"] = {"from": sorted(causes[0]), "to": sorted(causes[1])}
    return data


# --- review, notice, hearing and decision (cases/penalty.py) ---------------------------------


def legal_reviewed(*, by, credential: str, measures: list[str], fine_yuan: Decimal | None, amount_large: bool,
                   passed: bool, fine: dict | None = None) -> dict:
    """``fine``: how the fine was set (``fines.Assessment.as_json``: range, band, reasons)."""
    data = {"reviewer": by.pk, "reviewer_name": _name(by), "credential": credential, "measures": list(measures),
            "fine_yuan": _shown(fine_yuan), "amount_large": amount_large, "passed": passed}
    if fine:
        data["fine"] = fine
    return data


def collective_discussion(*, participants: str) -> dict:
    return {"participants": participants}


def party_informed(*, document: int, served_on: datetime.date, statement_until: datetime.date) -> dict:
    return {"document": document, "served_on": _iso(served_on), "statement_until": _iso(statement_until)}


def statement_received(*, waived: bool, late: bool) -> dict:
    return {"waived": waived, "late": late}


def hearing_requested(*, until: datetime.date) -> dict:
    """``until``: the last day the party could ask (5 working days from the hearing notice)."""
    return {"until": _iso(until)}


def hearing_held(*, presiding, waived: bool) -> dict:
    return {"presiding": presiding.pk, "presiding_name": _name(presiding), "waived": waived}


def rechecked(*, accepted: bool) -> dict:
    return {"accepted": accepted}


def clock_pause_recorded(*, kind: str, started_on: datetime.date, ended_on: datetime.date) -> dict:
    """A period the decision clock does not count (办法 第三十八条第二款), recorded once it ended."""
    return {"kind": kind, "started_on": _iso(started_on), "ended_on": _iso(ended_on),
            "days": (ended_on - started_on).days}


def decision_clock_extended(*, days: int, until: datetime.date, particularly_complex: bool = False,
                            participants: str = "") -> dict:
    """``until``: the new last day as counted on approval; a 特别复杂 extension names the heads who
    discussed it (the conclusion is the event's note)."""
    data = {"days": days, "until": _iso(until)}
    if particularly_complex:
        data.update(particularly_complex=True, participants=participants)
    return data


def penalty_decided(*, measures: list[str], fine_yuan: Decimal | None, serve_by: datetime.date) -> dict:
    return {"measures": list(measures), "fine_yuan": _shown(fine_yuan), "serve_by": _iso(serve_by)}


def decision_served(*, document: int, served_on: datetime.date, due: datetime.date | None, late: bool,
                    deadline: datetime.date | None, effective_from: datetime.date | None = None) -> dict:
    """``effective_from``: the day the decision counts as served (``clock.service_start``: a 公告 thirty
    days later), from which its periods run."""
    data = {"document": document, "served_on": _iso(served_on), "due": _iso(due), "late": late,
            "deadline": _iso(deadline)}
    if effective_from is not None:
        data["effective_from"] = _iso(effective_from)
    return data


# --- the penalty chain: filing and investigation (cases/procedure.py) -------------------------


def filing_approved(*, conditions: list[str], started_on: datetime.date, continuing: bool,
                    ended_on: datetime.date | None, limitation_ends: datetime.date | None,
                    document: int) -> dict:
    """立案: the conditions of 办法 第十六条 the head confirmed, the act's dates, when the 追诉时效
    runs out (None while a continuing act goes on) and the 立案审批表 made."""
    return {"conditions": list(conditions), "started_on": _iso(started_on), "continuing": continuing,
            "ended_on": _iso(ended_on), "limitation_ends": _iso(limitation_ends), "document": document}


def investigation_paused(*, ground: str) -> dict:
    """中止 (a ``SuspensionGround``) or 终止 (a ``TerminationGround``); the note gives the reason."""
    return {"ground": ground}


def investigation_resumed(*, paused_days: int) -> dict:
    return {"paused_days": paused_days}


def investigation_recorded(*, document: int, kind: str, officers: list[str], credentials: list[str]) -> dict:
    """A 笔录 made: its document, the two officers and their 执法证 numbers as printed on it."""
    return {"document": document, "kind": kind, "officers": officers, "credentials": credentials}


def report_submitted(*, document: int, reference: str, records: int) -> dict:
    """The 调查报告 made (its id and number) and how many 笔录 were on file."""
    return {"document": document, "reference": reference, "records": records}


# --- reminders (reminders/services.py) ------------------------------------------------------


def reminder_sent(*, kind: str, kind_label: str, stage: str, stage_label: str, level: str, level_label: str,
                  due_on: datetime.date, recipients: list) -> dict:
    """A reminder of ``kind`` at ``stage`` sent to ``level``'s ``recipients`` (users), for the item due
    ``due_on``. The labels are kept as shown when it was sent (this app sits below reminders and
    cannot name its choices)."""
    return {"kind": kind, "kind_label": kind_label, "stage": stage, "stage_label": stage_label, "level": level,
            "level_label": level_label, "due_on": _iso(due_on), "recipients": [_name(u) for u in recipients]}


# --- the reader ----------------------------------------------------------------------------


def _date(value) -> str:
    """An ISO date of the data the way the page writes dates (2022年3月15日)."""
    if not value:
        return "—"
    try:
        return formats.date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value)) if value else "—"


def _field_changes(data: dict) -> list[str]:
    rows = []
    for name, change in (data.get("changed") or {}).items():
        try:
            field = ViolationCase._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        old, new = change.get("from_text", change.get("from")), change.get("to_text", change.get("to"))
        if field.choices:
            old, new = _label(field.flatchoices, old), _label(field.flatchoices, new)
        rows.append(f"{field.verbose_name}：{'—' if old in (None, '') else old} → {'—' if new in (None, '') else new}")
    for name in data.get("fields") or ():  # the admin's shape before issue #26: names only
        try:
            label = ViolationCase._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        rows.append(_("%(field)s changed (old and new values not recorded)") % {"field": label})
    causes = data.get("causes")
    if causes:
        old = "、".join(_label(Cause.choices, c) for c in causes.get("from", ())) or "—"
        new = "、".join(_label(Cause.choices, c) for c in causes.get("to", ())) or "—"
        rows.append(f"{_('Causes')}：{old} → {new}")
    return rows


def _decision(data: dict) -> list[str]:
    if not data.get("disposition"):
        return []
    rows = [_("Disposition: %(disposition)s") % {"disposition": _label(Disposition.choices, data["disposition"])}]
    if data.get("overridden") and data.get("default"):
        rows.append(_("instead of the category's default: %(default)s")
                    % {"default": _label(Disposition.choices, data["default"])})
    return rows


def _deadlines(data: dict) -> list[str]:
    rows = []
    if data.get("served_on"):
        rows.append(_("Served on %(date)s · deadline %(deadline)s")
                    % {"date": _date(data["served_on"]), "deadline": _date(data.get("deadline"))})
    if data.get("previous_deadline"):
        rows.append(_("Old deadline %(old)s → new deadline %(new)s")
                    % {"old": _date(data["previous_deadline"]), "new": _date(data.get("deadline"))})
    return rows


def _on(label, key: str):
    return lambda data: [label % {"date": _date(data[key])}] if data.get(key) else []


def _registered(data: dict) -> list[str]:
    rows = [_("Case number %(number)s") % {"number": data["number"]}] if data.get("number") else []
    if data.get("proposed_disposition"):
        rows.append(_("Proposed disposition: %(disposition)s")
                    % {"disposition": _label(Disposition.choices, data["proposed_disposition"])})
    if data.get("campaign_name"):
        rows.append(_("Counts in %(campaign)s: registered during its period")
                    % {"campaign": data["campaign_name"]})
    if data.get("authority_name"):
        rows.append(_("Competent authority: %(authority)s") % {"authority": data["authority_name"]})
    return rows


def _handed_over(data: dict) -> list[str]:
    if not data.get("authority_name"):
        return []
    rows = [_("To %(authority)s with %(document)s") % {"authority": data["authority_name"],
                                                         "document": data.get("reference", "")}]
    if data.get("evidence_sha256"):
        rows.append(_("Evidence file: %(count)s files, SHA-256 %(hash)s")
                    % {"count": data.get("evidence_files", 0), "hash": data["evidence_sha256"]})
    return rows


def _campaign(data: dict) -> list[str]:
    old, new = data.get("from_name") or "—", data.get("campaign_name") or "—"
    rows = [f"{_('Campaign')}：{old} → {new}"] if data.get("from_name") or data.get("campaign_name") else []
    if data.get("registered_after"):  # cases/migrations/0008: the period rule applied to older cases
        rows.append(_("Registered after the campaign's correction phase ended on %(date)s")
                    % {"date": _date(data["registered_after"])})
    return rows


def _assigned(data: dict) -> list[str]:
    if not data.get("to_name"):
        return []
    return [f"{data['from_name']} → {data['to_name']}" if data.get("from_name") else f"→ {data['to_name']}"]


def _enforcement(data: dict) -> list[str]:
    if not data.get("kind"):
        return []
    row = _("%(kind)s on %(date)s") % {"kind": _label(EnforcementKind.choices, data["kind"]),
                                       "date": _date(data.get("date"))}
    if data.get("area_m2"):
        row += " · " + quantities.with_unit(data["area_m2"], quantities.M2)
    if data.get("amount_yuan"):
        row += " · " + quantities.with_unit(data["amount_yuan"], quantities.YUAN)
    return [row]


def _disciplinary(data: dict) -> list[str]:
    if not data.get("person"):
        return []
    return [f"{data['person']}：{_label(DisciplinaryMeasure.choices, data.get('measure'))}"
            f"（{_label(DisciplinaryStatus.choices, data.get('status'))}）"]


def _referral(data: dict) -> list[str]:
    from .models import ReferralOutcome

    rows = [f"{data['police_organ']} · {data['document_number']}"] if data.get("police_organ") else []
    rows += _on(gettext_lazy("Receipt signed on %(date)s"), "received_on")(data)
    if data.get("outcome"):
        rows.append(_label(ReferralOutcome.choices, data["outcome"]))
    return rows


def _attachment(data: dict) -> list[str]:
    # The file itself is linked under the row; the kind says what it is when the file is the event's.
    return [_label(AttachmentKind.choices, data["kind"])] if data.get("kind") else []


def _reopened(data: dict) -> list[str]:
    rows = []
    if data.get("previous_disposition"):
        rows.append(_("Previous disposition: %(disposition)s")
                    % {"disposition": _label(Disposition.choices, data["previous_disposition"])})
    if data.get("previous_archive_sha256"):
        rows.append(_("Unlocks the archived case file (SHA-256 %(hash)s), which stays on record")
                    % {"hash": data["previous_archive_sha256"]})
    return rows


def _approval(data: dict) -> list[str]:
    given = data.get("approval")
    if not given:
        return []
    post = f"（{given['post']}）" if given.get("post") else ""
    return [_("Approved by %(name)s") % {"name": given.get("name", "")} + post]


def _filing(data: dict) -> list[str]:
    rows = []
    if data.get("started_on"):
        rows.append(_("Violation began on %(date)s") % {"date": _date(data["started_on"])})
    if data.get("ended_on"):
        rows.append(_("Continuing violation, ended on %(date)s") % {"date": _date(data["ended_on"])})
    elif data.get("continuing"):
        rows.append(_("Continuing violation, still going on"))
    if data.get("limitation_ends"):
        rows.append(_("Limitation period runs until %(date)s") % {"date": _date(data["limitation_ends"])})
    return rows


def _ground(data: dict) -> list[str]:
    from .models import SuspensionGround, TerminationGround

    if not data.get("ground"):
        return []
    return [_label([*SuspensionGround.choices, *TerminationGround.choices], data["ground"])]


def _recorded(data: dict) -> list[str]:
    pairs = zip(data.get("officers") or (), data.get("credentials") or (), strict=False)
    return [_("Officers: %(names)s") % {"names": "、".join(f"{name}（{number}）" for name, number in pairs)}]


_inspected = _on(gettext_lazy("Re-inspected on %(date)s"), "inspected_on")

def _clock_pause(d: dict) -> list[str]:
    from .models import ClockPauseKind

    kind = ClockPauseKind(d["kind"]).label if d.get("kind") in ClockPauseKind.values else d.get("kind", "")
    return [_("%(kind)s: %(start)s to %(end)s, %(days)s days not counted") % {
        "kind": kind, "start": d.get("started_on", ""), "end": d.get("ended_on", ""), "days": d.get("days", 0)}]


def _clock_extended(d: dict) -> list[str]:
    if not d.get("days"):
        return []
    lines = [_("%(days)s more days") % {"days": d["days"]}]
    if d.get("particularly_complex"):
        lines.append(_("Particularly complex case, decided by collective discussion; participants: %(names)s")
                     % {"names": d.get("participants", "")})
    return lines + _on(gettext_lazy("New last day: %(date)s"), "until")(d)


_READERS = {
    EventKind.REGISTERED: _registered,
    EventKind.ASSIGNED: _assigned,
    EventKind.DECIDED: _decision,
    EventKind.DEFERRED: _decision,
    EventKind.CLOSED_NO_ACTION: _decision,
    EventKind.NOTIFIED: _deadlines,
    EventKind.SELF_CORRECTED: _on(gettext_lazy("Corrected on %(date)s"), "corrected_on"),
    EventKind.REINSPECTION_PASSED: _inspected,
    EventKind.REINSPECTION_FAILED: lambda d: _inspected(d) + _deadlines(d),
    EventKind.ENFORCEMENT_APPROVED: _on(gettext_lazy("Deadline %(date)s passed"), "deadline"),
    EventKind.ENFORCEMENT_RECORDED: _enforcement,
    EventKind.ENFORCEMENT_DONE: _on(gettext_lazy("Verified on %(date)s"), "verified_on"),
    EventKind.RESOLVED: lambda d: [],
    EventKind.WITHDRAWN: lambda d: [],
    EventKind.REOPENED: _reopened,
    EventKind.DISCIPLINARY_RECORDED: _disciplinary,
    EventKind.ATTACHMENT_ADDED: _attachment,
    EventKind.NOTE: lambda d: [],
    EventKind.EDITED: _field_changes,
    EventKind.OUTLINE_SET: lambda d: [
        _("Outline %(area)s, before %(before)s") % {
            "area": quantities.with_unit(d["area_m2"], quantities.M2),
            "before": quantities.with_unit(d["area_before_m2"], quantities.M2)} if d.get("area_before_m2")
        else _("Outline %(area)s") % {"area": quantities.with_unit(d["area_m2"], quantities.M2)}],
    EventKind.RECORD_CORRECTED: lambda d: [],  # the reason is the note; the page marks both records
    EventKind.CAMPAIGN_ATTACHED: _campaign,  # the reason is the note
    EventKind.CAMPAIGN_DETACHED: _campaign,
    EventKind.HANDED_OVER: _handed_over,
    EventKind.CLOCK_PAUSE_RECORDED: _clock_pause,
    EventKind.FILING_APPROVED: _filing,
    EventKind.INVESTIGATION_SUSPENDED: _ground,
    EventKind.INVESTIGATION_RESUMED: lambda d: (
        [_("Suspended for %(days)s days") % {"days": d["paused_days"]}] if d.get("paused_days") else []),
    EventKind.INVESTIGATION_TERMINATED: _ground,
    EventKind.INVESTIGATION_RECORDED: _recorded,
    EventKind.REFERRED_TO_POLICE: _referral,
    EventKind.REFERRAL_ANSWERED: _referral,
    EventKind.REPORT_SUBMITTED: lambda d: (
        [_("%(reference)s, on %(records)s records") % {"reference": d["reference"], "records": d.get("records", 0)}]
        if d.get("reference") else []),
}


def _measures(data: dict) -> list[str]:
    from .models import PenaltyMeasure

    rows = []
    if data.get("measures"):
        rows.append(_("Penalty: %(measures)s") % {
            "measures": "、".join(_label(PenaltyMeasure.choices, m) for m in data["measures"])})
    if data.get("fine_yuan") not in (None, "None", ""):
        rows.append(quantities.with_unit(data["fine_yuan"], quantities.YUAN))
    if data.get("amount_large"):
        rows.append(_("A large amount under the province's rules"))
    return rows + _fine_assessed(data.get("fine") or {})


def _fine_assessed(fine: dict) -> list[str]:
    """How a fine was set (cases/fines.py): the legal range, the band, the reasons."""
    from .fine_models import Circumstance

    if not fine:
        return []
    rows = [_("Legal range %(low)s to %(high)s yuan for %(area)s m²") % {
        "low": fine.get("legal_low"), "high": fine.get("legal_high"), "area": fine.get("area_m2")}]
    if fine.get("band_low"):
        rows.append(_("Discretion band (%(circumstance)s) %(low)s to %(high)s yuan") % {
            "circumstance": _label(Circumstance.choices, fine.get("circumstance")),
            "low": fine["band_low"], "high": fine.get("band_high")})
    if fine.get("reason"):
        rows.append(_("Reasons for the amount: %(reason)s") % {"reason": fine["reason"]})
    return rows


def _legal_review(data: dict) -> list[str]:
    rows = []
    if data.get("reviewer_name"):
        rows.append(_("Reviewed by %(name)s (qualification %(number)s)")
                    % {"name": data["reviewer_name"], "number": data.get("credential", "")})
    if "passed" in data:
        rows.append(_("Passed") if data["passed"] else _("Not passed"))
    return rows + _measures(data)


def _statement(data: dict) -> list[str]:
    rows = [_("The party expressly waived the right to state and defend")] if data.get("waived") else []
    if data.get("late"):
        rows.append(_("Received after the period"))
    return rows


def _hearing(data: dict) -> list[str]:
    rows = [_("Presided over by %(name)s") % {"name": data["presiding_name"]}] if data.get("presiding_name") else []
    if data.get("waived"):
        rows.append(_("The party did not attend: deemed to waive the hearing"))
    return rows


def _decision_served(data: dict) -> list[str]:
    rows = _on(gettext_lazy("Served on %(date)s"), "served_on")(data)
    if data.get("late"):
        rows.append(_("Served late: due by %(date)s") % {"date": _date(data.get("due"))})
    if data.get("deadline"):
        rows.append(_("Deadline %(date)s") % {"date": _date(data["deadline"])})
    return rows


_READERS.update({
    EventKind.LEGAL_REVIEWED: _legal_review,
    EventKind.COLLECTIVE_DISCUSSION: lambda d: [_("Participants: %(names)s") % {"names": d["participants"]}]
    if d.get("participants") else [],
    EventKind.PARTY_INFORMED: _on(gettext_lazy("Statement and defence until %(date)s"), "statement_until"),
    EventKind.STATEMENT_RECEIVED: _statement,
    EventKind.HEARING_REQUESTED: _on(gettext_lazy("Asked within the period ending %(date)s"), "until"),
    EventKind.HEARING_HELD: _hearing,
    EventKind.RECHECKED: lambda d: [_("Points accepted") if d.get("accepted") else _("Points not accepted")]
    if "accepted" in d else [],
    EventKind.DECISION_CLOCK_EXTENDED: _clock_extended,
    EventKind.PENALTY_DECIDED: lambda d: _measures(d) + _on(gettext_lazy("To be served by %(date)s"), "serve_by")(d),
    EventKind.DECISION_SERVED: _decision_served,
})


def _reminder(d: dict) -> list[str]:
    rows = [_("%(kind)s: %(stage)s, due %(date)s") % {
        "kind": d.get("kind_label", ""), "stage": d.get("stage_label", ""), "date": _date(d.get("due_on"))}]
    if d.get("recipients"):
        rows.append(_("Sent to %(level)s: %(names)s") % {"level": d.get("level_label", ""),
                                                          "names": "、".join(d["recipients"])})
    return rows


_READERS[EventKind.REMINDER_SENT] = _reminder


def archived(*, archive, pages: int, files: int) -> dict:
    """立卷归档: the stored case file (documents.CaseArchive) with its PDF's pages and SHA-256, and the
    evidence zip's file count and SHA-256."""
    return {"archive": archive.pk, "pages": pages, "sha256": archive.pdf_sha256, "files": files,
            "zip_sha256": archive.zip_sha256}


def _archived(d: dict) -> list[str]:
    if not d.get("sha256"):
        return []
    return [_("%(pages)s pages, SHA-256 %(hash)s") % {"pages": d.get("pages", 0), "hash": d["sha256"]},
            _("Evidence zip: %(files)s files, SHA-256 %(hash)s") % {"files": d.get("files", 0),
                                                                    "hash": d.get("zip_sha256", "")}]


_READERS[EventKind.ARCHIVED] = _archived
# --- enforcement through the court (cases/enforcement.py) -------------------------------------


def challenge_filed(*, challenge) -> dict:
    return {"challenge": challenge.pk, "kind": challenge.kind, "body": challenge.body,
            "filed_on": _iso(challenge.filed_on)}


def challenge_ended(*, challenge) -> dict:
    return {"challenge": challenge.pk, "kind": challenge.kind, "outcome": challenge.outcome,
            "outcome_on": _iso(challenge.outcome_on)}


def court_applied(*, application, earliest: datetime.date, last: datetime.date) -> dict:
    return {"application": application.pk, "court": application.court, "filed_on": _iso(application.filed_on),
            "materials": list(application.materials), "earliest": _iso(earliest), "last": _iso(last),
            "letter": application.letter.reference if application.letter_id else ""}


def court_ruled(*, application) -> dict:
    return {"application": application.pk, "ruling": application.ruling, "ruling_on": _iso(application.ruling_on)}


def demolition_decided(*, decided_on: datetime.date, announced_on: datetime.date, announcement: str = "") -> dict:
    """``announcement``: the number of the 公告 published (行政强制法 第四十四条) the decision rests on."""
    return {"decided_on": _iso(decided_on), "announced_on": _iso(announced_on), "announcement": announcement}


def _challenge(d: dict) -> list[str]:
    from .models import ChallengeKind, ChallengeOutcome

    rows = [f"{_label(ChallengeKind.choices, d.get('kind', ''))} · {d.get('body', '')}"] if d.get("body") else []
    if d.get("outcome"):
        rows.append(_("%(outcome)s on %(date)s") % {"outcome": _label(ChallengeOutcome.choices, d["outcome"]),
                                                    "date": _date(d.get("outcome_on"))})
    return rows


def _court(d: dict) -> list[str]:
    from .models import CourtRuling

    rows = [d["court"]] if d.get("court") else []
    if d.get("letter"):
        rows.append(d["letter"])
    if d.get("last"):
        rows.append(_("Within the period %(start)s to %(end)s") % {"start": _date(d.get("earliest")),
                                                                    "end": _date(d["last"])})
    if d.get("ruling"):
        rows.append(_("%(outcome)s on %(date)s") % {"outcome": _label(CourtRuling.choices, d["ruling"]),
                                                    "date": _date(d.get("ruling_on"))})
    return rows


_READERS.update({
    EventKind.CHALLENGE_FILED: _challenge,
    EventKind.CHALLENGE_ENDED: _challenge,
    EventKind.COURT_APPLIED: _court,
    EventKind.COURT_RULED: _court,
    EventKind.DEMOLITION_DECIDED: lambda d: _on(gettext_lazy("Announced on %(date)s"), "announced_on")(d) + (
        [d["announcement"]] if d.get("announcement") else []),
})


def details(event) -> list[str]:
    """The lines the timeline shows under an event's kind, in the active language."""
    data = event.data or {}
    return _READERS.get(event.kind, lambda d: [])(data) + _approval(data)


# --- fines, payment and confiscation (cases/fines.py) -----------------------------------------


def fine_paid(*, payment, surcharge: Decimal, outstanding: Decimal, settled: bool) -> dict:
    """A payment at the bank; the surcharge and what is still owed on its day, after it."""
    return {"payment": payment.pk, "bank": payment.bank, "receipt": payment.receipt_number,
            "amount": _shown(payment.amount_yuan), "surcharge": _shown(surcharge),
            "outstanding": _shown(outstanding), "settled": settled}


def fine_arranged(*, kind: str, applied_on: datetime.date, instalments) -> dict:
    return {"kind": kind, "applied_on": _iso(applied_on),
            "instalments": [[_iso(d), _shown(a)] for d, a in instalments]}


def confiscation_handed_over(*, handed_to: str, document: str, due: datetime.date, late: bool) -> dict:
    return {"handed_to": handed_to, "document": document, "due": _iso(due), "late": late}


def _fine_paid(d: dict) -> list[str]:
    rows = [_("%(amount)s at %(bank)s, receipt %(receipt)s") % {
        "amount": quantities.with_unit(d.get("amount", ""), quantities.YUAN), "bank": d.get("bank", ""),
        "receipt": d.get("receipt", "")}]
    if d.get("settled"):
        rows.append(_("The fine and its surcharge are paid in full"))
    elif d.get("outstanding") not in (None, ""):
        rows.append(_("Still owed: %(amount)s") % {"amount": quantities.with_unit(d["outstanding"], quantities.YUAN)})
    return rows


def _fine_arranged(d: dict) -> list[str]:
    from .fine_models import ArrangementKind

    rows = [_label(ArrangementKind.choices, d.get("kind"))]
    rows += [_("%(amount)s by %(date)s") % {"amount": quantities.with_unit(a, quantities.YUAN), "date": _date(day)}
             for day, a in d.get("instalments") or ()]
    return rows


def _handed_over_confiscation(d: dict) -> list[str]:
    rows = [_("To %(to)s, %(document)s") % {"to": d.get("handed_to", ""), "document": d.get("document", "")}]
    if d.get("late"):
        rows.append(_("Handed over late: due by %(date)s") % {"date": _date(d.get("due"))})
    return rows


_READERS.update({
    EventKind.FINE_PAID: _fine_paid,
    EventKind.FINE_ARRANGED: _fine_arranged,
    EventKind.CONFISCATION_HANDED_OVER: _handed_over_confiscation,
})


# --- 公示 of the penalty decision (cases/publicity.py) ------------------------------------------


def decision_published(*, publication, due: datetime.date) -> dict:
    return {"publication": publication.pk, "channel": publication.channel, "location": publication.location,
            "published_on": _iso(publication.published_on), "due": _iso(due),
            "late": publication.published_on > due}


def publication_withdrawn(*, publication, due: datetime.date | None) -> dict:
    """``due``: the third working day after the revocation, when a revocation is on record."""
    return {"publication": publication.pk, "withdrawn_on": _iso(publication.withdrawn_on), "due": _iso(due),
            "late": bool(due and publication.withdrawn_on > due)}


def _published(d: dict) -> list[str]:
    from .models import PublicationChannel

    rows = [f"{_label(PublicationChannel.choices, d.get('channel', ''))} · {d.get('location', '')}"]
    if d.get("late"):
        rows.append(_("Published late: due by %(date)s") % {"date": _date(d.get("due"))})
    return rows


def _publication_withdrawn(d: dict) -> list[str]:
    rows = [_("Withdrawn on %(date)s") % {"date": _date(d.get("withdrawn_on"))}]
    if d.get("late"):
        rows.append(_("Withdrawn late: due by %(date)s") % {"date": _date(d.get("due"))})
    return rows


# --- 结案, no-action grounds and the demand's 陈述申辩 (cases/closing.py) ------------------------


def case_closed(*, ground: str, no_action_ground: str = "") -> dict:
    data = {"ground": ground}
    if no_action_ground:
        data["no_action_ground"] = no_action_ground
    return data


def demand_statement(*, statement) -> dict:
    return {"statement": statement.pk, "received_on": _iso(statement.received_on), "content": statement.content,
            "review": statement.review, "reasons": statement.reasons, "reviewed_on": _iso(statement.reviewed_on)}


def _closing(d: dict) -> list[str]:
    from .models import ClosingGround, NoActionGround

    rows = [_label(ClosingGround.choices, d["ground"])] if d.get("ground") in ClosingGround.values else []
    if d.get("no_action_ground"):
        rows.append(_label(NoActionGround.choices, d["no_action_ground"]))
    return rows


def _no_action(d: dict) -> list[str]:
    from .models import NoActionGround

    rows = _decision(d)
    if d.get("no_action_ground"):
        rows.append(_label(NoActionGround.choices, d["no_action_ground"]))
    return rows


def _demand_statement(d: dict) -> list[str]:
    from .models import StatementReview

    rows = [_("Received on %(date)s") % {"date": _date(d.get("received_on"))}] if d.get("received_on") else []
    if d.get("content"):
        rows.append(d["content"])
    if d.get("review"):
        rows.append(_("%(outcome)s on %(date)s") % {"outcome": _label(StatementReview.choices, d["review"]),
                                                    "date": _date(d.get("reviewed_on"))})
        if d.get("reasons"):
            rows.append(d["reasons"])
    return rows


_READERS.update({
    EventKind.DECISION_PUBLISHED: _published,
    EventKind.PUBLICATION_WITHDRAWN: _publication_withdrawn,
    EventKind.CASE_CLOSED: _closing,
    EventKind.CLOSED_NO_ACTION: _no_action,
    EventKind.DEMAND_STATEMENT: _demand_statement,
    EventKind.DEMAND_STATEMENT_REVIEWED: _demand_statement,
})
