"""The data version: every committed write raises it, reading never does, and caches keyed by it stay exact.

These tests commit (transactional database): the version moves when a transaction commits.
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import CaseStatus
from landwatch import dataversion
from landwatch.roles import Role
from tests.factories import PartyFactory, PatrolLogFactory, ViolationCaseFactory, member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version triggers are PostgreSQL's"),
]


def _open_figure(html: str) -> int:
    """The headline "Open" figure of the dashboard, read off the page."""
    return int(re.search(r'data-figure="open" data-value="(\d+)"', html).group(1))


def _case(territory, **fields):
    party = PartyFactory(township=territory.township)
    return ViolationCaseFactory(party=party, village=territory.village_a, **fields)


def test_a_committed_write_raises_its_townships_version_and_a_rolled_back_one_does_not(territory):
    def version() -> int:
        return dataversion.current().get(territory.township.pk, 0)

    before = version()
    case = _case(territory, status=CaseStatus.REGISTERED)
    after_insert = version()
    assert after_insert > before

    case.title = "改过的标题"
    case.save()
    after_update = version()
    assert after_update > after_insert

    with pytest.raises(RuntimeError), transaction.atomic():
        case.title = "不会保存"
        case.save()
        raise RuntimeError
    assert version() == after_update


def test_a_transaction_that_has_written_computes_live(territory):
    with transaction.atomic():
        assert dataversion.current() is not None  # nothing written yet
        _case(territory)
        assert dataversion.current() is None  # its own write is not in the version yet


def test_reading_pages_and_logging_in_leave_the_version_alone(client, territory, county_user):
    case = _case(territory)
    version = dataversion.current()
    client.force_login(county_user)  # writes the session and last_login
    for url in (
        reverse("dashboards:index"),
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("dashboards:map-data"),
        reverse("patrols:log-list"),
    ):
        assert client.get(url).status_code == 200
    assert dataversion.current() == version


def test_the_dashboard_is_computed_once_and_shows_a_committed_change_at_once(client, territory, leader):
    _case(territory, status=CaseStatus.REGISTERED)
    client.force_login(leader)
    url = reverse("dashboards:index")
    with CaptureQueriesContext(connection) as first:
        assert _open_figure(client.get(url).content.decode()) == 1
    with CaptureQueriesContext(connection) as second:
        assert _open_figure(client.get(url).content.decode()) == 1
    # The second answer comes from the cache: session, user, groups, scope and the version.
    assert len(second) < len(first)
    assert len(second) <= 6

    _case(territory, status=CaseStatus.NOTIFIED, deadline=datetime.date.today())
    assert _open_figure(client.get(url).content.decode()) == 2

    closing = _case(territory, status=CaseStatus.DEFERRED)
    assert _open_figure(client.get(url).content.decode()) == 3
    closing.status = CaseStatus.CLOSED
    closing.closed_on = datetime.date.today()
    closing.save()
    assert _open_figure(client.get(url).content.decode()) == 2


def test_two_scopes_never_share_a_cached_dashboard(client, territory, leader, other_office, county_user):
    _case(territory, status=CaseStatus.REGISTERED)
    client.force_login(county_user)
    assert _open_figure(client.get(reverse("dashboards:index")).content.decode()) == 1
    client.force_login(other_office)  # township B: no case
    assert _open_figure(client.get(reverse("dashboards:index")).content.decode()) == 0
    client.force_login(leader)
    assert _open_figure(client.get(reverse("dashboards:index")).content.decode()) == 1


def test_every_table_but_the_untracked_ones_has_the_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'landwatch_data_version'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert "cases_violationcase" in triggered and "patrols_patrollog" in triggered
    assert "cases_casenumbersequence" in dataversion.untracked_tables()
    assert tables - triggered == dataversion.untracked_tables() - {"auth_user"}


def test_the_case_filter_keeps_the_chosen_values_and_shows_a_new_village_at_once(client, territory, office):
    from tests.factories import VillageFactory

    client.force_login(office)
    url = reverse("cases:list")
    for _ in range(2):  # computed, then from the cache
        html = client.get(url, {"status": "notified", "q": "王"}).content.decode()
        assert '<option value="notified" selected>' in html
        assert 'value="王"' in html
        assert "新建村" not in html
    html = client.get(url).content.decode()
    assert '<option value="notified" selected>' not in html

    VillageFactory(parent=territory.township, name="新建村")
    html = client.get(url, {"status": "notified", "q": "王"}).content.decode()
    assert "新建村" in html and '<option value="notified" selected>' in html


def test_the_case_list_is_read_once_and_shows_a_committed_change_at_once(
    client, territory, office, leader, other_office
):
    _case(territory, title="第一件案件")
    client.force_login(office)
    url = reverse("cases:list")
    html = client.get(url).content.decode()
    assert "第一件案件" in html and 'name="cases"' in html  # the office ticks cases to assign them
    with CaptureQueriesContext(connection) as cached:
        assert "第一件案件" in client.get(url).content.decode()
    assert not [q for q in cached.captured_queries if 'FROM "cases_violationcase"' in q["sql"]]

    second = _case(territory, title="第二件案件")
    assert "第二件案件" in client.get(url).content.decode()
    second.title = "改了名的案件"
    second.save()
    html = client.get(url).content.decode()
    assert "改了名的案件" in html and "第二件案件" not in html

    client.force_login(leader)  # the same township, and no assigning
    html = client.get(url).content.decode()
    assert "第一件案件" in html and 'name="cases"' not in html
    client.force_login(other_office)
    assert "第一件案件" not in client.get(url).content.decode()


def test_the_case_list_after_a_write_reads_the_version_once_and_stays_within_fifteen_queries(
    client, territory, county_user
):
    _case(territory)
    client.force_login(county_user)
    url = reverse("cases:list")
    query = {"village": territory.village_a.pk, "status": "registered"}
    client.get(url, query)
    _case(territory)  # a committed write: the next answer is computed live
    with CaptureQueriesContext(connection) as live:
        assert client.get(url, query).status_code == 200
    assert sum("landwatch_dataversion" in q["sql"] for q in live.captured_queries) == 1
    assert len(live) <= 15


def test_the_case_detail_is_read_once_and_shows_a_committed_change_at_once(client, territory, office, leader):
    from cases.models import CaseEvent, EventKind

    case = _case(territory, title="详情案件", status=CaseStatus.REGISTERED)
    url = reverse("cases:detail", args=[case.pk])
    draft = reverse("documents:create", args=[case.pk]) + "?kind="
    client.force_login(office)
    html = client.get(url).content.decode()
    assert "详情案件" in html and draft in html  # the office drafts documents from the panel
    with CaptureQueriesContext(connection) as cached:
        assert "详情案件" in client.get(url).content.decode()
    assert not [q for q in cached.captured_queries if 'FROM "cases_caseevent"' in q["sql"]]

    CaseEvent.objects.create(case=case, kind=EventKind.NOTE, actor=office, note="现场复核记录")
    assert "现场复核记录" in client.get(url).content.decode()
    case.party.name = "改名的当事人"
    case.party.save()
    assert "改名的当事人" in client.get(url).content.decode()

    client.force_login(leader)  # the same case, and no drafting
    html = client.get(url).content.decode()
    assert "现场复核记录" in html and draft not in html


@pytest.mark.parametrize("page", ["list", "detail", "dashboard"])
def test_a_kept_page_reads_the_versions_once_and_nothing_about_its_user(client, territory, office, page):
    case = _case(territory, status=CaseStatus.REGISTERED)
    url = {
        "list": reverse("cases:list"),
        "detail": reverse("cases:detail", args=[case.pk]),
        "dashboard": reverse("dashboards:index"),
    }[page]
    client.force_login(office)
    client.get(url)
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    assert sum("landwatch_dataversion" in q["sql"] for q in kept.captured_queries) == 1
    # The session's user is one query, which brings its roles along (landwatch/backends.py) ...
    of_user = [q["sql"] for q in kept.captured_queries if q["sql"].startswith('SELECT "auth_user"."id"')]
    assert len(of_user) == 1
    # ... and places, model permissions, the officers of the assign menu: kept, or not asked.
    sql = " ".join(q["sql"] for q in kept.captured_queries if q["sql"] not in of_user)
    for table in ("auth_group", "territory_unitmembership", "auth_permission"):
        assert table not in sql, table


def test_a_changed_role_or_membership_counts_at_the_next_request(client, territory, office):
    case = _case(territory, title="范围内的案件")
    list_url, detail_url = reverse("cases:list"), reverse("cases:detail", args=[case.pk])
    dashboard_url = reverse("dashboards:index")
    client.force_login(office)
    for _visit in range(2):  # the second from what the first kept
        html = client.get(list_url).content.decode()
        assert "范围内的案件" in html and 'name="cases"' in html  # the office ticks cases to assign
        assert client.get(detail_url).status_code == 200
        assert client.get(dashboard_url).status_code == 200

    office.groups.clear()  # no longer of the office: reads its township, assigns nothing
    html = client.get(list_url).content.decode()
    assert "范围内的案件" in html and 'name="cases"' not in html
    assert client.get(dashboard_url).status_code == 403

    office.memberships.update(active=False)  # and no longer placed in the township
    assert "范围内的案件" not in client.get(list_url).content.decode()
    assert client.get(detail_url).status_code == 404


def test_the_assign_menus_show_a_new_officer_at_the_next_request(client, territory, office):
    case = _case(territory, status=CaseStatus.REGISTERED)
    urls = [reverse("cases:list"), reverse("cases:detail", args=[case.pk])]
    client.force_login(office)
    for url in urls:
        client.get(url)
        assert "新来的队员" not in client.get(url).content.decode()  # from what the first visit kept
    member(territory.department, Role.OFFICER, username="newcomer", first_name="新来的队员")
    for url in urls:
        assert "新来的队员" in client.get(url).content.decode(), url


def test_the_patrol_log_list_is_read_once_and_shows_a_committed_change_at_once(
    client, territory, office, county_user, other_office
):
    from patrols.services import withdraw_log

    PatrolLogFactory(village=territory.village_a, route="第一条巡查路线")
    url = reverse("patrols:log-list")
    client.force_login(office)
    html = client.get(url).content.decode()
    assert "第一条巡查路线" in html and reverse("patrols:log-create") in html  # the office logs patrols
    with CaptureQueriesContext(connection) as kept:
        assert "第一条巡查路线" in client.get(url).content.decode()
    assert not [q for q in kept.captured_queries if 'FROM "patrols_patrollog"' in q["sql"]]

    second = PatrolLogFactory(village=territory.village_b, route="第二条巡查路线")
    assert "第二条巡查路线" in client.get(url).content.decode()
    withdraw_log(second, by=office, reason="重复填报")
    assert "第二条巡查路线" not in client.get(url).content.decode()
    assert "第二条巡查路线" in client.get(url, {"withdrawn": "1"}).content.decode()

    office.groups.clear()  # no longer of the office: may no longer log a patrol
    html = client.get(url).content.decode()
    assert "第一条巡查路线" in html and reverse("patrols:log-create") not in html
    client.force_login(county_user)  # the whole county: the same rows, and no logging
    html = client.get(url).content.decode()
    assert "第一条巡查路线" in html and reverse("patrols:log-create") not in html
    client.force_login(other_office)  # another township
    assert "第一条巡查路线" not in client.get(url).content.decode()


def test_the_summary_report_is_read_once_and_shows_a_committed_change_at_once(client, territory, leader):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(township=territory.township)
    _case(territory, campaign=campaign)
    url = reverse("campaigns:report", args=[campaign.pk])
    client.force_login(leader)
    assert 'data-figure="found">1<' in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert 'data-figure="found">1<' in client.get(url).content.decode()
    assert not [q for q in kept.captured_queries if 'FROM "cases_violationcase"' in q["sql"]]

    _case(territory, campaign=campaign)
    assert 'data-figure="found">2<' in client.get(url).content.decode()


# Versions per township: a write in one township keeps the other townships' pages.


def _case_in(township_village, title: str = "案件", *, by):
    """A case registered by ``by`` (a factory's new user would be a county-wide write too)."""
    party = PartyFactory(township=township_village.township)
    return ViolationCaseFactory(party=party, village=township_village, title=title, created_by=by)


def _reads_cases(queries) -> bool:
    return any('FROM "cases_violationcase"' in q["sql"] for q in queries.captured_queries)


def test_a_write_in_one_township_keeps_another_townships_pages_and_shows_in_its_own_and_the_countys(
    client, territory, office, other_office, county_user
):
    _case_in(territory.village_a, "甲镇的案件", by=office)
    _case_in(territory.other_village, "乙镇的案件", by=other_office)
    url, dashboard = reverse("cases:list"), reverse("dashboards:index")
    for user in (office, other_office):
        client.force_login(user)
        client.get(url)
    client.force_login(county_user)
    assert _open_figure(client.get(dashboard).content.decode()) == 2

    # Committed in township A: a coordinator's log, then a new case.
    PatrolLogFactory(village=territory.village_a, created_by=office)
    _case_in(territory.village_a, "甲镇的新案件", by=office)

    client.force_login(other_office)
    with CaptureQueriesContext(connection) as kept:
        html = client.get(url).content.decode()
    assert "乙镇的案件" in html
    assert not _reads_cases(kept)  # township B's list is still valid: no case read
    client.force_login(office)
    with CaptureQueriesContext(connection) as live:
        assert "甲镇的新案件" in client.get(url).content.decode()
    assert _reads_cases(live)
    client.force_login(county_user)
    assert _open_figure(client.get(dashboard).content.decode()) == 3


@pytest.mark.parametrize("change", ["user's name", "unit's name"])
def test_a_write_to_county_wide_data_shows_in_every_townships_pages(
    client, territory, office, other_office, county_user, change
):
    _case_in(territory.other_village, "乙镇的案件", by=other_office)
    url = reverse("cases:list")
    client.force_login(other_office)
    client.get(url)
    if change == "user's name":
        county_user.first_name = "改名的县局"
        county_user.save()
    else:
        territory.other_village.name = "改名的乙一村"
        territory.other_village.save()
    with CaptureQueriesContext(connection) as live:
        html = client.get(url).content.decode()
    assert _reads_cases(live)
    if change == "unit's name":
        assert "改名的乙一村" in html


def test_each_write_raises_the_versions_of_the_townships_its_rows_belong_to(territory, county_user):
    from tests.factories import CaseEventFactory
    from tests.factories.documents import CaseDocumentFactory

    a, b = territory.township.pk, territory.other_township.pk

    def moved(write) -> set:
        before = dataversion.current()
        write()
        after = dataversion.current()
        return {scope for scope in after.keys() | before.keys() if after.get(scope) != before.get(scope, 0)}

    case = _case_in(territory.village_a, by=county_user)
    # A case event: township A's version, and its version of the cases app's rows (a topic).
    assert moved(lambda: CaseEventFactory(case=case, actor=county_user)) == {a, (a, "cases")}  # through the case
    # A document: township A's version and its documents' (a case's page reads them; the case list does not).
    assert moved(lambda: CaseDocumentFactory(case=case)) == {a, (a, "documents")}
    patrol_log = {b, (b, "patrols")}
    assert moved(lambda: PatrolLogFactory(village=territory.other_village, created_by=county_user)) == patrol_log
    moved_case = _case_in(territory.village_a, by=county_user)

    def move_to_b():
        moved_case.village = territory.other_village
        moved_case.save()

    assert moved(move_to_b) == {a, b, (a, "cases"), (b, "cases")}  # its old township and its new one
    # A case registered: its number's counter is county-wide bookkeeping, not a county-wide change.
    clerk = member(territory.office_unit, Role.OFFICE, username="registrar")

    def register():
        services.register_case(
            by=clerk, village=territory.village_b, title="登记", party=PartyFactory(township=territory.township),
            location_text="村口", area_m2=10, source="dynamic_patrol", discovered_on=datetime.date.today(),
        )

    assert moved(register) == {a, (a, "cases")}
    assert moved(lambda: county_user.groups.clear()) == {dataversion.COUNTY_WIDE}
    # A user placed in township A: the places of users are county-wide (every page applies them).
    assert moved(lambda: county_user.memberships.update(unit=territory.office_unit)) == {dataversion.COUNTY_WIDE}

    def two_townships():
        with transaction.atomic():
            PatrolLogFactory(village=territory.village_a, created_by=county_user)
            connection.check_constraints()  # SET CONSTRAINTS ALL IMMEDIATE: the versions are raised now
            PatrolLogFactory(village=territory.other_village, created_by=county_user)  # and again at commit

    assert moved(two_townships) == {a, b, (a, "patrols"), (b, "patrols")}

    # A 卫片 patch judged in A: A's version of the patches app's rows.
    from patches.models import Patch
    from tests.landwatch.conftest import _patch_rows

    patch = _patch_rows(territory, county_user)["patches.PatchEvent"].patch
    assert moved(lambda: Patch.objects.filter(pk=patch.pk).update(judgement="illegal")) == {a, (a, "patches")}


def test_every_table_that_points_at_a_unit_has_a_path_to_a_township_but_the_scopes_own(db):
    from django.apps import apps

    from territory.models import ResponsibilityUnit

    scope_models = {apps.get_model(label) for label in dataversion.SCOPE_MODELS}
    for model in apps.get_models(include_auto_created=True):
        points_at_unit = any(
            field.related_model is ResponsibilityUnit
            for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one
        )
        if model in scope_models:
            assert not dataversion.township_paths(model), model._meta.label
        elif points_at_unit:
            assert dataversion.township_paths(model), model._meta.label


def test_an_uncommitted_write_is_shown_to_its_own_transaction_and_never_kept(client, territory, office):
    from django.core.cache import cache

    client.force_login(office)
    url = reverse("cases:list")
    cache.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        _case_in(territory.village_a, "未提交的案件", by=office)
        assert "未提交的案件" in client.get(url).content.decode()
        raise RuntimeError
    assert not [key for key in cache._cache if "case-list" in key]  # noqa: SLF001 (LocMemCache's store)
    assert "未提交的案件" not in client.get(url).content.decode()


def test_requests_for_one_key_after_a_write_compute_it_once_and_all_take_its_answer(territory):
    import time

    from tests.together import at_once

    ViolationCaseFactory(village=territory.village_a)  # a committed write: nothing kept under the new versions

    computed = []

    def compute():
        computed.append(1)
        time.sleep(0.3)  # long enough for every other request to ask meanwhile
        return "答案"

    def request():
        with dataversion.pinned():
            return dataversion.cached("herd", compute, scope=dataversion.township(territory.township.pk))

    assert at_once(request, 8) == ["答案"] * 8
    assert len(computed) == 1


def test_a_request_waits_for_another_workers_computation_only_under_its_own_versions(territory):
    import threading

    from django.core.cache import cache

    scope = dataversion.township(territory.township.pk)
    computed = []

    def compute():
        computed.append(1)
        return "自己算的"

    with dataversion.pinned() as versions:
        stamp = tuple(sorted({dataversion.COUNTY_WIDE: 0, territory.township.pk: 0, **{
            k: v for k, v in versions.items() if k in (dataversion.COUNTY_WIDE, territory.township.pk)
        }}.items()))
        # Another worker claims the key under the same versions and answers 0.1 s later.
        cache.add("landwatch:other-worker:computing", stamp, 10)
        threading.Timer(0.1, lambda: (
            cache.set("landwatch:other-worker", (stamp, "另一个进程算的")),
            cache.delete("landwatch:other-worker:computing"),
        )).start()
        assert dataversion.cached("other-worker", compute, scope=scope) == "另一个进程算的"
        assert computed == []

        # A claim under other versions: its answer would not serve, so the request computes at once.
        cache.add("landwatch:older-worker:computing", ((0, 1),), 10)
        assert dataversion.cached("older-worker", compute, scope=scope) == "自己算的"
        assert computed == [1]
