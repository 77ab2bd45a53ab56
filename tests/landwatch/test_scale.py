"""The county-scale generator (``manage.py generate_scale``): what it loads, and that a load leaves the tables whole."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from cases.events import details
from cases.models import CaseEvent, CaseNumberSequence, ViolationCase
from cases.scale import SCALE_YEAR, scale_cases
from documents.models import CaseDocument
from landwatch import scale
from patrols.models import PatrolFinding, PatrolLog, PatrolResult
from territory.scale import SCALE_LOGINS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY and index paths are PostgreSQL's"),
]

LOADED = ["cases_violationcase", "cases_party", "cases_caseevent", "patrols_patrollog", "patrols_patrolfinding"]


def _indexes() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [LOADED])
        return set(cursor.fetchall())


def _generate(cases: int, logs: int) -> None:
    call_command(
        "generate_scale", townships=2, villages=4, cases=cases, patrol_logs=logs, stdout=open("/dev/null", "w")
    )


def test_a_load_fills_every_table_consistently_and_leaves_its_indexes_as_they_were():
    indexes = _indexes()
    _generate(60, 400)
    assert _indexes() == indexes  # dropped for the load, built again after it
    cases = scale_cases()
    assert cases.count() == 60
    assert not cases.filter(events__isnull=True).exists()
    assert set(cases.values_list("status", flat=True)) >= {"registered", "notified", "closed"}
    # Every event's data is its kind's builder's, so its timeline row shows what happened (those
    # three say it in their note).
    for event in CaseEvent.objects.filter(case__in=cases).exclude(kind__in=["note", "withdrawn", "resolved"]):
        assert details(event), (event.kind, event.data)
    registered = CaseEvent.objects.filter(case__in=cases, kind="registered").select_related("case")
    assert all(e.data["number"] == e.case.number for e in registered)
    notified = CaseEvent.objects.filter(case__in=cases, kind="notified")
    assert CaseDocument.objects.filter(source_event__in=notified, status="served").count() == notified.count()
    assert PatrolLog.objects.filter(village__code__startswith="SCALE").count() == 400
    logs = PatrolLog.objects.filter(village__code__startswith="SCALE")
    assert set(logs.values_list("result", flat=True)) <= set(PatrolResult.values)  # the list's filter finds them
    findings = PatrolFinding.objects.filter(village__code__startswith="SCALE").select_related("log")
    assert findings and all(
        f.log.village_id == f.village_id and f.log.result == PatrolResult.SUSPECTED_VIOLATION for f in findings
    )
    assert set(findings.values_list("status", flat=True)) == {"reported", "dismissed"}
    assert not logs.filter(result=PatrolResult.SUSPECTED_VIOLATION).exclude(findings__isnull=False).exists()
    assert logs.values("village").distinct().count() == 4
    days = logs.aggregate(first=Min("patrolled_on"), last=Max("patrolled_on"))
    assert timezone.localdate() - datetime.timedelta(days=1095) <= days["first"] < days["last"] <= timezone.localdate()
    log = PatrolLog.objects.filter(village__code__startswith="SCALE").first()
    assert log.created_at is not None and log.gps_points == [] and log.withdrawn_at is None


def test_a_rerun_tops_the_data_up_to_the_asked_counts():
    _generate(30, 100)
    _generate(50, 150)
    assert scale_cases().count() == 50
    # Numbered by the services' allocator, one sequence on from the other, never twice.
    numbers = sorted(int(n.split("-")[1]) for n in scale_cases().values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert CaseNumberSequence.objects.get(year=SCALE_YEAR).last == 50
    assert PatrolLog.objects.filter(village__code__startswith="SCALE").count() == 150


def test_rows_written_through_copy_read_back_as_written(territory, office):
    tricky = "东组\t西组\n南组\\北组\r"
    ids = scale.insert_rows(
        PatrolLog,
        ["village_id", "patrolled_on", "route", "result", "created_by_id", "gps_points", "duration_minutes"],
        [[territory.village_a.pk, "2022-03-15", tricky, "nothing_found", office.pk, [[30.1, 120.2]], None]],
    )
    log = PatrolLog.objects.get(pk=ids[0])
    assert (log.route, log.gps_points, log.duration_minutes) == (tricky, [[30.1, 120.2]], None)
    assert str(log.patrolled_on) == "2022-03-15" and log.created_at is not None


def test_another_database_is_refused_before_anything_is_written(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        _generate(10, 10)
    assert not ViolationCase.objects.exists() and not PatrolLog.objects.exists()


def test_the_generated_logins_have_no_usable_password():
    """Whatever database it is run against, the generator opens no login with a known password."""
    from django.contrib.auth import get_user_model

    _generate(10, 20)
    users = get_user_model().objects.filter(username__startswith="scale_")
    assert set(SCALE_LOGINS.values()) <= set(users.values_list("username", flat=True))
    assert not [u.username for u in users if u.has_usable_password()]


def test_the_generated_county_has_the_people_the_penalty_chain_needs():
    """Leaders who file, qualified legal reviewers, officers with a 执法证 (two sign a 笔录), both county
    departments with their head, reviewer and officers, a delegation and the holiday table."""
    from deadlines.models import HolidayYear
    from territory.competence import competent_authority
    from territory.models import Competence, Credential, Delegation, ResponsibilityUnit, UnitMembership

    _generate(10, 20)
    today = timezone.localdate()
    valid = Credential.objects.valid_on(today)
    for membership in UnitMembership.objects.filter(user__username__startswith="scale_"):
        membership.full_clean()  # each login sits where its role may (a county department's head and staff too)
    towns = ResponsibilityUnit.objects.filter(code__startswith="SCALE-T", kind="township")
    assert towns.count() == 2
    for town in towns:
        people = UnitMembership.objects.filter(unit__township=town)
        assert people.filter(role="leader").exists()
        assert valid.filter(kind="legal_review", user__memberships__in=people.filter(role="office")).exists()
        assert valid.filter(kind="enforcement", user__memberships__in=people.filter(role="officer")).count() >= 2
    for competence in Competence.values:
        department = ResponsibilityUnit.objects.get(code__startswith="SCALE-COUNTY-", competence=competence)
        staff = UnitMembership.objects.filter(unit=department)
        assert staff.filter(role="leader").count() == 1
        assert valid.filter(kind="legal_review", user__memberships__in=staff).count() == 1
        assert valid.filter(kind="enforcement", user__memberships__in=staff).count() >= 2
        assert department.letterhead and department.document_prefix
    assert Delegation.objects.in_force_on(today).filter(township__in=towns).exists()
    assert HolidayYear.objects.filter(year=today.year).exists()
    # The county's cases find their 办案机关 among the generated units.
    first, second = towns.order_by("code")
    assert competent_authority(township=second, category="commercial", on=today).unit.code == "SCALE-COUNTY-NR"
    assert competent_authority(township=second, category="extra_homestead", on=today).unit.code == "SCALE-COUNTY-AG"
    assert competent_authority(township=first, category="farmland_breeding", on=today).is_township


def test_the_generated_county_leaves_cases_where_the_law_makes_the_next_step_wait():
    """The soak (bench/soak.py) takes the chain's later steps today on cases the generator left at
    them, their acts dated in the past: for each stage and each of the soak's two phases, in each
    township, a case whose next step the law allows today — the township's own and the county
    department's in turn."""
    from cases import penalty, procedure
    from cases.models import CaseStatus
    from cases.penalty_scale import ROUNDS, STAGES
    from deadlines import dates

    _generate(10, 20)
    today = dates.today()
    marks = tuple(f"（{mark}）" for mark, _measures in STAGES.values())
    cases = [case for case in ViolationCase.objects.filter(title__contains="压测处罚案").select_related("village")
             if case.title.endswith(marks)]  # (after the decision: cases/enforcement_scale.py, tested below)
    assert len(cases) == 2 * len(ROUNDS) * len(STAGES)
    assert {c.handed_over_on is not None for c in cases} == {True, False}
    for case in cases:
        stage = next(s for s, (mark, _measures) in STAGES.items() if case.title.endswith(f"（{mark}）"))
        facts = penalty.chain_facts(case)
        review = facts.last("legal_reviewed")
        assert review is not None and review.data["passed"], case.title
        if stage == "inform":
            assert case.status == CaseStatus.REVIEWING and facts.penalty_notice_served is None
            continue
        if stage == "serve_decision":
            decided = facts.last("penalty_decided")
            assert case.status == CaseStatus.DECIDED and decided.occurred_on < today
            assert penalty.decision_service_deadline(decided.occurred_on).date >= today
            continue
        assert case.status == CaseStatus.INFORMED and facts.penalty_notice_served < today
        if stage == "statement":  # still within the statement period
            assert penalty.statement_deadline(facts).date >= today
        elif stage == "hearing_request":  # still within the period to ask for a hearing
            assert penalty.hearing_request_deadline(facts).date >= today
        elif stage == "hearing":  # the summons served at least seven working days ago
            assert penalty.pending_hearing_request(facts) is not None
            assert penalty.hearing_earliest(facts).date <= today
        elif stage == "decide":  # nothing stands in the way of a decision today
            penalty.check_decision(case, facts, on=today, measures=case.penalty_measures, fine_yuan=case.fine_yuan)
            assert procedure.decision_clock(case, today=today).date >= today


