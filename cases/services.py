"""Every write to a case: registration, assignment and each transition of the lifecycle.

Each function takes the acting user as ``by=`` (keyword-only), checks the permission of
``cases/rules.py`` and the allowed from-states of ``cases/transitions.py``, locks the
case row (``select_for_update``), asks the one guard of what the case's status still takes
(``check_writable``: nothing once withdrawn, little once closed), saves with
``update_fields``, bumps ``version`` and writes a ``CaseEvent`` whose ``data`` comes from
its kind's builder in ``cases/events.py``, in the same transaction.

Two people pressing the same button: the second one's service call waits for the lock,
then finds the row's ``version`` different from the one it loaded (or the form showed)
and raises ``StaleCaseError`` naming who changed the case and when — never a second
transition.
"""

import datetime
from collections.abc import Sequence
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from landwatch.audit import bulk_created
from landwatch.roles import Role
from landwatch.uploads import IMAGES_AND_PDF, check_upload, discard_files_on_error, sha256_of
from landwatch.vocabulary import Category
from territory import geo
from territory.competence import resolver as authority_resolver
from territory.models import ResponsibilityUnit

from . import acts, closing, events, referrals
from .errors import ActDateError, CaseError, IllegalTransitionError, StaleCaseError  # noqa: F401 (their home here)
from .models import (
    OPEN_STATUSES,
    AttachmentKind,
    CaseAttachment,
    CaseCause,
    CaseEvent,
    CaseNumberSequence,
    CaseShape,
    CaseStatus,
    DisciplinaryAction,
    DisciplinaryStatus,
    Disposition,
    EnforcementAction,
    EventKind,
    Party,
    ViolationCase,
)
from .rules import roles_over
from .selectors import is_officer_of_township
from .transitions import (
    DECISION_TRANSITION,
    NOTICE_DISPOSITIONS,
    TRANSITIONS,
    default_disposition,
    needs_leader_approval,
    needs_penalty_procedure,
    no_action_refusal,
)


def display_name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


# --- locking and recording -------------------------------------------------------------


def _lock(case: ViolationCase) -> ViolationCase:
    return (
        ViolationCase.objects.select_for_update(of=("self",))
        .select_related("village", "village__township", "party")
        .get(pk=case.pk)
    )


def _stale_error(locked: ViolationCase) -> StaleCaseError:
    last = locked.events.select_related("actor").order_by("-at", "-id").first()
    if last is None:
        return StaleCaseError(_("This case was just changed. Reload the page and check before trying again."))
    return StaleCaseError(
        _(
            "This case was just changed by %(name)s at %(time)s (%(what)s). "
            "Reload the page and check before trying again."
        )
        % {
            "name": display_name(last.actor),
            "time": timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M:%S"),
            "what": last.get_kind_display(),
        }
    )


# What a case still accepts once it has ended (issue #26, finding 6). A withdrawn case was
# registered in error: it is frozen, nothing more is written on it. A closed case keeps its
# facts, assignee, documents and place in the lifecycle as they ended, and its one step is
# reopening (回潮). What the plan carries on after a case is settled is still recorded:
# discipline of the persons responsible (the plan disciplines "根据市国土局的建议" once the
# case is dealt with), notes and evidence of the follow-up visits that guard against a
# recurrence (巩固成果, 防范回潮), and the records of what closed it — the re-inspection
# opinion (复查意见) and a proof of service scanned after the fact — and the 公示 of its decision
# and its withdrawal, owed whatever the case's status (行政处罚法 第四十八条, cases/publicity.py).
AFTER_CLOSING = frozenset({"reopen", "note", "attachment", "discipline", "record", "amendment", "campaign",
                           "archive", "publication"})
# Every kind of write the guard is asked about: a name outside it is a programming error.
WRITES = frozenset({*TRANSITIONS, "facts", "assign", "enforcement", "discipline", "attachment", "note", "document",
                    "record", "amendment", "campaign", "archive", "fine", "referral", "publication"})


def check_writable(locked: ViolationCase, *, write: str) -> None:
    """The one guard of every write of a case: may the case, in its status, take ``write``?

    Called by every writer of a case or of its children (``_changing`` here, ``lock_writable``
    for ``documents``) inside its transaction, on the locked row. ``write`` names the write:
    a transition's name, or "facts", "assign", "enforcement", "discipline", "attachment",
    "note", "document", "record". Raises ``IllegalTransitionError``.
    """
    if write not in WRITES:
        raise ValueError(f"unknown write {write!r}")
    if locked.status == CaseStatus.WITHDRAWN:
        raise IllegalTransitionError(
            _("Case %(number)s is withdrawn: it cannot be changed.") % {"number": locked.number}
        )
    # 立卷归档 (documents/archive.py): the stored case file is the record of the closed case; nothing is
    # added to it or changed in it any more, only a reopening by the head unlocks it (``reopen_case``).
    if locked.archived_at is not None and write != "reopen":
        raise IllegalTransitionError(
            _("Case %(number)s is archived: its case file is locked. Only a reopening approved by the head "
              "unlocks it.") % {"number": locked.number}
        )
    if locked.status == CaseStatus.CLOSED and write not in AFTER_CLOSING:
        raise IllegalTransitionError(
            _("Case %(number)s is closed: reopen it first to change it.") % {"number": locked.number}
        )


def is_writable(case: ViolationCase, *, write: str) -> bool:
    """Whether ``check_writable`` lets ``write`` through now (to show or hide a way to do it)."""
    try:
        check_writable(case, write=write)
    except IllegalTransitionError:
        return False
    return True


def lock_writable(case: ViolationCase, *, write: str) -> ViolationCase:
    """Lock the case row and apply ``check_writable``: for another app writing a case's children
    (``documents``), which checks its own permission. Call inside a transaction."""
    locked = _lock(case)
    check_writable(locked, write=write)
    return locked


@contextmanager
def _changing(case: ViolationCase, *, by, perm: str, expected_version: int | None, write: str, sources=None):
    """Lock the case, check the actor's right, freshness, what the status allows and the
    from-state; yield the locked row."""
    with transaction.atomic():
        locked = _lock(case)
        if not by.has_perm(perm, locked):
            raise PermissionDenied(_("You may not do this on this case."))
        seen = case.version if expected_version is None else expected_version
        if locked.version != seen:
            raise _stale_error(locked)
        check_writable(locked, write=write)
        if sources is not None and locked.status not in sources:
            raise IllegalTransitionError(
                _("The case is “%(status)s”; this step is not possible now.") % {"status": locked.get_status_display()}
            )
        yield locked


def _save(case: ViolationCase, locked: ViolationCase, fields: dict, *, by, kind: str, note: str = "",
          data: dict | None = None, from_status: str = "", to_status: str = "",
          occurred_on: datetime.date | None = None) -> CaseEvent:
    """Apply ``fields`` to the locked row, save them with the version bump, write the event.

    ``occurred_on`` is the day of the act (checked by the caller, ``acts.check_act_date``);
    None for a write that is no act of its own (today's).
    """
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    event = CaseEvent.objects.create(
        case=locked,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=by,
        note=note,
        data=data or {},
        occurred_on=occurred_on or timezone.localdate(),
    )
    # The caller's object follows the row, so a view can redirect or render with it.
    for name in (*fields, "version", "updated_at"):
        setattr(case, name, getattr(locked, name))
    return event


