"""Every writer of ``patrols.services`` checks its actor itself (issue #26, finding 12).

The views ask the same ``patrols.*`` rules first; these tests call the services directly, as
a command, the demo or another app would, with actors who may not: the coordinator of
another village, an officer or a leader where only the office may, the county bureau, the
office of another township. Each call must raise ``PermissionDenied`` and write no row. The
same call by an actor who may succeeds, so a refusal is a refusal and not a broken call.

``test_every_public_writer_is_in_the_table`` fails when a new public function appears in
``patrols.services`` without a row here, and when a writer's ``by`` is optional.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from patrols import services
from patrols.models import PledgeAssessment, ProjectInspection, StagedFor
from tests import fuzz
from tests.factories import (
    FarmlandPledgeFactory,
    LandProjectFactory,
    PatrolFindingFactory,
    PatrolLogFactory,
    PatrolPlanFactory,
    UserFactory,
)

from .conftest import png_bytes

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
# Public functions of patrols.services that write nothing.
READERS = {"may_stage_photo"}


@dataclass(frozen=True)
class Case:
    """One call of a writer: ``call(territory, by)``, the actor who may, the actors who may not."""

    call: Callable
    allowed: str
    refused: tuple[str, ...]


def _log(t, by):
    return services.create_patrol_log(
        PatrolLogFactory.build(village=t.village_a, patrolled_on=TODAY), by=by, patrollers=[by]
    )


def _log_covering_b(t, by):
    return services.create_patrol_log(
        PatrolLogFactory.build(village=t.village_a, patrolled_on=TODAY), by=by, other_villages=[t.village_b]
    )


def _saved_log(t):
    return PatrolLogFactory(village=t.village_a, created_by=UserFactory())


def _finding(t):
    return PatrolFindingFactory(log=_saved_log(t))


def _assessment() -> PledgeAssessment:
    return PledgeAssessment(assessed_on=TODAY, farmland_score=Decimal(30), basic_farmland_score=Decimal(20),
                            reclamation_score=Decimal(15), development_score=Decimal(15),
                            violation_control_score=Decimal(20))


def _pledge_moved_to(village):
    """A pledge of village A (township A) that the caller tries to move to ``village``."""

    def call(t, by):
        pledge = FarmlandPledgeFactory(village=t.village_a, created_by=UserFactory())
        pledge.village = getattr(t, village)
        return services.save_pledge(pledge, by=by)

    return call


def _inspection(t, by):
    project = LandProjectFactory(village=t.village_a, created_by=UserFactory())
    return services.record_inspection(
        ProjectInspection(project=project, inspected_on=TODAY, inspectors="张三", violation_found=True), by=by
    )


OUTSIDERS = ("county_user", "other_office")
NOT_OFFICE = ("coordinator_a", "officer", "leader", *OUTSIDERS)

# writer -> its calls. Every coordinator here is of village A or B of township A.
WRITERS: dict[str, list[Case]] = {
    "create_patrol_log": [
        Case(_log, "coordinator_a", ("coordinator_b", "leader", *OUTSIDERS)),
        # A coordinator logs their own village only; the township's officers may cover several.
        Case(_log_covering_b, "officer", ("coordinator_a",)),
    ],
    "withdraw_log": [Case(lambda t, by: services.withdraw_log(_saved_log(t), by=by, reason="重复"),
                          "office", ("coordinator_a", "coordinator_b", "officer", "leader", *OUTSIDERS))],
    "report_finding": [Case(
        lambda t, by: services.report_finding(
            PatrolFindingFactory.build(log=None, village=t.village_a, reported_by=None), by=by),
        "coordinator_a", ("coordinator_b", "leader", *OUTSIDERS))],
    "dismiss_finding": [Case(lambda t, by: services.dismiss_finding(_finding(t), by=by, reason="已批"),
                             "office", NOT_OFFICE)],
    "mark_finding_registered": [Case(lambda t, by: services.mark_finding_registered(_finding(t), by=by),
                                     "office", NOT_OFFICE)],
    "stage_photo": [Case(
        lambda t, by: services.stage_photo(SimpleUploadedFile("p.png", png_bytes(), content_type="image/png"),
                                           by=by, draft_key="ab" * 16, staged_for=StagedFor.LOG),
        "coordinator_a", ("leader", "county_user"))],
    "save_plan": [Case(
        lambda t, by: services.save_plan(PatrolPlanFactory.build(responsible_unit=t.office_unit), by=by,
                                         villages=[t.village_a]),
        "office", NOT_OFFICE)],
    "save_pledge": [
        Case(lambda t, by: services.save_pledge(FarmlandPledgeFactory.build(village=t.village_a), by=by),
             "office", NOT_OFFICE),
        # Township B's office may keep its own village's pledges, not take over one of township A.
        Case(_pledge_moved_to("other_village"), "superuser", ("other_office", "office")),
    ],
    "assess_pledge": [Case(
        lambda t, by: services.assess_pledge(FarmlandPledgeFactory(village=t.village_a, created_by=UserFactory()),
                                             _assessment(), by=by),
        "office", NOT_OFFICE)],
    "save_project": [Case(
        lambda t, by: services.save_project(LandProjectFactory.build(village=t.village_a), by=by),
        "office", NOT_OFFICE)],
    "record_inspection": [Case(_inspection, "officer", ("coordinator_a", "leader", *OUTSIDERS))],
}


def _cells(outcome: str):
    for name, cases in WRITERS.items():
        for i, case in enumerate(cases):
            actors = case.refused if outcome == "refused" else (case.allowed,)
            for actor in actors:
                yield pytest.param(name, i, actor, id=f"{name}-{i}-{actor}")


def _written() -> dict:
    """Rows of every table of the project's apps, and who is in which group."""
    from django.contrib.auth.models import User

    return {**fuzz.row_counts(), "groups": User.groups.through.objects.count()}


@pytest.mark.parametrize(("name", "index", "actor"), list(_cells("refused")))
def test_a_writer_refuses_an_actor_who_may_not(request, territory, name, index, actor):
    by = request.getfixturevalue(actor)
    case = WRITERS[name][index]
    # Rows the call builds for itself (the log to withdraw, the pledge to move) are made first.
    before = None

    def counted(*args, **kwargs):
        nonlocal before
        before = _written()
        return real(*args, **kwargs)

    real = getattr(services, name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, name, counted)
        with pytest.raises(PermissionDenied):
            case.call(territory, by)
    assert before is not None, f"the test never reached {name}"
    assert _written() == before, f"{name} refused {actor} but wrote rows"


@pytest.mark.parametrize(("name", "index", "actor"), list(_cells("allowed")))
def test_the_same_call_succeeds_for_an_actor_who_may(request, territory, name, index, actor, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    by = request.getfixturevalue(actor)
    result = WRITERS[name][index].call(territory, by)
    assert result is not None and getattr(result, "pk", None) is not None


def test_every_public_writer_is_in_the_table():
    public = {
        name for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }
    missing = public - READERS - set(WRITERS)
    assert not missing, f"writers of patrols.services without a row in {__name__}.WRITERS: {sorted(missing)}"
    assert not set(WRITERS) - public, f"rows for functions that are gone: {sorted(set(WRITERS) - public)}"
    for name in WRITERS:
        by = inspect.signature(getattr(services, name)).parameters.get("by")
        assert by is not None and by.kind is inspect.Parameter.KEYWORD_ONLY, f"{name} must take by= keyword-only"
        assert by.default is inspect.Parameter.empty, f"{name}'s by= must be required, not defaulted"