# What each stage after the decision waits for (cases/enforcement_scale.py): who takes it, and the
# link the case page offers that user for it today.
NEXT_STEP = {
    "demand": ("office", "?kind=demand"), "demand_statement": ("office", "/demand-statement/"),
    "apply": ("leader", "/apply-to-court/"), "ruling": ("office", "/court-ruling/"),
    "execute": ("office", "/enforcement/"), "close": ("leader", "/approve-closing/"),
    "challenge": ("office", "/record-challenge/"), "challenge_upheld": ("office", "/end-challenge/"),
    "challenge_revoked": ("office", "/end-challenge/"), "payment": ("office", "/fine/payment/"),
    "arrangement": ("leader", "/fine/arrangement/"), "referral": ("office", "/referrals/new/"),
    "referral_answer": ("office", "/answer/"),
}


def test_the_generated_county_leaves_cases_at_each_step_after_the_decision(client):
    """The soak's enforcement desks (bench/soak_enforcement.py) take today the step each of these
    cases waits for: the case page offers it to the township's office or leader."""
    from django.contrib.auth import get_user_model

    from cases.enforcement_scale import STAGES
    from cases.models import CaseStatus
    from cases.penalty_scale import ROUNDS

    assert set(NEXT_STEP) == set(STAGES)
    _generate(10, 20)
    users = {user.username: user for user in get_user_model().objects.filter(username__startswith="scale_")}
    seen = 0
    for stage, (mark, _measures, _days) in STAGES.items():
        cases = ViolationCase.objects.filter(title__endswith=f"（{mark}）").select_related("village")
        assert cases.count() == 2 * len(ROUNDS), stage
        for case in cases:
            assert "压测处罚案" in case.title  # kept out of the soak's random writes
            role, link = NEXT_STEP[stage]
            # The township's office registered the case; its leader is the head who acts for the township.
            office = case.created_by
            acting = office if role == "office" else users[office.username.replace("office", "leader")]
            client.force_login(acting)
            assert link in client.get(f"/cases/{case.pk}/").content.decode(), (stage, case.title)
            assert case.status in (CaseStatus.DECIDED, CaseStatus.ENFORCING, CaseStatus.REGISTERED), stage
            seen += 1
    assert seen == 2 * len(ROUNDS) * len(STAGES)

