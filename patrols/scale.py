"""The patrols' part of the county-scale data (``landwatch/scale.py``).

The territory comes first, from ``territory/scale.py``. ``load_projects``: five land project
cards a village. ``load_patrol_logs``: patrol logs and their findings, drawn by PostgreSQL itself.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from landwatch.scale import (
    COMPANIES,
    PLACES,
    VILLAGE_WORDS,
    ScaleRun,
    defaults,
    indexes_deferred,
    insert,
    seed_database,
)
from landwatch.vocabulary import Category

from .models import (
    ConstructionStatus,
    FindingStatus,
    LandProject,
    PatrolFinding,
    PatrolLog,
    PatrolResult,
)

User = get_user_model()

def load_projects(run: ScaleRun) -> None:
    """Five land project cards per village, in every construction state, some behind schedule."""
    rng, today, office_by_town = run.rng, run.today, run.shared["office_by_town"]
    existing = set(LandProject.objects.filter(card_no__startswith="SCALE").values_list("card_no", flat=True))
    statuses = [s.value for s in ConstructionStatus]
    cards = []
    for village in run.shared["villages"]:
        for k in range(5):
            card_no = f"SCALE-P{village.pk:05d}-{k}"
            if card_no in existing:
                continue
            approved = today - datetime.timedelta(days=rng.randint(60, 1500))
            status = rng.choice(statuses)
            cards.append({
                "card_no": card_no,
                "name": f"{village.name}{rng.choice(COMPANIES)}建设项目",
                "company": rng.choice(VILLAGE_WORDS) + rng.choice(VILLAGE_WORDS) + rng.choice(COMPANIES),
                "village_id": village.pk,
                "parcel": f"{village.name}{rng.choice(PLACES)}地块",
                "approval_no": f"规模批〔{approved.year}〕{rng.randint(1, 300)}号",
                "approved_area_mu": Decimal(rng.randint(5, 200)),
                "approved_on": approved,
                "agreed_start_on": approved + datetime.timedelta(days=90),
                "agreed_completion_on": approved + datetime.timedelta(days=90 + rng.randint(180, 720)),
                "actual_start_on": None if status == "not_started" else approved + datetime.timedelta(days=120),
                "required_plot_ratio": Decimal("1.20"),
                "required_investment_intensity": Decimal("300"),
                "construction_status": status,
                "signboard_posted": rng.random() < 0.7,
                "created_by_id": office_by_town[village.township_id].pk,
            })
    insert(LandProject, cards)


def load_patrol_logs(run: ScaleRun) -> None:
    """Top the logs up to ``run.patrol_logs``, in batches drawn by PostgreSQL."""
    existing = PatrolLog.objects.filter(village__code__startswith="SCALE").count()
    wanted = max(0, run.patrol_logs - existing)
    made = 0
    with transaction.atomic(), indexes_deferred([PatrolLog, PatrolFinding], when=wanted > existing):
        seed_database(run.rng)
        while made < wanted:
            n = min(run.batch * 20, wanted - made)
            _patrol_logs(n, run.shared["villages"], run.shared["office_by_town"], run.today)
            made += n
            run.progress(f"patrol logs: {existing + made}/{run.patrol_logs}")


def _patrol_logs(n: int, villages, office_by_town, today: datetime.date) -> None:
    """``n`` patrol logs, 5 % of them reporting a finding (half of those dismissed), drawn by PostgreSQL itself.

    A million logs built in Python and sent through COPY took three minutes, nearly all of
    it drawing the random values and formatting the rows; one INSERT ... SELECT draws them
    in the server at a fraction of that. A village is drawn for each log, then its day,
    hour, length and route, and whether it found anything; each finding is its log's.
    """
    log_rest = defaults(PatrolLog, ["village_id", "patrolled_on", "started_at", "duration_minutes", "route",
                                    "result", "created_by_id"])
    finding_rest = defaults(PatrolFinding, ["log_id", "village_id", "location_text", "description",
                                            "suspected_category", "reported_by_id", "status", "dismiss_reason",
                                            "handled_by_id", "handled_at"])
    params = {
        "n": n,
        "today": today,
        "village_ids": [v.pk for v in villages],
        "village_names": [v.name for v in villages],
        "coordinator_ids": [office_by_town[v.township_id].pk for v in villages],
        "places": PLACES,
        "categories": [c.value for c in Category],
        "suspected": PatrolResult.SUSPECTED_VIOLATION.value,
        "nothing_found": PatrolResult.NOTHING_FOUND.value,
        "reported": FindingStatus.REPORTED.value,
        "dismissed": FindingStatus.DISMISSED.value,
        "description": "巡查发现疑似违法用地。",
        "reason": "经核实为已批建设项目。",
        "now": timezone.now(),
    }

    def rest(fields: list[tuple], prefix: str) -> tuple[str, str]:
        """The columns left to their defaults, and their values as parameters."""
        for i, (field, value) in enumerate(fields):
            params[f"{prefix}{i}"] = field.get_db_prep_save(value, connection)
        return (
            "".join(f", {connection.ops.quote_name(field.column)}" for field, _ in fields),
            "".join(f", %({prefix}{i})s" for i in range(len(fields))),
        )

    log_columns, log_values = rest(log_rest, "log_default_")
    finding_columns, finding_values = rest(finding_rest, "finding_default_")
    pick = "(%(places)s::text[])[1 + floor(random() * cardinality(%(places)s::text[]))::int]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH logs AS (
                INSERT INTO {PatrolLog._meta.db_table} (village_id, patrolled_on, started_at, duration_minutes, route,
                                                       result, created_by_id{log_columns})
                SELECT v.id, %(today)s::date - floor(random() * 1096)::int,
                       make_time(7 + floor(random() * 11)::int, 15 * floor(random() * 4)::int, 0),
                       30 + floor(random() * 151)::int,
                       v.name || {pick} || '—' || {pick},
                       CASE WHEN random() < 0.05 THEN %(suspected)s ELSE %(nothing_found)s END,
                       v.coordinator{log_values}
                FROM (SELECT 1 + floor(random() * cardinality(%(village_ids)s::bigint[]))::int AS k
                      FROM generate_series(1, %(n)s)) AS drawn
                JOIN unnest(%(village_ids)s::bigint[], %(village_names)s::text[], %(coordinator_ids)s::bigint[])
                     WITH ORDINALITY AS v (id, name, coordinator, k) USING (k)
                RETURNING id, village_id, route, result, created_by_id
            )
            INSERT INTO {PatrolFinding._meta.db_table} (log_id, village_id, location_text, description,
                                                        suspected_category, reported_by_id, status, dismiss_reason,
                                                        handled_by_id, handled_at{finding_columns})
            SELECT id, village_id, left(route, 200), %(description)s,
                   (%(categories)s::text[])[1 + floor(random() * cardinality(%(categories)s::text[]))::int],
                   created_by_id,
                   CASE WHEN dismissed THEN %(dismissed)s ELSE %(reported)s END,
                   CASE WHEN dismissed THEN %(reason)s ELSE '' END,
                   CASE WHEN dismissed THEN created_by_id END,
                   CASE WHEN dismissed THEN %(now)s END{finding_values}
            FROM (SELECT *, random() < 0.5 AS dismissed FROM logs WHERE result = %(suspected)s) AS found
            """,
            params,
        )
