"""Each township's share of a dashboard's figures, and the county's dashboard as their sum.

A county's dashboard adds up its townships: their case tallies, their villages' patrol
coverage, their findings, their patches of their latest 卫片 batch, their warned project
cards and their fines. After a committed write in one township, only that township's share
is computed again, and only the part of it that reads the written rows. A share is kept in
two parts (``PARTS``): its case tallies and fines under the township's version of the cases
app's rows, its coverage and counts under that of the patrols and patches apps' rows
(``landwatch.dataversion.cached_parts`` and its topics, the one cache rule). The other parts
are read back in one round trip, and the page adds them up. One township's dashboard is the
scope's one share, kept in the same two parts under the scope's versions. Computed together, any number of
shares costs the queries of one (each query is grouped by township as well): a page computed
from nothing runs the queries it did before shares, and their number does not grow with the
townships.

What a part holds depends only on its township's rows of those apps and on the county-wide
data (names of users and villages, the memberships, the holiday table), so those versions
decide when it is stale (``tests/dashboards/test_shares.py`` checks that each part's queries
read no other app's tables). A share names its township's latest 卫片 batch with its patches
there; the page takes the latest of them (``selectors.patch_figures``): a township whose own
latest batch is older has no patch in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cases import fines
from cases.models import CaseStatus
from cases.selectors import cases_visible_to
from landwatch import dataversion
from patrols.coverage import village_coverage
from patrols.project_warnings import warned
from patrols.selectors import projects_visible_to
from territory.models import ResponsibilityUnit
from territory.selectors import data_scope, scope_key

from . import selectors
from .selectors import CaseTallies


@dataclass
class Share:
    """One township's share of the figures, or several townships' added up (``add_up``)."""

    tallies: CaseTallies
    coverage: list  # patrols.coverage.VillageCoverage rows, in the villages' order, each village a ``Village``
    counts: dict[int, dict]  # per township: selectors.township_counts and its "projects_warned"
    fines: dict  # cases.fines.fine_figures


# A share is kept in two parts, each under the versions of the apps whose rows it reads in its
# township (``dataversion.TOPICS``; the county-wide data counts for both): a case event or a
# document leaves a township's patrol coverage kept, a patrol log its case tallies.
CASE_TOPICS = frozenset({"cases"})  # the case tallies and the fines
FIELD_TOPICS = frozenset({"patrols", "patches"})  # coverage, findings, 卫片 patches, warned project cards
PARTS = {"cases": CASE_TOPICS, "field": FIELD_TOPICS}


def _share(cases: tuple, field: tuple) -> Share:
    (tallies, fined), (coverage, counts) = cases, field
    return Share(tallies=tallies, coverage=coverage, counts=counts, fines=fined)


def _case_parts(user, *, today: datetime.date, townships: list[int] | None, group_by: str) -> dict:
    """Per township (or None for the scope): its case tallies and fines; reads the cases app's rows only."""
    tallies = selectors.case_tallies(user, today=today, group_by=group_by, townships=townships)
    cases = cases_visible_to(user).exclude(status=CaseStatus.WITHDRAWN)
    if townships is None:
        return {None: (tallies, fines.fine_figures(cases))}
    fined = fines.fine_figures(cases.filter(village__township__in=townships), by="village__township")
    return {pk: (tallies[pk], fined.get(pk, fines.NO_FINES)) for pk in townships}


def _field_parts(user, *, today: datetime.date, townships: list[int] | None) -> dict:
    """Per township (or None for the scope): its villages' coverage this week and its counts of
    findings, 卫片 patches and warned project cards; reads the patrols and patches apps' rows only."""
    cards = projects_visible_to(user).filter(active=True)
    # The townships' active villages, left to ``village_coverage`` to keep to the user's scope (it
    # does so for any villages it is given: given villages in scope, it read the scope twice).
    villages = None if townships is None else ResponsibilityUnit.objects.villages().active().filter(
        township__in=townships)
    # Patrol counts only: the dashboard shows no per-village finding counts nor coordinators.
    coverage = village_coverage(user, today=today, villages=villages, with_findings=False, with_coordinators=False)
    counts = selectors.township_counts(user, townships=townships, warned_cards=warned(cards, today=today))
    if townships is None:
        return {None: (coverage, counts)}
    by_township: dict = {}
    for row in coverage:
        by_township.setdefault(row.village.township_id, []).append(row)
    return {pk: (by_township.get(pk, []), {pk: counts[pk]}) for pk in townships}


def county(user, *, today: datetime.date, townships: list) -> Share:
    """The user's townships' shares (``selectors.townships_in_order``) added up."""
    shares = kept(user, today=today, townships=[township.pk for township in townships], group_by="village__township")
    return add_up(list(shares.values()))


def kept(user, *, today: datetime.date, townships: list[int] | None, group_by: str) -> dict:
    """The shares of ``townships`` (pks) in the user's scope, each part kept under its township's
    versions of the apps it reads (``PARTS``): after a write, only the parts that read it are
    computed again, all townships' together in eight queries whatever their number.

    ``townships`` None: the whole scope as one share, keyed None, kept under the scope's
    versions (one township's dashboard, or a county department's, whose handed-over cases lie
    in townships it does not see as its own). ``group_by``: the grid's groups,
    "village__township" for the county's side-by-side table, "village" for one township's.
    """
    pks = [None] if townships is None else townships
    prefix = f"dashboard-share:{scope_key(user)}:{today.isoformat()}:{group_by}"
    keys = {(part, pk): f"{prefix}:{part}:{pk}" for part in PARTS for pk in pks}
    computers = {"cases": lambda stale: _case_parts(user, today=today, townships=stale, group_by=group_by),
                 "field": lambda stale: _field_parts(user, today=today, townships=stale)}

    def scope(part: str, pk: int | None) -> dataversion.Scope:
        topics = PARTS[part]
        return data_scope(user, topics=topics) if pk is None else dataversion.township(pk, topics=topics)

    def stale(names: list[str]) -> dict:
        wanted = [key for key, name in keys.items() if name in names]
        answers = {}
        for part, compute_part in computers.items():
            stale_pks = [pk for kind, pk in wanted if kind == part]
            if stale_pks:
                computed = compute_part(None if townships is None else stale_pks)
                answers.update({keys[(part, pk)]: value for pk, value in computed.items()})
        return answers

    parts = dataversion.cached_parts({name: scope(*key) for key, name in keys.items()}, stale)
    return {pk: _share(parts[keys[("cases", pk)]], parts[keys[("field", pk)]]) for pk in pks}


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