def _transition(case: ViolationCase, name: str, *, by, expected_version: int | None, on: datetime.date,
                fields: dict | None = None, note: str = "", data: dict | None = None, check=None,
                category: str | None = None, prepare=None, perm: str | None = None) -> ViolationCase:
    """Run transition ``name`` of the table: from-state, right, lock, act date, save, event.

    ``on`` is the day the act happened: not after today, not before the registration nor the
    act that brought the case to its status (``acts.check_act_date``). ``category`` is the
    category the decision is about when it changes with it. ``prepare(locked)``, after the
    checks and before the save, writes what the step makes besides the event (a document, a
    clock pause) and returns what it adds to the event's data.
    """
    t = TRANSITIONS[name]
    approval = needs_leader_approval(name, category or case.category)
    perm = perm or ("cases.approve" if approval else t.perm)
    with _changing(case, by=by, perm=perm, expected_version=expected_version, write=name,
                   sources=t.sources) as locked:
        after, after_act = acts.previous_act(locked)
        on = acts.check_act_date(locked, on, act=acts.ACTS[t.event], after=after, after_act=after_act)
        if check is not None:
            check(locked)
        if t.target == CaseStatus.CLOSED and (refusal := referrals.closing_refusal(locked)):
            raise CaseError(refusal)
        if t.target == CaseStatus.CLOSED and (refusal := closing.path_refusal(locked, name)):
            raise IllegalTransitionError(refusal)
        data = dict(data or {})
        if prepare is not None:
            data.update(prepare(locked) or {})
        if approval:
            data["approval"] = _approval(by, note)
        _save(
            case,
            locked,
            {"status": t.target, **(fields or {})},
            by=by,
            kind=t.event,
            note=note,
            data=data,
            from_status=locked.status,
            to_status=t.target,
            occurred_on=on,
        )
    return case


def _approval(by, note: str) -> dict:
    posts = [m.post for m in getattr(by, "_landwatch_memberships", []) if m.role == Role.LEADER and m.post]
    return events.approval(by=by, post=posts[0] if posts else "", note=note, at=timezone.now())


