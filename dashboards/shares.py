"""Each township's share of a dashboard's figures, and the county's dashboard as their sum.

A county's dashboard adds up its townships: their case tallies, their villages' patrol
coverage, their findings, their patches of their latest 卫片 batch, their warned project
cards and their fines. After a committed write in one township only that township's share
is computed again: each share is kept under its own township's version
(``landwatch.dataversion.cached_parts``, the one cache rule), the others are read back in one
round trip, and the page adds them up. Computed together, any number of shares costs the
queries of one (each query is grouped by township as well): a page computed from nothing runs
the queries it did before shares, and their number does not grow with the townships.

What a share holds depends only on its township's rows and on the county-wide data (names
of users and villages, the memberships, the holiday table), so the version of its township
and the county-wide one decide when it is stale. A share names its township's latest 卫片
batch with its patches there; the page takes the latest of them (``selectors.patch_figures``):
a township whose own latest batch is older has no patch in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cases import fines
from cases.models import CaseStatus
from cases.selectors import cases_visible_to
from landwatch import dataversion
from patrols.coverage import village_coverage
from patrols.project_warnings import warned_counts
from patrols.selectors import projects_visible_to
from territory.selectors import scope_key, villages_visible_to

from . import selectors
from .selectors import CaseTallies


@dataclass
class Share:
    """One township's share of the figures, or several townships' added up (``add_up``)."""

    tallies: CaseTallies
    coverage: list  # patrols.coverage.VillageCoverage rows, in the villages' order
    counts: dict[int, dict]  # per township: selectors.township_counts and its "projects_warned"
    fines: dict  # cases.fines.fine_figures


def compute(user, *, today: datetime.date, townships: list[int] | None, group_by: str) -> dict:
    """The shares of ``townships`` (pks) in the user's scope, in eight queries whatever their number.

    ``townships`` None: the whole scope as one share, keyed None (one township's dashboard, or a
    county department's, whose handed-over cases lie in townships it does not see as its own).
    ``group_by``: the grid's groups, "village__township" for the county's side-by-side table,
    "village" for one township's dashboard.
    """
    tallies = selectors.case_tallies(user, today=today, group_by=group_by, townships=townships)
    villages = villages_visible_to(user)
    cards = projects_visible_to(user).filter(active=True)
    cases = cases_visible_to(user).exclude(status=CaseStatus.WITHDRAWN)
    if townships is not None:
        villages = villages.filter(township__in=townships)
        cards = cards.filter(village__township__in=townships)
        cases = cases.filter(village__township__in=townships)
    # Patrol counts only: the dashboard shows no per-village finding counts.
    coverage = village_coverage(user, today=today, villages=villages, with_findings=False)
    counts = selectors.township_counts(user, townships=townships)
    for pk, n in warned_counts(cards, today=today, by="village__township").items():
        counts.setdefault(pk, selectors.no_counts())["projects_warned"] = n
    if townships is None:
        return {None: Share(tallies, coverage, counts, fines.fine_figures(cases))}
    fined = fines.fine_figures(cases, by="village__township")
    by_township: dict = {}
    for row in coverage:
        by_township.setdefault(row.village.township_id, []).append(row)
    return {
        pk: Share(tallies=tallies[pk], coverage=by_township.get(pk, []), counts={pk: counts[pk]},
                  fines=fined.get(pk, fines.NO_FINES))
        for pk in townships
    }


def county(user, *, today: datetime.date, townships: list) -> Share:
    """The user's townships' shares (``selectors.townships_in_order``), each kept under its
    township's version, added up."""
    prefix = f"dashboard-share:{scope_key(user)}:{today.isoformat()}"
    keys = {f"{prefix}:{township.pk}": township.pk for township in townships}

    def stale(names: list[str]) -> dict:
        computed = compute(user, today=today, townships=[keys[name] for name in names], group_by="village__township")
        return {name: computed[keys[name]] for name in names}

    kept = dataversion.cached_parts({name: dataversion.township(pk) for name, pk in keys.items()}, stale)
    return add_up([kept[name] for name in keys])


def add_up(shares: list[Share]) -> Share:
    """Several townships' shares as one, in their order."""
    return Share(
        tallies=selectors.add_tallies([share.tallies for share in shares]),
        coverage=[row for share in shares for row in share.coverage],
        counts={pk: row for share in shares for pk, row in share.counts.items()},
        fines=add_up_fines(share.fines for share in shares),
    )


def add_up_fines(parts) -> dict:
    """``cases.fines.fine_figures``' sums of several townships as one."""
    total = fines.NO_FINES.copy()
    for part in parts:
        for name in total:
            total[name] += part[name]
    return total
