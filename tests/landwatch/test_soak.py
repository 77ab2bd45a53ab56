"""The soak and the PostgreSQL restart run end to end in their short mode (bench/soak.py).

The script starts a throwaway cluster of its own (it stops and starts that server), a
gunicorn on loopback and concurrent users; this test asserts the invariants it reports,
never a time.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HARD_LIMIT_SECONDS = 600  # a safety net for a stuck run; the load itself is bounded to ~45 s


@pytest.fixture(scope="module")
def soak(tmp_path_factory):
    results = tmp_path_factory.mktemp("soak") / "soak.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    # Its own process group, so that a timeout also stops the gunicorn and PostgreSQL it started.
    process = subprocess.Popen(
        [sys.executable, "bench/soak.py", "--short", "--results", str(results)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=HARD_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)  # with-postgres.sh removes its cluster on TERM
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        raise
    assert process.returncode == 0, stdout[-4000:] + stderr[-4000:]
    return stdout, json.loads(results.read_text())


def test_prints_one_soak_line(soak):
    stdout, report = soak
    last = stdout.strip().splitlines()[-1]
    assert last.startswith("SOAK requests=")
    assert "errors_5xx=0" in last and "rows_lost=0" in last and "restarts_survived=1" in last
    assert report["failures"] == []


def test_soak_has_no_5xx_and_every_confirmed_transition_wrote_its_event(soak):
    _, report = soak
    soak = report["soak"]
    assert soak["requests"] > 0
    assert soak["errors_5xx"] == 0 and soak["connection_errors"] == 0
    # Mixed writes really happened: registrations at the same moment, and lifecycle steps.
    per_kind = soak["per_kind"]
    assert per_kind["registered"]["confirmed"] > 0
    assert sum(v["confirmed"] for k, v in per_kind.items() if k not in ("registered", "assigned")) > 0
    # The penalty chain's filing (立案审批) by the townships' leaders and the office's 笔录 on filed
    # cases, counted like every other write: each phase starts with them (bench/soak.py run_phase),
    # the 笔录 counted over both phases since it waits for a filing.
    assert per_kind["filing_approved"]["confirmed"] > 0
    restart_kinds = report["restart"]["per_kind"]
    assert per_kind["investigation_recorded"]["confirmed"] + restart_kinds["investigation_recorded"]["confirmed"] > 0
    for kind, counts in per_kind.items():
        assert counts["written"] - counts["confirmed"] in range(counts["in_doubt"] + 1), kind
    assert soak["cases_registered"]["written"] >= soak["cases_registered"]["confirmed"]
    assert soak["mismatched"] == [] and soak["rows_lost"] == 0
    assert soak["half_applied"] == 0 and soak["duplicate_numbers"] == 0 and soak["cases_touched"] > 0
    # Further along the chain (the investigation report after a 笔录, the legal review by the office's
    # qualified clerk, the leaders' collective discussion): filed and reported on once per case,
    # every document number once. The report is counted over both phases: 20 s is short for the
    # chain from a registered case.
    reports = per_kind["report_submitted"]["confirmed"] + report["restart"]["per_kind"]["report_submitted"]["confirmed"]
    assert reports > 0
    # 移送: registered cases of a county department's competence handed over by the offices, then
    # worked by the department's own people (its head files, its reviewer investigates and reviews).
    restart = report["restart"]
    assert per_kind["handed_over"]["confirmed"] + restart["per_kind"]["handed_over"]["confirmed"] > 0
    assert sum(soak["department_steps"].values()) + sum(restart["department_steps"].values()) > 0
    assert soak["chain_steps_twice"] == 0 and soak["duplicate_document_numbers"] == 0


def test_the_chain_is_driven_to_a_served_decision_and_every_period_it_set_reads_back(soak):
    """After the discussion: the 行政处罚告知书 and the 听证告知书 drafted, issued and served (the party
    informed), the party's 陈述申辩, a hearing requested, its 听证通知书 served and the hearing held, the decision
    made by the head and its 决定书 served — on the cases the scale data left waiting for them
    (cases/penalty_scale.py) and on the soak's own. Each kind counted like every write, over both
    phases; after each phase every period those writes set is counted again with the clock."""
    _, report = soak
    phases = [report["soak"], report["restart"]]
    kinds = ["party_informed", "statement_received", "hearing_requested", "hearing_held", "penalty_decided",
             "decision_served"]
    kinds += [f"{kind} {stage}" for kind in ("penalty_notice", "hearing_notice", "hearing_summons", "penalty_decision")
              for stage in ("drafted", "issued", "served")]
    for kind in kinds:
        assert sum(phase["per_kind"][kind]["confirmed"] for phase in phases) > 0, kind
    for phase in phases:
        for kind, counts in phase["per_kind"].items():
            assert counts["confirmed"] <= counts["written"] <= counts["confirmed"] + counts["in_doubt"], kind
        assert phase["chain_steps_twice"] == 0 and phase["duplicate_document_numbers"] == 0
        assert phase["clock_mismatches"] == 0, phase["clock_mismatch_samples"]
    checked = [phase["periods_checked"] for phase in phases]
    for period in ("statement", "hearing_request", "hearing_notice", "decision_service", "decision",
                   "decision_service_due", "limitation", "notice (penalty_decision)"):
        assert sum(c.get(period, 0) for c in checked) > 0, period


def test_the_restart_phase_serves_a_decision_through_the_outage(soak):
    """The restart phase's sure steps serve the 行政处罚决定书 on the cases the scale data left decided for
    that phase: a paper left in doubt by the outage is taken up again from what the case shows, and no
    random write of the soak (an officer's self-correction) takes those cases first. Counted as written:
    a service whose answer the outage swallowed is in the database all the same."""
    _, report = soak
    restart = report["restart"]["per_kind"]
    for kind in ("penalty_decision drafted", "penalty_decision issued", "penalty_decision served", "decision_served"):
        assert restart[kind]["written"] > 0, kind


def test_postgres_restart_fails_cleanly_and_recovers_without_losing_or_half_applying(soak):
    _, report = soak
    restart = report["restart"]
    assert restart["restarts"] == restart["restarts_survived"] == 1
    assert restart["outage_503"] > 0  # requests met the stopped database …
    assert restart["unclean"] == 0  # … and every one got the clean 503 page (no 500, traceback or reset)
    assert restart["unexpected_5xx"] == 0  # and nothing failed once it was back
    assert restart["recovered_after_s"] is not None  # the same gunicorn answered again
    assert restart["mismatched"] == [] and restart["rows_lost"] == 0
    assert restart["half_applied"] == 0 and restart["duplicate_numbers"] == 0
    assert restart["chain_steps_twice"] == 0 and restart["duplicate_document_numbers"] == 0
    assert report["totals"]["rows_lost"] == 0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="generate_scale loads PostgreSQL only")
def test_the_clock_read_back_recounts_each_stored_period_with_the_holiday_table_in_the_database():
    """``clock_read_back`` (after each phase) agrees with every period the services stored, and finds
    the ones the holiday table as it now stands in the database would count otherwise."""
    import datetime

    from bench.soak import clock_read_back
    from cases.models import CaseEvent, EventKind
    from deadlines.clock import forget_table
    from deadlines.models import DayKind, Holiday, HolidayYear
    from landwatch.scale import generate

    generate(townships=2, villages=4, cases=0, patrol_logs=0, progress=lambda msg: None)
    checked, wrong = clock_read_back(0, 0)
    assert checked["statement"] and checked["hearing_request"] and checked["decision_service"], checked
    assert wrong == []

    # A day off declared inside a statement period after the 告知书 was served (the holiday table
    # edited, or counted in another process with a stale copy): the stored day no longer agrees.
    informed = CaseEvent.objects.filter(kind=EventKind.PARTY_INFORMED).order_by("id").first()
    served = datetime.date.fromisoformat(informed.data["served_on"])
    day = next(served + datetime.timedelta(days=n) for n in range(1, 8)
               if (served + datetime.timedelta(days=n)).weekday() < 5)
    table, _ = HolidayYear.objects.get_or_create(year=day.year)
    Holiday.objects.filter(day=day).delete()
    Holiday.objects.create(table=table, day=day, kind=DayKind.HOLIDAY, name="压测")
    try:
        _, wrong = clock_read_back(0, 0)
    finally:
        forget_table()
    assert any(f"case {informed.case_id} statement" in w for w in wrong), wrong


def test_public_reports_and_reminders_join_the_soak(soak):
    """Anonymous reports posted while the township works (one sender past the hourly limit: refused,
    counted, nothing written beyond the limit), the offices' desks replying, accepting, merging and
    dismissing, and send_reminders run twice at once round after round (bench/soak_reports.py):
    each kind counted like every write; no reminder reaches one recipient twice for the same object,
    kind and stage; the navigation's counts equal the inbox rows; every accepted report's receipt
    shows its reply."""
    _, report = soak
    soak, restart = report["soak"], report["restart"]
    for kind in ("report submitted", "report replied", "report accepted", "reminders sent", "reminder inbox items"):
        assert soak["per_kind"][kind]["confirmed"] > 0, kind
    for kind in ("report merged", "report dismissed", "reminder marked read"):
        assert soak["per_kind"][kind]["confirmed"] + restart["per_kind"][kind]["confirmed"] > 0, kind
    for phase in (soak, restart):
        for kind in ("report submitted", "report replied", "report accepted", "report merged", "report dismissed",
                     "reminders sent", "reminder inbox items", "reminder marked read"):
            counts = phase["per_kind"][kind]
            assert counts["confirmed"] <= counts["written"] <= counts["confirmed"] + counts["in_doubt"], kind
    assert soak["reminder_rounds"] >= 2 and all(run["returncode"] == 0 for run in soak["reminder_runs"])
    assert soak["reminders_twice"] == 0, soak["reminders_twice_samples"]
    assert soak["reports_refused_over_limit"] > 0 and soak["flood_rows_beyond_limit"] == 0
    assert soak["inbox_counts_checked"] > 0 and soak["inbox_count_mismatches"] == 0
    assert soak["receipts_checked"] > 0 and soak["receipt_reply_mismatches"] == 0
    assert soak["merge_cycles"] == 0


def test_served_decisions_are_published_once_with_the_party_masked(soak):
    """The office records the 公示 of each decision it serves, with the text the form drafts
    (cases/publicity.py; 行政处罚法 第四十八条): counted like every write, never twice for a case,
    and no published text holds its party's name, ID number, phone or address."""
    _, report = soak
    phases = (report["soak"], report["restart"])
    assert sum(phase["per_kind"]["decision_published"]["confirmed"] for phase in phases) > 0
    for phase in phases:
        counts = phase["per_kind"]["decision_published"]
        assert counts["confirmed"] <= counts["written"] <= counts["confirmed"] + counts["in_doubt"]
        assert phase["chain_steps_twice"] == 0, phase["chain_steps_twice_samples"]
        assert phase["publications_with_personal_data"] == 0, phase["publication_leak_samples"]
    assert sum(phase["publications_checked"] for phase in phases) > 0


def test_every_step_after_the_decision_is_driven_once_whatever_the_desks_race_for(soak):
    """The enforcement desks (bench/soak_enforcement.py) take, on the cases the scale data left at
    each step after the decision (cases/enforcement_scale.py), the 催告书 and the statement on it with
    its review, the court application, ruling and execution, 结案, a 复议 or 诉讼 and its outcome, the
    withdrawn 公示 of a revoked decision, a fine's payment and deferral, the referral to the police and
    its answer: each kind written and counted like every write, in both phases, no step twice on a
    case, no bank receipt twice, no publication withdrawn without a revoked decision."""
    from bench.soak_enforcement import WRITE_KINDS

    _, report = soak
    phases = (report["soak"], report["restart"])
    for kind in sorted(WRITE_KINDS):
        assert sum(phase["per_kind"][kind]["confirmed"] for phase in phases) > 0, kind
        for phase in phases:
            counts = phase["per_kind"][kind]
            assert counts["confirmed"] <= counts["written"] <= counts["confirmed"] + counts["in_doubt"], kind
    for phase in phases:
        assert phase["enforcement_steps_twice"] == 0, phase["enforcement_steps_twice_samples"]
        assert phase["fine_receipts_twice"] == phase["challenges_ended_twice"] == 0
        assert phase["publications_withdrawn_without_revocation"] == 0


def test_records_sent_again_by_the_phones_queues_are_saved_once(soak):
    """The field desks (bench/soak_field.py) send patrol logs and 卫片 verifications (a photo, then the
    judgement) filed offline as the phone's queue does, some up to three times and some twice at the
    same moment: each saved once (a log with its two photos), none answered "sent" twice, no photo
    left unattached (issue 24)."""
    from bench.soak_field import LOG, PATCH_JUDGED, PATCH_PHOTO

    _, report = soak
    phases = (report["soak"], report["restart"])
    for kind in (LOG, PATCH_PHOTO, PATCH_JUDGED):
        assert sum(phase["per_kind"][kind]["confirmed"] for phase in phases) > 0, kind
    for phase in phases:
        for kind in (LOG, PATCH_PHOTO, PATCH_JUDGED):
            counts = phase["per_kind"][kind]
            assert counts["confirmed"] <= counts["written"] <= counts["confirmed"] + counts["in_doubt"], kind
        assert phase["queued_keys_saved_twice"] == phase["queued_keys_sent_twice"] == 0
        assert phase["queued_logs_without_two_photos"] == phase["queued_photos_left_unattached"] == 0
        assert phase["queued_patch_photos_without_their_photo"] == 0