def _require(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseError(message)
    return text


def _authority_change(case: ViolationCase, category: str, on: datetime.date) -> dict:
    """``{"authority": unit}`` when the 办案机关 for ``category`` differs from the case's, else ``{}``.

    Only while the case is neither filed nor handed over: once the authority has filed it or
    received it, it keeps it (a receiving authority may not pass a case on by itself:
    自然资源行政处罚办法 第十一条第二款).
    """
    if case.filed_on is not None or case.handed_over_on is not None:
        return {}
    township = case.village.township
    unit = authority_resolver([township])(township, category, on).unit
    return {"authority": unit} if (unit.pk if unit else None) != case.authority_id else {}


def refresh_authorities(*, by) -> int:
    """Give every case still with its township — open, neither filed nor handed over — the 办案机关 the
    rule gives it now (territory/competence.py), after the administrator entered the county's
    departments or a delegation. Each change is an "edited" event with the old and the new
    authority; returns how many changed. Only the administrator (it reaches every township)."""
    if not (by and by.is_superuser):
        raise PermissionDenied(_("Only the administrator reassigns the competent authorities."))
    candidates = list(ViolationCase.objects.open().filter(filed_on__isnull=True, handed_over_on__isnull=True)
                      .select_related("village", "authority").order_by("pk"))
    townships = ResponsibilityUnit.objects.in_bulk({case.village.township_id for case in candidates})
    authority_of = authority_resolver(townships.values())
    changed = 0
    for case in candidates:
        unit = authority_of(townships[case.village.township_id], case.category, case.discovered_on).unit
        if (unit.pk if unit else None) == case.authority_id:
            continue
        with _changing(case, by=by, perm="cases.manage", expected_version=None, write="facts") as locked:
            _save(case, locked, {"authority": unit}, by=by, kind=EventKind.EDITED,
                  data=events.edited(changed={"authority": (case.authority, unit)}))
        changed += 1
    return changed


# --- registration ----------------------------------------------------------------------


def next_case_number(year: int) -> str:
    """Allocate the next number of ``year`` ("2022-017"); call inside a transaction."""
    return allocate_case_numbers(year, 1)[0]


def allocate_case_numbers(year: int, count: int) -> list[str]:
    """Allocate the next ``count`` consecutive numbers of ``year``; call inside a transaction.

    The year's sequence row is created if missing (a concurrent creator makes
    ``get_or_create`` fall back to reading it) and then locked, so two registrations at
    the same moment get different numbers, never the same one. Works on SQLite too,
    where the whole database is locked by the writing transaction.
    """
    CaseNumberSequence.objects.get_or_create(year=year)
    seq = CaseNumberSequence.objects.select_for_update().get(year=year)
    first = seq.last + 1
    seq.last += count
    seq.save(update_fields=["last"])
    return [f"{year}-{n:03d}" for n in range(first, seq.last + 1)]


@transaction.atomic
def find_or_create_party(*, by, township, name: str, kind: str = "person", id_number: str = "", phone: str = "",
                         address: str = "", legal_representative: str = "") -> Party:
    """The township's party with this ID number (or credit code), else a new one.

    Without an ID number a new party is made: two villagers may share a name.
    Contact details given here fill in blanks of an existing party, never overwrite.
    """
    if not (by.is_superuser or Role.OFFICE in roles_over(by, township)):
        raise PermissionDenied(_("Only the township office registers parties."))
    name = _require(name, _("The party's name is required."))
    id_number = (id_number or "").strip().upper()
    party = None
    if id_number:
        party = Party.objects.select_for_update().filter(township=township, id_number=id_number).first()
    if party is None:
        party = Party(township=township, id_number=id_number)
        party.name, party.kind = name, kind
    changed = []
    for field, value in (("phone", phone), ("address", address), ("legal_representative", legal_representative)):
        if value and not getattr(party, field):
            setattr(party, field, value)
            changed.append(field)
    if party.pk is None:
        party.full_clean()
        party.save()
    elif changed:
        party.save(update_fields=changed)
    return party


@transaction.atomic
def create_parties(*, by, parties: list[Party]) -> list[Party]:
    """Save many new parties at once (the survey import), each checked as ``find_or_create_party`` checks.

    The caller has matched existing parties first; an ID number already taken in the township
    still fails on the database's unique constraint, and the whole import with it.
    """
    for party in parties:
        if not (by.is_superuser or Role.OFFICE in roles_over(by, party.township)):
            raise PermissionDenied(_("Only the township office registers parties."))
        party.name = _require(party.name, _("The party's name is required."))
        party.id_number = (party.id_number or "").strip().upper()
        # The township is a row in memory and the uniqueness is the database's: no query per party.
        party.full_clean(exclude=["township"], validate_unique=False, validate_constraints=False)
    created = Party.objects.bulk_create(parties, batch_size=1000)
    bulk_created(Party, created)
    return created


def register_case(*, by, **fields) -> ViolationCase:
    """立案: give the case its number, write the "registered" event (and "assigned").

    ``fields`` are those of ``register_cases``' specs.
    """
    return register_cases(by=by, specs=[fields])[0]


# A registration's campaign when none is named: the campaign whose period holds the day
# (``Campaign.objects.counting_cases_registered_on``), or none.
BY_PERIOD = object()

_CASE_DEFAULTS = {
    "category": Category.OTHER,
    "farmland_area_m2": Decimal(0),
    "basic_farmland_area_m2": Decimal(0),
    "land_type": "farmland",
    "latitude": None,
    "longitude": None,
    "causes": (),
    "campaign": BY_PERIOD,
    "assignee": None,
    "description": "",
    "plough_layer_damaged": None,
    "note": "",
    "source_finding": None,
    "registered_on": None,
}
_CASE_REQUIRED = {"village", "title", "party", "location_text", "area_m2", "source", "discovered_on"}
# The fields of a case a registration form gives (the admin's add): the specs less the
# causes, the event's note and the finding, which come their own way, and the campaign, which
# the day of registration decides (``attach_to_campaign`` counts a case in another one, with a reason).
REGISTRATION_FIELDS = tuple(sorted(
    (_CASE_REQUIRED | set(_CASE_DEFAULTS)) - {"causes", "note", "source_finding", "campaign", "registered_on"}))
# Rows already loaded and checked here (or a user): full_clean need not query for them again.
_CASE_FKS = ["party", "village", "campaign", "assignee", "created_by", "source_finding", "authority"]


@transaction.atomic
def register_cases(*, by, specs: list[dict]) -> list[ViolationCase]:
    """立案 for one case or ten thousand (the survey import) in a fixed number of queries.

    Each spec holds ``village, title, party, location_text, area_m2, source, discovered_on``
    and optionally ``category, farmland_area_m2, land_type, latitude, longitude, causes,
    campaign, assignee, description, plough_layer_damaged, note, source_finding, registered_on``.
    ``registered_on`` is the day of the registration (立案), today unless a case registered on
    paper is brought in: not after today, not before ``discovered_on`` (``acts.check_act_date``);
    no later act on the case may be dated before it. All are checked before anything is
    written; the cases get consecutive numbers, a "registered" event each (and "assigned" when
    given an assignee), dated ``registered_on``; each is numbered in the year it was registered.

    Without a ``campaign`` a case counts in the campaign of its township whose period (its
    start to the end of its correction phase) holds the day of registration, if any: the
    registration (立案), not the discovery, because the plan's cases were "排摸出" in the
    year before and handled in the campaign, and a discovery date is a fact that may be
    corrected later. A campaign given by the caller (the demo, an import) is taken as given.
    """
    now = timezone.now()
    officers: dict[tuple, bool] = {}
    cases, specs = [], [{**_CASE_DEFAULTS, **spec} for spec in specs]
    campaign_for = _campaign_for_day({spec["village"].township_id for spec in specs if spec["campaign"] is BY_PERIOD})
    for spec in specs:
        if spec["campaign"] is BY_PERIOD:
            day = spec["registered_on"] or timezone.localdate(now)
            spec["campaign"] = campaign_for(spec["village"].township_id, day)
    for spec in specs:
        unknown = set(spec) - set(_CASE_DEFAULTS) - _CASE_REQUIRED
        if unknown:
            raise TypeError(f"register_cases() got unexpected fields {sorted(unknown)}")
        village, party, campaign, assignee = spec["village"], spec["party"], spec["campaign"], spec["assignee"]
        if village.kind != "village":
            raise CaseError(_("A case belongs to a village."))
        registered_on = acts.check_act_date(None, spec["registered_on"], act=acts.ACTS[EventKind.REGISTERED],
                                            after=spec["discovered_on"], after_act=acts.ACTS["discovery"])
        if not (by.is_superuser or Role.OFFICE in roles_over(by, village)):
            raise PermissionDenied(_("Only the township office registers cases."))
        if party.township_id != village.township_id:
            raise CaseError(_("The party belongs to another township."))
        if campaign is not None and campaign.township_id != village.township_id:
            raise CaseError(_("The campaign belongs to another township."))
        if assignee is not None:
            key = (assignee.pk, village.township_id)
            if key not in officers:
                officers[key] = is_officer_of_township(assignee, village.township_id)
            if not officers[key]:
                raise CaseError(_("Cases can only be assigned to joint enforcement officers of the township."))
        case = ViolationCase(
            title=spec["title"].strip(),
            party=party,
            village=village,
            location_text=spec["location_text"].strip(),
            latitude=spec["latitude"],
            longitude=spec["longitude"],
            land_type=spec["land_type"],
            area_m2=spec["area_m2"],
            farmland_area_m2=spec["farmland_area_m2"] or Decimal(0),
            basic_farmland_area_m2=spec["basic_farmland_area_m2"] or Decimal(0),
            category=spec["category"],
            plough_layer_damaged=spec["plough_layer_damaged"],
            source=spec["source"],
            discovered_on=spec["discovered_on"],
            registered_on=registered_on,
            campaign=campaign,
            assignee=assignee,
            description=spec["description"],
            created_by=by,
            created_at=now,
        )
        if spec["source_finding"] is not None:
            case.source_finding = spec["source_finding"]
        # Field by field in Python; the number's uniqueness and the check constraints are the
        # database's own (asking it here would cost four queries a case).
        case.full_clean(exclude=["number", *_CASE_FKS], validate_unique=False, validate_constraints=False)
        cases.append(case)
    # 办案机关 (territory/competence.py): from the category, the township and the act's date — the
    # discovery until the act's own dates are recorded — in two queries for the whole list.
    townships = ResponsibilityUnit.objects.in_bulk({case.village.township_id for case in cases})
    authority_of = authority_resolver(townships.values())
    for case in cases:
        case.authority = authority_of(townships[case.village.township_id], case.category, case.discovered_on).unit
    # Each case is numbered in the year it was registered: consecutive numbers per year, in list order.
    by_year: dict[int, list[ViolationCase]] = {}
    for case in cases:
        by_year.setdefault(case.registered_on.year, []).append(case)
    for year, of_year in sorted(by_year.items()):
        for case, number in zip(of_year, allocate_case_numbers(year, len(of_year)), strict=True):
            case.number = number
    cases = ViolationCase.objects.bulk_create(cases, batch_size=1000)
    bulk_created(ViolationCase, cases)
    pairs = list(zip(cases, specs, strict=True))
    causes = [CaseCause(case=case, cause=c) for case, spec in pairs for c in sorted(set(spec["causes"]))]
    timeline = []
    for case, spec in pairs:
        timeline.append(CaseEvent(
            case=case,
            kind=EventKind.REGISTERED,
            to_status=CaseStatus.REGISTERED,
            actor=by,
            at=now,
            occurred_on=case.registered_on,
            note=spec["note"],
            data=events.registered(number=case.number, category=case.category,
                                   proposed_disposition=default_disposition(case.category, case.plough_layer_damaged,
                                                                            case.land_type),
                                   campaign=case.campaign, authority=case.authority),
        ))
        if case.assignee is not None:
            timeline.append(CaseEvent(
                case=case, kind=EventKind.ASSIGNED, actor=by, at=now, occurred_on=case.registered_on,
                data=events.assigned(previous=None, to=case.assignee),
            ))
    bulk_created(CaseCause, CaseCause.objects.bulk_create(causes, batch_size=1000))
    bulk_created(CaseEvent, CaseEvent.objects.bulk_create(timeline, batch_size=1000))
    return cases


def _campaign_for_day(township_ids: set[int]):
    """(township id, day) → the campaign a case registered that day counts in (the latest started
    whose period holds it), or None; one query for all the townships, whatever the days."""
    from campaigns.models import Campaign

    periods: dict[int, list] = {}
    if township_ids:
        for campaign in Campaign.objects.with_cases_until().filter(township_id__in=township_ids).order_by(
                "start_date", "pk"):
            periods.setdefault(campaign.township_id, []).append(campaign)

    def campaign_for(township_id: int, day: datetime.date):
        held = [c for c in periods.get(township_id, ()) if c.start_date <= day <= c.cases_until]
        return held[-1] if held else None

    return campaign_for


def register_case_from_finding(finding, *, by, **fields) -> ViolationCase:
    """A patrol finding (线索) becomes a case: both point at each other, the finding is marked registered.

    A second click finds the finding already registered and gets its case back, never a
    second case (the finding row is locked while this runs).
    """
    from patrols.models import PatrolFinding
    from patrols.services import mark_finding_registered

    with transaction.atomic():
        locked = PatrolFinding.objects.select_for_update().get(pk=finding.pk)
        existing = ViolationCase.objects.filter(source_finding=locked).first()
        if existing is not None:
            return existing
        if locked.status != "reported":
            raise CaseError(_("This lead was already handled."))
        fields.setdefault("village", locked.village)
        fields.setdefault("location_text", locked.location_text)
        fields.setdefault("latitude", locked.latitude)
        fields.setdefault("longitude", locked.longitude)
        fields.setdefault("category", locked.suspected_category)
        fields.setdefault("description", locked.description)
        fields.setdefault("source", "dynamic_patrol")
        fields.setdefault("discovered_on", timezone.localdate(locked.reported_at))
        case = register_case(by=by, source_finding=locked, **fields)
        mark_finding_registered(locked, by=by)
    return case


# Not the campaign: which campaign counts a case is decided by the day it was registered, or
# on purpose with a reason (``attach_to_campaign``, ``detach_from_campaign``).
FACT_FIELDS = ("title", "party", "location_text", "latitude", "longitude", "land_type", "area_m2",
               "farmland_area_m2", "basic_farmland_area_m2", "category",
               "plough_layer_damaged", "source", "discovered_on", "description")


@transaction.atomic
def update_case_facts(case: ViolationCase, *, by, expected_version: int | None = None, causes=None,
                      **fields) -> ViolationCase:
    """Correct the facts of a case (title, location, areas, category …); the event keeps old and new.

    Only the office of the case's township corrects facts (``cases.manage``); a withdrawn
    case is frozen. Status, deadline, disposition and assignee are not facts: they change
    only through their own steps. Nothing changed, nothing written.
    """
    unknown = set(fields) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    with _changing(case, by=by, perm="cases.manage", expected_version=expected_version, write="facts") as locked:
        party = fields.get("party")
        if party is not None and party.township_id != locked.village.township_id:
            raise CaseError(_("The party belongs to another township."))
        if (fields.get("latitude", locked.latitude) is None) != (fields.get("longitude", locked.longitude) is None):
            raise CaseError(_("Give both latitude and longitude, or neither."))
        if fields.get("discovered_on"):  # the registration stays after the discovery
            acts.check_act_date(None, locked.registered_on, act=acts.ACTS[EventKind.REGISTERED],
                                after=fields["discovered_on"], after_act=acts.ACTS["discovery"])
        changes = {name: value for name, value in fields.items() if getattr(locked, name) != value}
        if "category" in changes or "discovered_on" in changes:
            changes.update(_authority_change(locked, changes.get("category", locked.category),
                                             changes.get("discovered_on", locked.discovered_on)))
        old_causes = set(locked.causes.values_list("cause", flat=True))
        new_causes = set(causes) if causes is not None else old_causes
        if not changes and new_causes == old_causes:
            return case
        data = events.edited(
            changed={name: (getattr(locked, name), value) for name, value in changes.items()},
            causes=(old_causes, new_causes) if new_causes != old_causes else None,
        )
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["number", "created_by", "party", "village", "campaign", "assignee", "authority"])
        if new_causes != old_causes:
            locked.causes.exclude(cause__in=new_causes).delete()
            CaseCause.objects.bulk_create([CaseCause(case=locked, cause=c) for c in sorted(new_causes - old_causes)])
        _save(case, locked, changes, by=by, kind=EventKind.EDITED, data=data)
    return case


# --- the campaign a case counts in -------------------------------------------------------


def attach_to_campaign(case: ViolationCase, *, by, campaign, reason: str,
                       expected_version: int | None = None) -> ViolationCase:
    """Count a case in ``campaign`` on purpose: the office, with the reason on the timeline.

    For a case registered outside the campaign's period (after its correction phase, or
    before it started) that the campaign did handle; a case counted in another campaign moves
    (the event keeps which). A closed case may be attached; a withdrawn one is frozen.
    """
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Say why the case counts in the campaign."))
    with _changing(case, by=by, perm="cases.manage", expected_version=expected_version, write="campaign") as locked:
        if campaign.township_id != locked.village.township_id:
            raise CaseError(_("The campaign belongs to another township."))
        if locked.campaign_id == campaign.pk:
            raise CaseError(_("The case already counts in %(campaign)s.") % {"campaign": campaign.name})
        data = events.campaign_changed(campaign=campaign, previous=locked.campaign)
        _save(case, locked, {"campaign": campaign}, by=by, kind=EventKind.CAMPAIGN_ATTACHED, note=reason, data=data)
    return case


def detach_from_campaign(case: ViolationCase, *, by, reason: str,
                         expected_version: int | None = None) -> ViolationCase:
    """Stop counting a case in its campaign (the office, with a reason); the case itself stays as it is."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Say why the case no longer counts in the campaign."))
    with _changing(case, by=by, perm="cases.manage", expected_version=expected_version, write="campaign") as locked:
        if locked.campaign_id is None:
            raise CaseError(_("The case does not count in any campaign."))
        data = events.campaign_changed(campaign=None, previous=locked.campaign)
        _save(case, locked, {"campaign": None}, by=by, kind=EventKind.CAMPAIGN_DETACHED, note=reason, data=data)
    return case


# --- assignment ------------------------------------------------------------------------


def assign_cases(cases: Sequence[ViolationCase], *, to, by, note: str = "") -> int:
    """Assign many cases to one joint-team officer at once (all or nothing).

    Rows are locked in id order so two bulk assignments cannot deadlock. Cases already
    assigned to ``to`` are left alone; returns the number changed.
    """
    changed = 0
    with transaction.atomic():
        for case in sorted(cases, key=lambda c: c.pk):
            with _changing(case, by=by, perm="cases.manage", expected_version=None, write="assign") as locked:
                if not is_officer_of_township(to, locked.village.township_id):
                    raise CaseError(_("Cases can only be assigned to joint enforcement officers of the township."))
                if locked.assignee_id == to.pk:
                    continue
                previous = locked.assignee
                _save(
                    case, locked, {"assignee": to}, by=by, kind=EventKind.ASSIGNED, note=note,
                    data=events.assigned(previous=previous, to=to),
                )
                changed += 1
    return changed


# --- the lifecycle ---------------------------------------------------------------------


def decide_case(case: ViolationCase, *, by, disposition: str, reason: str = "", category: str | None = None,
                plough_layer_damaged: bool | None = None, expected_version: int | None = None,
                occurred_on: datetime.date | None = None, no_action_ground: str = "") -> ViolationCase:
    """分类处理: classify and choose the disposition, on ``occurred_on`` (today by default).

    The category's default is the proposal; anything else needs a written reason.
    Planning rectification defers the case; "no action" closes it (on a commercial case
    only a leader may decide that, and the approval is recorded); the others wait for
    the rectification notice.
    """
    category = category or case.category
    if plough_layer_damaged is None:
        plough_layer_damaged = case.plough_layer_damaged
    if disposition not in Disposition.values:
        raise CaseError(_("Unknown disposition."))
    refusal = no_action_refusal(disposition, case.decisive_land_type)
    if refusal:
        raise CaseError(refusal)
    # "No action" only on a ground the law lists (行政处罚法 第三十三条、第三十六条; 办法 第三十一条);
    # the written reason stays the note.
    if disposition == Disposition.NO_ACTION and (refusal := closing.no_action_ground_refusal(no_action_ground)):
        raise CaseError(refusal)
    if disposition != Disposition.NO_ACTION:
        no_action_ground = ""
    default = default_disposition(category, plough_layer_damaged, case.decisive_land_type)
    reason = (reason or "").strip()
    if disposition != default and not reason:
        raise CaseError(_("A disposition other than the category's default needs a written reason."))
    name = DECISION_TRANSITION[disposition]
    if needs_leader_approval(name, category) and not by.has_perm("cases.approve", case):
        raise CaseError(_("“No action” on a commercial case needs a leader's approval: a leader must decide it."))
    fields = {"category": category, "plough_layer_damaged": plough_layer_damaged, "disposition": disposition,
              "disposition_reason": reason}
    if category != case.category:
        fields.update(_authority_change(case, category, case.discovered_on))
    on = occurred_on or timezone.localdate()
    if name == "close_no_action":
        fields["closed_on"] = on
    data = events.decided(disposition=disposition, default=default, category=category,
                          no_action_ground=no_action_ground)
    # The approval rule follows the category being decided, not the one stored before.
    return _transition(case, name, by=by, expected_version=expected_version, on=on, fields=fields, note=reason,
                       data=data, category=category)


def check_notice_may_order(locked: ViolationCase) -> None:
    """Refuse a rectification notice as the order of a disposition that is a penalty.

    Demolition (限期拆除) and confiscation are administrative penalties (自然资源行政处罚办法
    第四条(二)(五)); only a penalty decision reached through 立案, 告知 and 听证 may order them
    (行政处罚法 第三十八条: otherwise void or voidable). A 责令改正 notice is not a penalty
    (办法 第三十六条) and may not stand in for one. Cases that already held such a notice when
    the chain came in (``predates_chain``) keep their path. ``locked``: the case row, locked by the
    write that asks. Raises ``IllegalTransitionError``.
    """
    if needs_penalty_procedure(locked):
        raise IllegalTransitionError(_(
            "Demolition and confiscation are administrative penalties (Article 4 of the Measures on "
            "Administrative Penalties for Natural Resources): a rectification notice cannot order them. "
            "File the case (立案) and take it through the penalty procedure."
        ))


def mark_predating_chain(case: ViolationCase, *, by, note: str) -> ViolationCase:
    """Mark a case whose rectification notice was made outside the penalty chain — on paper before
    the system (the survey import of a campaign in flight) — as migration 0011 marked the cases that
    held one when the chain came in: kept as it is, visibly, never made "lawful". ``note`` says why;
    the mark is on the timeline. Marking a case already marked does nothing."""
    note = _require(note, _("Say why the case predates the penalty procedure."))
    with _changing(case, by=by, perm="cases.manage", expected_version=None, write="facts") as locked:
        if locked.predates_chain:
            return case
        _save(case, locked, {"predates_chain": True}, by=by, kind=EventKind.NOTE, note=note)
    return case


def record_notice(case: ViolationCase, *, by, deadline: datetime.date, served_on: datetime.date,
                  requirements: str = "", expected_version: int | None = None,
                  deadline_basis: dict | None = None) -> ViolationCase:
    """整改通知书 served: the deadline runs from the service date.

    ``deadline_basis`` is how the deadline was counted (the document's, ``deadlines.clock``),
    kept on the case so every list shows it without reading the document.

    Called by ``documents.services.serve_document`` when a rectification notice is
    served on a registered case (the case page no longer records a notice by itself).
    Older data has notices recorded as this event alone; ``documents`` adopts them. The
    event is dated ``served_on``: not before the decision it follows (``acts``).
    """
    if deadline < served_on:
        raise CaseError(_("The deadline cannot be before the service date."))

    def check(locked):
        if locked.disposition not in NOTICE_DISPOSITIONS:
            raise IllegalTransitionError(
                _("Decide a disposition that requires rectification before recording a notice.")
            )
        check_notice_may_order(locked)

    return _transition(
        case, "notify", by=by, expected_version=expected_version, on=served_on,
        fields={"deadline": deadline, "deadline_basis": deadline_basis or {}},
        note=requirements, data=events.notified(deadline=deadline, served_on=served_on), check=check,
    )


def replace_notice_deadline(case: ViolationCase, *, by, deadline: datetime.date, served_on: datetime.date,
                            document: int, supersedes: int, note: str = "",
                            expected_version: int | None = None, deadline_basis: dict | None = None) -> CaseEvent:
    """A corrected 整改通知书 served on a notified case: its deadline replaces the current one.

    The correction supersedes the notice the case was notified with, so "overdue" and
    "due soon" must follow the new deadline from now on. The case stays notified; the
    event (a "notice served" event from notified to notified) keeps the previous deadline,
    so the history still shows what the party was first given. ``document`` is the correction
    served, ``supersedes`` the notice it corrects (their ids). Returns the event, dated
    ``served_on`` (not before the service it replaces).
    """
    if deadline < served_on:
        raise CaseError(_("The deadline cannot be before the service date."))
    with _changing(case, by=by, perm="cases.act", expected_version=expected_version, write="notify",
                   sources=frozenset({CaseStatus.NOTIFIED})) as locked:
        after, after_act = acts.previous_act(locked)
        acts.check_act_date(locked, served_on, act=acts.ACTS[EventKind.NOTIFIED], after=after, after_act=after_act)
        details = events.notified(deadline=deadline, served_on=served_on, previous_deadline=locked.deadline,
                                  document=document, supersedes=supersedes)
        return _save(case, locked, {"deadline": deadline, "deadline_basis": deadline_basis or {}}, by=by,
                     kind=EventKind.NOTIFIED, note=note,
                     data=details, from_status=locked.status, to_status=locked.status, occurred_on=served_on)


def record_self_correction(case: ViolationCase, *, by, corrected_on: datetime.date | None = None, note: str = "",
                           expected_version: int | None = None) -> ViolationCase:
    """The party reports the violation corrected on ``corrected_on`` (today by default); a
    re-inspection must confirm it."""
    corrected_on = corrected_on or timezone.localdate()
    return _transition(case, "self_correct", by=by, expected_version=expected_version, on=corrected_on, note=note,
                       data=events.self_corrected(corrected_on=corrected_on))


def pass_reinspection(case: ViolationCase, *, by, inspected_on: datetime.date | None = None, note: str = "",
                      expected_version: int | None = None) -> ViolationCase:
    """复查 passed on ``inspected_on`` (today by default): the case is closed that day."""
    inspected_on = inspected_on or timezone.localdate()
    return _transition(case, "reinspection_passed", by=by, expected_version=expected_version, on=inspected_on,
                       note=note,
                       fields={"closed_on": inspected_on}, data=events.reinspection_passed(inspected_on=inspected_on))


def fail_reinspection(case: ViolationCase, *, by, new_deadline: datetime.date,
                      inspected_on: datetime.date | None = None, note: str = "",
                      expected_version: int | None = None) -> ViolationCase:
    """复查 failed on ``inspected_on`` (today by default): back to notified with a new deadline;
    the event keeps the old one."""
    inspected_on = inspected_on or timezone.localdate()
    if new_deadline <= inspected_on:
        raise CaseError(_("The new deadline must be after the re-inspection."))
    note = _require(note, _("Say what was found at the re-inspection."))
    return _transition(
        case, "reinspection_failed", by=by, expected_version=expected_version, on=inspected_on, note=note,
        fields={"deadline": new_deadline, "deadline_basis": {}},  # a date set by hand: no period behind it
        data=events.reinspection_failed(inspected_on=inspected_on, previous_deadline=case.deadline,
                                        deadline=new_deadline),
    )


def approve_enforcement(case: ViolationCase, *, by, note: str = "", expected_version: int | None = None,
                        occurred_on: datetime.date | None = None) -> ViolationCase:
    """The deadline was missed: a leader approves enforcement (强制执行) on ``occurred_on`` (today by
    default), a day after the deadline; the approval is on the event.

    The deadline is the notice's, counted from its service date (an act's date, never the day it
    was entered): a notice served sixty days ago with thirty days given is overdue today.
    """
    on = occurred_on or timezone.localdate()
    # A penalty decision is enforced through the court, or by the township's own demolition
    # decision (cases/enforcement.py, 行政强制法 第三十五条、第四十四条、第五十三条、第五十四条): the
    # table keeps the one-click approval for the rectification path; this says why to a decided case.
    if case.status == CaseStatus.DECIDED:
        raise IllegalTransitionError(_(
            "A penalty decision is enforced through the court after a served demand (行政强制法 第五十三条、"
            "第五十四条), or by the township's own forced demolition decision (第四十四条): use the "
            "enforcement steps of the case."))

    def check(locked):
        if locked.deadline is None or locked.deadline >= timezone.localdate():
            raise IllegalTransitionError(_("Enforcement can only be approved after the deadline has passed."))
        # The deadline day itself is still the party's: a period's last day ends at 24:00
        # (《民法典》第二百零三条; counted from the day after service, 第二百零一条).
        if on <= locked.deadline:
            raise ActDateError(
                _("The enforcement approval date (%(date)s) must be after the deadline (%(deadline)s).")
                % {"date": acts.shown_date(on), "deadline": acts.shown_date(locked.deadline)}
            )

    return _transition(case, "approve_enforcement", by=by, expected_version=expected_version, on=on, note=note,
                       data=events.enforcement_approved(deadline=case.deadline), check=check)


def record_enforcement(case: ViolationCase, *, by, kind: str, carried_out_on: datetime.date | None = None, units=(),
                       area_m2: Decimal | None = None, amount_yuan: Decimal | None = None, result: str = "",
                       started_at: datetime.time | None = None, residence: bool = False,
                       expected_version: int | None = None) -> EnforcementAction:
    """One enforcement measure carried out on a case being enforced, on ``carried_out_on`` (today
    by default; not before the approval) from ``started_at``: never at night nor on a 法定节假日,
    and no utility cut against a residence (行政强制法 第四十三条, ``enforcement.check_execution``)."""
    from . import enforcement

    carried_out_on = carried_out_on or timezone.localdate()
    with _changing(case, by=by, perm="cases.act", expected_version=expected_version,
                   write="enforcement") as locked:
        if locked.status != CaseStatus.ENFORCING:
            raise IllegalTransitionError(_("Enforcement can only be recorded once a leader has approved it."))
        after, after_act = acts.previous_act(locked)
        acts.check_act_date(locked, carried_out_on, act=acts.ACTS[EventKind.ENFORCEMENT_RECORDED], after=after,
                            after_act=after_act)
        enforcement.check_execution(kind=kind, on=carried_out_on, started_at=started_at, residence=residence,
                                    chain=not locked.predates_chain and locked.filed_on is not None)
        action = EnforcementAction(case=locked, kind=kind, carried_out_on=carried_out_on, area_m2=area_m2,
                                   amount_yuan=amount_yuan, result=result, started_at=started_at,
                                   residence=residence, recorded_by=by)
        action.full_clean(exclude=["case", "recorded_by"])
        action.save()
        action.units.set(units)
        _save(case, locked, {}, by=by, kind=EventKind.ENFORCEMENT_RECORDED, note=result,
              data=events.enforcement_recorded(action=action), occurred_on=carried_out_on)
    return action


def complete_enforcement(case: ViolationCase, *, by, verified_on: datetime.date | None = None, note: str = "",
                         expected_version: int | None = None) -> ViolationCase:
    """Enforcement done and verified on site on ``verified_on`` (today by default; not before its
    last measure): the case is closed."""
    verified_on = verified_on or timezone.localdate()

    def check(locked):
        last = (locked.enforcement_actions.filter(corrections__isnull=True).order_by("-carried_out_on")
                .values_list("carried_out_on", flat=True).first())
        if last is None:
            raise IllegalTransitionError(_("Record at least one enforcement action first."))
        acts.check_act_date(locked, verified_on, act=acts.ACTS[EventKind.ENFORCEMENT_DONE], after=last,
                            after_act=acts.ACTS[EventKind.ENFORCEMENT_RECORDED])

    return _transition(case, "enforcement_done", by=by, expected_version=expected_version, on=verified_on,
                       note=note,
                       fields={"closed_on": verified_on}, data=events.enforcement_done(verified_on=verified_on),
                       check=check)


def hand_over_refusal(case: ViolationCase) -> str:
    """Why ``case`` cannot be handed over (移送) now, or "" when it can: only a case whose 办案机关 is
    a county department, and only once (自然资源行政处罚办法 第十一条: the receiving authority may
    not pass it on by itself)."""
    if case.authority_id is None:
        return _("No competent authority is on record for this case: enter the county's departments "
                 "in the territory first.")
    if case.authority_id == case.village.township_id:
        return _("The township itself is the competent authority of this case: there is nothing to hand over.")
    if case.handed_over_on is not None:
        return _("This case was already handed over to its competent authority on %(date)s.") % {
            "date": acts.shown_date(case.handed_over_on)}
    return ""


def hand_over(case: ViolationCase, *, by, on: datetime.date | None = None, document, evidence_files: int,
              evidence_sha256: str, note: str = "", expected_version: int | None = None) -> ViolationCase:
    """移送: the township hands the case over to its 办案机关, a county department; from then on the
    department's people see it and work the penalty chain (``cases/rules.py``).

    Called by ``documents.services`` when the 案件移送书 (``document``) is served on the authority,
    with the evidence file sent along (its stored files' count and SHA-256). Refused with a
    message when the township itself is the authority, when no authority is on record, or when
    the case was already handed over (a receiving authority may not pass it on by itself:
    自然资源行政处罚办法 第十一条).
    """
    def check(locked):
        refusal = hand_over_refusal(locked)
        if refusal:
            raise CaseError(refusal)

    on = on or timezone.localdate()
    authority = ResponsibilityUnit.objects.get(pk=case.authority_id) if case.authority_id else None
    data = events.handed_over(authority=authority, document=document, evidence_files=evidence_files,
                              evidence_sha256=evidence_sha256) if authority else {}
    return _transition(case, "hand_over", by=by, expected_version=expected_version, on=on,
                       fields={"handed_over_on": on}, note=(note or "").strip(), data=data, check=check)


def resolve_deferred(case: ViolationCase, *, by, note: str, expected_version: int | None = None,
                     occurred_on: datetime.date | None = None) -> ViolationCase:
    """A deferred case was settled within the village plan on ``occurred_on`` (today by default)."""
    note = _require(note, _("Say how the case was resolved."))
    on = occurred_on or timezone.localdate()
    return _transition(case, "resolve", by=by, expected_version=expected_version, on=on, note=note,
                       fields={"closed_on": on}, data=events.resolved())


def withdraw_case(case: ViolationCase, *, by, reason: str, expected_version: int | None = None,
                  occurred_on: datetime.date | None = None) -> ViolationCase:
    """Registered in error: withdrawn on ``occurred_on`` (never deleted; the number stays used)."""
    reason = _require(reason, _("A reason is required."))
    return _transition(case, "withdraw", by=by, expected_version=expected_version, on=occurred_on, note=reason,
                       data=events.withdrawn())


def reopen_case(case: ViolationCase, *, by, reason: str, expected_version: int | None = None,
                occurred_on: datetime.date | None = None) -> ViolationCase:
    """回潮: the violation came back (found on ``occurred_on``, not before the closing); the case
    starts again from registered. The event keeps what was.

    An archived case (立卷归档) is reopened only by its head (``cases.reopen_archived``): the reopening
    unlocks it and names the case file it unlocked, which stays stored (documents.CaseArchive)."""
    reason = _require(reason, _("A reason is required."))
    # The version check of ``_changing`` refuses the reopening if the case was archived meanwhile.
    return _transition(
        case, "reopen", by=by, expected_version=expected_version, on=occurred_on, note=reason,
        perm="cases.reopen_archived" if case.archived_at else None,
        fields={"closed_on": None, "deadline": None, "deadline_basis": {}, "disposition": "", "disposition_reason": "",
                "archived_at": None, "archive_sha256": ""},
        data=events.reopened(previous_disposition=case.disposition, previous_deadline=case.deadline,
                             previous_closed_on=case.closed_on, previous_archive_sha256=case.archive_sha256),
    )


def record_archive(case: ViolationCase, *, by, archive, pages: int, files: int,
                   expected_version: int) -> ViolationCase:
    """立卷归档 recorded: called by ``documents.archive`` with the stored case file, built from the case
    as it was at ``expected_version`` (refused as stale if anything was written since). Only a closed
    case that is not archived yet; from now on ``check_writable`` refuses every write but a reopening."""
    with _changing(case, by=by, perm="documents.archive", expected_version=expected_version,
                   write="archive") as locked:
        if locked.status != CaseStatus.CLOSED:
            raise IllegalTransitionError(_("Only a closed case is archived."))
        _save(case, locked, {"archived_at": archive.made_at, "archive_sha256": archive.pdf_sha256}, by=by,
              kind=EventKind.ARCHIVED, data=events.archived(archive=archive, pages=pages, files=files))
    return case


# --- records around the lifecycle ------------------------------------------------------


def record_disciplinary(case: ViolationCase, *, by, person_name: str, measure: str, post: str = "",
                        status: str = DisciplinaryStatus.PROPOSED, proposed_by: str = "",
                        decided_on: datetime.date | None = None, note: str = "",
                        expected_version: int | None = None) -> DisciplinaryAction:
    """纪律处分 proposed or decided for a person responsible for the case; a decision is dated
    ``decided_on`` (not after today, not before the registration)."""
    with _changing(case, by=by, perm="cases.discipline", expected_version=expected_version,
                   write="discipline") as locked:
        if decided_on is not None:
            acts.check_act_date(locked, decided_on, act=acts.ACTS[EventKind.DISCIPLINARY_RECORDED])
        action = DisciplinaryAction(case=locked, person_name=person_name.strip(), post=post, measure=measure,
                                    status=status, proposed_by=proposed_by, decided_on=decided_on, note=note,
                                    recorded_by=by)
        action.full_clean(exclude=["case", "recorded_by"])
        action.save()
        _save(case, locked, {}, by=by, kind=EventKind.DISCIPLINARY_RECORDED, note=note,
              data=events.disciplinary_recorded(action=action), occurred_on=decided_on)
    return action


def add_attachment(case: ViolationCase, *, by, upload: UploadedFile, kind: str = AttachmentKind.PHOTO,
                   description: str = "", event: CaseEvent | None = None,
                   uploaded_at: datetime.datetime | None = None) -> CaseAttachment:
    """Evidence (photo, 询问笔录, 现场勘测笔录): type checked by content, SHA-256 kept.

    Without ``event`` an "evidence added" event is written and the file hangs on it, so
    the timeline shows it in order. ``uploaded_at`` keeps the time of a file that came in
    earlier elsewhere (a public report's photo); now by default. Raises ``ValidationError``
    for a refused file.
    """
    file_type = check_upload(upload, allowed=IMAGES_AND_PDF)
    digest = sha256_of(upload)
    with discard_files_on_error() as stored, \
            _changing(case, by=by, perm="cases.add_evidence", expected_version=case.version,
                      write="attachment") as locked:
        if event is not None and event.case_id != locked.pk:
            raise CaseError(_("The event belongs to another case."))
        if event is None:
            event = _save(case, locked, {}, by=by, kind=EventKind.ATTACHMENT_ADDED, note=description,
                          data=events.attachment_added(kind=kind, sha256=digest, name=upload.name))
        attachment = CaseAttachment(case=locked, event=event, kind=kind, file_type=file_type,
                                    original_name=(upload.name or "")[:200], size=upload.size, sha256=digest,
                                    description=description, uploaded_by=by,
                                    uploaded_at=uploaded_at or timezone.now())
        attachment.file.save(upload.name or "upload", upload, save=False)
        stored(attachment.file)
        attachment.save()
    return attachment


def add_note(case: ViolationCase, *, by, note: str, occurred_on: datetime.date | None = None) -> CaseEvent:
    """A free note on the timeline (a phone call, a visit), of the day ``occurred_on`` (today by default).

    ``documents`` notes its issues and services through here, dated the day they happened.
    """
    note = _require(note, _("The note is empty."))
    with _changing(case, by=by, perm="cases.note", expected_version=case.version, write="note") as locked:
        on = acts.check_act_date(locked, occurred_on, act=acts.ACTS[EventKind.NOTE])
        return _save(case, locked, {}, by=by, kind=EventKind.NOTE, note=note, data=events.note(), occurred_on=on)


def record_reminder(case_id: int, *, data: dict) -> CaseEvent:
    """A reminder sent about the case (``events.reminder_sent``), written on its timeline by the
    system (no actor). It changes nothing of the case: no lock, no version bump, so an officer
    editing the case meanwhile is not told it went stale. The caller's transaction holds the
    reminder's own row, whose unique constraint makes this once per reminder."""
    return CaseEvent.objects.create(case_id=case_id, kind=EventKind.REMINDER_SENT, actor=None, data=data,
                                    occurred_on=timezone.localdate())


# --- amendments (更正) of the case's records ----------------------------------------------


def _check_amended_dates(locked: ViolationCase, model, fields: dict) -> None:
    """An amended act date meets the rule of a new one: an enforcement measure not before the
    approval it follows, a disciplinary decision not before the registration (``acts``)."""
    if model is EnforcementAction and fields.get("carried_out_on"):
        approval = (locked.events.filter(kind=EventKind.ENFORCEMENT_APPROVED).order_by("-at", "-id")
                    .values_list("occurred_on", flat=True).first())
        acts.check_act_date(locked, fields["carried_out_on"], act=acts.ACTS[EventKind.ENFORCEMENT_RECORDED],
                            after=approval, after_act=acts.ACTS[EventKind.ENFORCEMENT_APPROVED])
    if model is DisciplinaryAction and fields.get("decided_on"):
        acts.check_act_date(locked, fields["decided_on"], act=acts.ACTS[EventKind.DISCIPLINARY_RECORDED])

# What an amendment copies from the record it supersedes unless given anew; the case, the
# recorder and the time are the amendment's own. An attachment keeps its file unless a new
# one is uploaded.
AMENDABLE_FIELDS = {
    EnforcementAction: ("kind", "carried_out_on", "area_m2", "amount_yuan", "result"),
    DisciplinaryAction: ("person_name", "post", "measure", "status", "proposed_by", "decided_on", "note"),
    CaseAttachment: ("kind", "description", "file", "file_type", "original_name", "size", "sha256"),
}
_AMEND_PERMS = {EnforcementAction: "cases.act", DisciplinaryAction: "cases.discipline", CaseAttachment: "cases.act"}


def correct_record(record: EnforcementAction | DisciplinaryAction | CaseAttachment, *, by, reason: str,
                   upload: UploadedFile | None = None, units=None, **fields):
    """更正 of a record on the case's file: a new record that supersedes ``record``, which stays.

    The records are append-only (evidence); an error in one is put right by this amendment,
    written with its reason and a "record amended" event, and shown beside the original on
    the timeline and in the evidence file. A record that was already amended is amended
    through its latest version, so the chain stays one line. Raises ``CaseError`` (or
    ``ValidationError`` for a refused file or field).
    """
    model = type(record)
    reason = _require(reason, _("Say why the record is amended."))
    unknown = set(fields) - set(AMENDABLE_FIELDS[model])
    if unknown:
        raise TypeError(f"not amendable: {sorted(unknown)}")
    values = {name: getattr(record, name) for name in AMENDABLE_FIELDS[model]} | fields
    if model is CaseAttachment:
        values["file"] = record.file.name  # the same stored file, by name: the record's own FieldFile stays its own
    if upload is not None:
        values["file_type"] = check_upload(upload, allowed=IMAGES_AND_PDF)
        values["sha256"], values["size"] = sha256_of(upload), upload.size
        values["original_name"] = (upload.name or "")[:200]
    case = record.case
    with discard_files_on_error() as stored, \
            _changing(case, by=by, perm=_AMEND_PERMS[model], expected_version=case.version,
                      write="amendment") as locked:
        if model.objects.filter(supersedes=record).exists():
            raise CaseError(_("This record was already amended; amend its latest version."))
        _check_amended_dates(locked, model, fields)
        event = _save(case, locked, {}, by=by, kind=EventKind.RECORD_CORRECTED, note=reason,
                      data=events.record_corrected(record=model._meta.model_name, supersedes=record.pk))
        amendment = model(case=locked, supersedes=record, correction_reason=reason, **values)
        if model is CaseAttachment:
            amendment.event, amendment.uploaded_by = event, by
            if upload is not None:
                amendment.file.save(upload.name or "upload", upload, save=False)
                stored(amendment.file)
        else:
            amendment.recorded_by = by
        amendment.full_clean(exclude=["case", "event", "supersedes", "recorded_by", "uploaded_by", "file"])
        amendment.save()
        if model is EnforcementAction:
            amendment.units.set(record.units.all() if units is None else units)
    return amendment


# ---- 卫片 patches (patches/) ---------------------------------------------------------------------

def register_case_from_patch(patch, *, by, **fields) -> ViolationCase:
    """A patch confirmed illegal becomes a case that keeps its polygon (``CaseShape``) and points back.

    A second click finds the patch already in a case and gets that case back, never a second one.
    """
    from patches.services import mark_patch_in_case

    with transaction.atomic():
        locked = type(patch).objects.select_for_update().get(pk=patch.pk)
        if locked.case_id is not None:
            return locked.case
        fields.setdefault("village", locked.village)
        fields.setdefault("latitude", locked.latitude)
        fields.setdefault("longitude", locked.longitude)
        fields.setdefault("area_m2", locked.area_m2)
        fields.setdefault("farmland_area_m2", locked.farmland_area_m2)
        fields.setdefault("basic_farmland_area_m2", locked.basic_farmland_area_m2)
        fields.setdefault("source", "satellite")
        fields.setdefault("discovered_on", locked.batch.issued_on)
        case = register_case(by=by, **fields)
        _outline(case, locked.shape)
        mark_patch_in_case(locked, case, by=by, joined=False)
    return case


def join_patch_to_case(patch, case: ViolationCase, *, by) -> ViolationCase:
    """A patch confirmed illegal joins an open case of its village (the same building seen twice): the
    case's outline takes in the patch's polygon; the case's facts stay as the office entered them."""
    from patches.services import mark_patch_in_case

    with transaction.atomic():
        locked = ViolationCase.objects.select_for_update().get(pk=case.pk)
        if not by.has_perm("cases.manage", locked):
            raise PermissionDenied(_("You may not do this here."))
        if locked.status not in OPEN_STATUSES:
            raise CaseError(_("Case %(number)s is no longer open; register a new case.") % {"number": locked.number})
        if patch.village_id is None or locked.village_id != patch.village_id:
            raise CaseError(_("A patch joins a case of its own village."))
        existing = CaseShape.objects.filter(case=locked).first()
        _outline(locked, patch.shape if existing is None else existing.shape.union(patch.shape))
        mark_patch_in_case(patch, locked, by=by, joined=True)
    return locked


def set_case_outline(case: ViolationCase, *, geom, how: str, by, expected_version: int | None = None) -> ViolationCase:
    """The office draws the case's polygon on the map or loads it from a GIS file (``how``: "drawn" or the
    file's name); it replaces the outline the case had (its patches' polygons stay with the patches).

    The timeline keeps the area before and after; the facts (areas) stay as entered: the case page
    shows the areas the outline measures beside them, and a correction of the facts takes them over.
    """
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
        raise CaseError(_("The outline must be one or more polygons that do not cross themselves."))
    with _changing(case, by=by, perm="cases.manage", expected_version=expected_version, write="facts") as locked:
        before = CaseShape.objects.filter(case=locked).first()
        area = round(geo.area_m2(geom), 2)
        data = {"how": how[:100], "area_m2": str(area),
                "area_before_m2": str(round(geo.area_m2(before.shape), 2)) if before else None}
        _outline(locked, geom)
        _save(case, locked, {}, by=by, kind=EventKind.OUTLINE_SET, data=data)
    return case


def _outline(case: ViolationCase, geom) -> CaseShape:
    outline = CaseShape.objects.filter(case=case).first() or CaseShape(case=case)
    outline.set_shape(geom)
    outline.save()
    return outline
