"""The permission matrix's world: one township's objects in village B, built once per module.

Every object the URL patterns take an id of lives in village B of township A (a case in each
state, its party, evidence, documents, a patrol log with a finding and a photo, a plan, a
pledge, a project card, a campaign with a task, a meeting, a decision and seats). The actors
look at them from where they sit: the coordinator of village A (a neighbour), an officer
the cases are assigned to and one they are not, the office, a leader, the county bureau,
the office of township B, an inactive user and the superuser.

Building all that per test would make a few thousand cells take many minutes, so the world
is created once inside a module-wide transaction that is rolled back at the end; each test
runs in its own savepoint (pytest-django's ``db``), so whatever a request writes is undone
before the next cell. Each actor logs in once; a test only copies the session cookie.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from landwatch.roles import Role
from patrols.models import PatrolPhoto
from territory.models import UnitKind

# The actors of the matrix, in the order the test ids use.
ACTORS = (
    "anonymous",
    "coordinator_a",
    "officer_assigned",
    "officer_unassigned",
    "office",
    "leader",
    "county",
    "other_office",
    "inactive",
    "superuser",
)
# The county departments' people (办案机关, territory/competence.py): the head, the qualified legal
# reviewer and a certified officer of the department that holds the case (自然资源局), of the
# county's other department (农业农村局) and of the same department of another county. They look
# at the department's own twins of the chain's cases (``DEPARTMENT_TWINS``: the same states,
# handed over to it) and at everything else of the world as it is.
DEPARTMENT_ACTORS = (
    "dept_head",
    "dept_legal",
    "dept_officer",
    "other_dept_head",
    "other_dept_legal",
    "other_dept_officer",
    "far_head",
    "far_legal",
    "far_officer",
)
ALL_ACTORS = ACTORS + DEPARTMENT_ACTORS
# The cases a department actor meets in the department's hands instead of the township's.
DEPARTMENT_TWINS = ("case", "case_filed", "case_suspended", "case_reviewing", "case_informed")
# The documents' objects on a case handed over to the department, met by every actor in the
# matrix's handed-over rows (``permission_matrix.HANDED_OVER``): ``name`` is ``handed_<name>``.
HANDED_OVER_TWINS = ("case", "draft", "issued", "served", "served_bare", "letter")


def png_bytes(color: str = "white") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "proof.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@dataclass
class World:
    territory: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)

    def client(self, actor: str) -> Client:
        """A client carrying ``actor``'s session (anonymous: none)."""
        client = Client(raise_request_exception=False)
        if actor in self.cookies:
            # A copy: a response that ends the session (logout) must not end it for the next cell.
            client.cookies = copy.deepcopy(self.cookies[actor])
        return client

    def __getitem__(self, name: str):
        return self.objects[name]

    def handed_over(self) -> World:
        """The world with the documents' objects of the case handed over to the department (移送)."""
        twins = {name: self.objects[f"handed_{name}"] for name in HANDED_OVER_TWINS}
        return World(territory=self.territory, users=self.users, objects={**self.objects, **twins},
                     cookies=self.cookies)

    def seen_by(self, actor: str) -> World:
        """The world as ``actor`` meets it: a department actor finds the department's twins of the chain's cases."""
        if actor not in DEPARTMENT_ACTORS:
            return self
        twins = {name: self.objects[f"dept_{name}"] for name in DEPARTMENT_TWINS}
        return World(territory=self.territory, users=self.users, objects={**self.objects, **twins},
                     cookies=self.cookies)


def _territory():
    from tests.conftest import Territory
    from tests.factories import UnitFactory

    county = UnitFactory(kind=UnitKind.COUNTY, name="测试县国土资源局")
    township = UnitFactory(kind=UnitKind.TOWNSHIP, name="甲镇", parent=county)
    other = UnitFactory(kind=UnitKind.TOWNSHIP, name="乙镇", parent=county)
    return Territory(
        county=county,
        township=township,
        village_a=UnitFactory(kind=UnitKind.VILLAGE, name="甲一村", parent=township),
        village_b=UnitFactory(kind=UnitKind.VILLAGE, name="甲二村", parent=township),
        department=UnitFactory(kind=UnitKind.DEPARTMENT, name="国土所", parent=township),
        office_unit=UnitFactory(kind=UnitKind.OFFICE, name="办公室", parent=township),
        leading_group=UnitFactory(kind=UnitKind.LEADING_GROUP, name="领导小组", parent=township),
        other_township=other,
        other_village=UnitFactory(kind=UnitKind.VILLAGE, name="乙一村", parent=other),
    )


def _users(t) -> dict:
    from tests.factories import UnitFactory, UserFactory, member

    other_office_unit = UnitFactory(kind=UnitKind.OFFICE, name="乙镇办公室", parent=t.other_township)
    return {
        "coordinator_a": member(t.village_a, Role.COORDINATOR, username="coord_a", first_name="甲一协管员"),
        "coordinator_b": member(t.village_b, Role.COORDINATOR, username="coord_b", first_name="甲二协管员"),
        "officer_assigned": member(t.department, Role.OFFICER, username="officer", first_name="执法队员"),
        "officer_unassigned": member(t.department, Role.OFFICER, username="officer2", first_name="另一队员"),
        "office": member(t.office_unit, Role.OFFICE, username="office", first_name="办公室职员"),
        "leader": member(t.leading_group, Role.LEADER, username="leader", first_name="组长"),
        "county": member(t.county, Role.COUNTY, username="county", first_name="县局"),
        "other_office": member(other_office_unit, Role.OFFICE, username="office_b", first_name="乙镇职员"),
        "inactive": member(t.office_unit, Role.OFFICE, username="gone", is_active=False),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        **_department_users(t),
    }


def _departments(t) -> dict:
    """The county's two departments with penalty powers, and the natural resources one of another county."""
    from tests.factories import UnitFactory

    def department(county, name, competence, prefix):
        return UnitFactory(kind=UnitKind.DEPARTMENT, parent=county, name=name, competence=competence,
                           letterhead=name, document_prefix=prefix)

    far = UnitFactory(kind=UnitKind.COUNTY, name="邻县国土资源局")
    return {
        "dept": department(t.county, "测试县自然资源局", "natural_resources", "测自然资"),
        "other_dept": department(t.county, "测试县农业农村局", "agriculture", "测农"),
        "far": department(far, "邻县自然资源局", "natural_resources", "邻自然资"),
    }


def _department_users(t) -> dict:
    from territory.models import CredentialKind
    from tests.factories import CredentialFactory, member

    users = {}
    for prefix, unit in t.departments.items():
        users[f"{prefix}_head"] = member(unit, Role.LEADER, username=f"{prefix}_head", first_name=f"{unit.name}局长")
        users[f"{prefix}_legal"] = member(unit, Role.OFFICER, username=f"{prefix}_legal",
                                          first_name=f"{unit.name}法制审核员")
        users[f"{prefix}_officer"] = member(unit, Role.OFFICER, username=f"{prefix}_officer",
                                            first_name=f"{unit.name}执法队员")
        CredentialFactory(user=users[f"{prefix}_legal"], kind=CredentialKind.LEGAL_REVIEW)
        CredentialFactory(user=users[f"{prefix}_officer"])
    return users


def _cases(t, u) -> dict:
    """One case of village B in each state, all assigned to ``officer_assigned``."""
    from cases.models import CaseStatus, Disposition
    from landwatch.vocabulary import Category
    from tests.factories import PartyFactory, ViolationCaseFactory

    today = timezone.localdate()
    party = PartyFactory(township=t.township, name="张三", id_number="330100199001010011")
    common = dict(village=t.village_b, party=party, assignee=u["officer_assigned"], created_by=u["office"],
                  category=Category.EXTRA_HOMESTEAD)
    late = today - datetime.timedelta(days=3)
    soon = today + datetime.timedelta(days=10)
    month_ago = today - datetime.timedelta(days=30)
    return {
        "party": party,
        # Decided on a disposition a rectification notice may order (demolition is a penalty's: 办法 第四条).
        "case": ViolationCaseFactory(status=CaseStatus.REGISTERED, disposition=Disposition.RESTORE_FARMLAND,
                                     **common),
        "case_notified": ViolationCaseFactory(status=CaseStatus.NOTIFIED, disposition=Disposition.DEMOLISH,
                                              deadline=late, **common),
        "case_corrected": ViolationCaseFactory(status=CaseStatus.CORRECTED, disposition=Disposition.DEMOLISH,
                                               deadline=soon, **common),
        "case_enforcing": ViolationCaseFactory(status=CaseStatus.ENFORCING, disposition=Disposition.DEMOLISH,
                                               deadline=late, **common),
        "case_deferred": ViolationCaseFactory(status=CaseStatus.DEFERRED, disposition=Disposition.PLANNING,
                                              **common),
        "case_closed": ViolationCaseFactory(status=CaseStatus.CLOSED, disposition=Disposition.DEMOLISH,
                                            closed_on=today, **common),
        # A case of the county's natural resources department, still to be handed over (移送).
        "case_county": ViolationCaseFactory(status=CaseStatus.REGISTERED, disposition=Disposition.DEMOLISH,
                                            authority=t.departments["dept"],
                                            **{**common, "category": Category.COMMERCIAL}),
        # The review, notice and hearing (cases/penalty.py): filed a month ago.
        "case_reviewing": ViolationCaseFactory(status=CaseStatus.REVIEWING, filed_on=month_ago, **common),
        "case_informed": ViolationCaseFactory(status=CaseStatus.INFORMED, filed_on=month_ago,
                                              penalty_measures=["demolish"], **common),
        "case_filed": ViolationCaseFactory(status=CaseStatus.FILED, filed_on=datetime.date(2026, 11, 2), **common),
        "case_suspended": ViolationCaseFactory(status=CaseStatus.SUSPENDED, filed_on=datetime.date(2026, 11, 2),
                                               **common),
        # A served decision with a fine and confiscated buildings (cases/fines.py): payment, deferral, hand-over.
        "case_fined": _fined_case(ViolationCaseFactory(
            status=CaseStatus.DECIDED, filed_on=month_ago, deadline=soon,
            penalty_measures=["confiscate_buildings", "fine"], fine_yuan=60000, **common), u["office"]),
        # Enforcement (cases/enforcement.py): decided, its decision not yet served.
        "case_decided": ViolationCaseFactory(status=CaseStatus.DECIDED, filed_on=month_ago, deadline=late,
                                             penalty_measures=["demolish"], **common),
    }


def _fined_case(case, office):
    from cases.events import decision_served
    from cases.fine_models import Fine
    from cases.models import CaseEvent, EventKind

    served = timezone.localdate() - datetime.timedelta(days=2)
    Fine.objects.create(case=case, decided_on=served, amount_yuan=60000, land_group="farmland", circumstance="general",
                        area_m2=120, created_by=office, due_on=served + datetime.timedelta(days=15))
    CaseEvent.objects.create(case=case, kind=EventKind.DECISION_SERVED, actor=office, occurred_on=served,
                             data=decision_served(document=0, served_on=served, due=None, late=False, deadline=None))
    return case


def _department_cases(t, u) -> dict:
    """The chain's cases again, handed over to the natural resources department (移送: its 办案机关)."""
    from cases.models import CaseStatus, Disposition
    from landwatch.vocabulary import Category
    from tests.factories import PartyFactory, ViolationCaseFactory

    month_ago = timezone.localdate() - datetime.timedelta(days=30)
    party = PartyFactory(township=t.township, name="兴旺建材有限公司", kind="company")
    common = dict(village=t.village_b, party=party, assignee=u["officer_assigned"], created_by=u["office"],
                  category=Category.COMMERCIAL, authority=t.departments["dept"],
                  handed_over_on=datetime.date(2026, 10, 30))
    return {
        "dept_case": ViolationCaseFactory(status=CaseStatus.REGISTERED, disposition=Disposition.DEMOLISH, **common),
        "dept_case_reviewing": ViolationCaseFactory(status=CaseStatus.REVIEWING, filed_on=month_ago, **common),
        "dept_case_informed": ViolationCaseFactory(status=CaseStatus.INFORMED, filed_on=month_ago,
                                                   penalty_measures=["demolish"], **common),
        "dept_case_filed": ViolationCaseFactory(status=CaseStatus.FILED, filed_on=datetime.date(2026, 11, 2),
                                                **common),
        "dept_case_suspended": ViolationCaseFactory(status=CaseStatus.SUSPENDED,
                                                    filed_on=datetime.date(2026, 11, 2), **common),
    }


def _investigation(case, u) -> dict:
    """The officers' 执法证 and a 笔录 on file, so records and the report can be made."""
    from documents.services import record_document
    from tests.factories import CredentialFactory

    for name in ("officer_assigned", "officer_unassigned"):
        CredentialFactory(user=u[name])
    with transaction.atomic():  # record_document numbers inside its step's transaction
        record = record_document(case, by=u["office"], kind="inquiry_record", issued_on=case.filed_on,
                                 facts="问：…答：…")
    return {"record": record}


def _documents(case, u) -> dict:
    from cases.services import add_attachment
    from documents.services import create_document, issue_document, serve_document

    office = u["office"]
    attachment = add_attachment(case, by=office, upload=png_upload("site.png"), kind="photo", description="现场照片")
    draft = create_document(case, by=office, kind="stop_work")
    issued = issue_document(create_document(case, by=office, kind="stop_work"), by=office)
    served = issue_document(create_document(case, by=office, kind="stop_work"), by=office)
    serve_document(served, by=office, method="direct", served_on=timezone.localdate(), recipient="张三",
                   proof=png_upload("receipt.png"))
    served.refresh_from_db()
    # Served without a scan: the proof may still be attached.
    served_bare = issue_document(create_document(case, by=office, kind="stop_work"), by=office)
    serve_document(served_bare, by=office, method="direct", served_on=timezone.localdate(), recipient="张三")
    served_bare.refresh_from_db()
    return {"attachment": attachment, "draft": draft, "issued": issued, "served": served,
            "served_bare": served_bare}


def _patrols(t, u) -> dict:
    from tests.factories import (
        FarmlandPledgeFactory,
        LandProjectFactory,
        PatrolFindingFactory,
        PatrolLogFactory,
        PatrolPlanFactory,
    )

    log = PatrolLogFactory(village=t.village_b, created_by=u["coordinator_b"], patrolled_on=timezone.localdate())
    finding = PatrolFindingFactory(log=log)
    photo = PatrolPhoto(kind="png", sha256="0" * 64, log=log, uploaded_by=u["coordinator_b"])
    photo.file.save("photo.png", ContentFile(png_bytes("green")), save=False)
    photo.save()
    pledge = FarmlandPledgeFactory(village=t.village_b, created_by=u["office"])
    pledge.scan.save("pledge.png", ContentFile(png_bytes("blue")))
    return {
        "log": log,
        "finding": finding,
        "photo": photo,
        "plan": PatrolPlanFactory(responsible_unit=t.office_unit, villages=[t.village_b], created_by=u["office"]),
        "pledge": pledge,
        "project": LandProjectFactory(village=t.village_b, created_by=u["office"]),
    }


def _reports(t, u) -> dict:
    from reports.models import ReportPhoto
    from tests.factories import PublicReportFactory

    report = PublicReportFactory(village=t.village_b, reporter_name="王五", reporter_phone="13800138000")
    content = png_bytes("red")  # with its true hash: accepting the report copies the photo after checking it
    photo = ReportPhoto(report=report, kind="png", sha256=hashlib.sha256(content).hexdigest())
    photo.file.save("report.png", ContentFile(content), save=False)
    photo.save()
    return {"report": report, "report_photo": photo, "report_other": PublicReportFactory(village=t.village_b)}


def _campaign(t, u) -> dict:
    from campaigns.models import JointTeamMember, LeadingGroupMember, MeetingDecision
    from tests.factories import MeetingFactory, TaskFactory
    from tests.factories.campaigns import campaign_with_phases

    campaign = campaign_with_phases(t.township, name="2022年土地监察专项整治行动")
    meeting = MeetingFactory(campaign=campaign, recorded_by=u["office"])
    return {
        "campaign": campaign,
        # The assigned officer's task: they may update it, the other officer may not.
        "task": TaskFactory(campaign=campaign, owner=u["officer_assigned"], owner_unit=t.department,
                            created_by=u["office"]),
        "meeting": meeting,
        "decision": MeetingDecision.objects.create(meeting=meeting, text="限期拆除违法建筑"),
        "group_member": LeadingGroupMember.objects.create(campaign=campaign, user=u["leader"], role="leader"),
        "team_member": JointTeamMember.objects.create(campaign=campaign, user=u["officer_assigned"],
                                                      department=t.department),
    }


def _reminders(case, u) -> dict:
    """A reminder about the case in the assigned officer's inbox (reminders:read)."""
    from reminders.models import InboxItem, Reminder

    reminder = Reminder.objects.create(kind="notice", subject=f"case:{case.pk}", due_on=datetime.date(2026, 11, 30),
                                       stage="due_soon", level="assignee", title=case.title,
                                       url=case.get_absolute_url(), case=case, township=case.village.township)
    return {"reminder_item": InboxItem.objects.create(reminder=reminder, recipient=u["officer_assigned"])}


def _archive(objects, u) -> dict:
    """A closed case of village B whose case file is archived (立卷归档): the archive's downloads."""
    from cases.models import CaseStatus, Disposition
    from documents.archive import assemble_archive
    from tests.factories import ViolationCaseFactory

    closed = objects["case_closed"]
    case = ViolationCaseFactory(status=CaseStatus.CLOSED, disposition=Disposition.DEMOLISH, closed_on=closed.closed_on,
                                village=closed.village, party=closed.party, assignee=closed.assignee,
                                created_by=u["office"], category=closed.category)
    return {"case_archived": case, "archive": assemble_archive(case, by=u["office"])}


def _referrals(case, u) -> dict:
    """A referral of the case to the police awaiting its receipt and answer (cases:referral-answer)."""
    from cases.models import CriminalReferral

    day = case.registered_on
    return {"referral": CriminalReferral.objects.create(
        case=case, police_organ="某县公安局", document_number="甲土监移〔2026〕1号", approved_on=day, sent_on=day,
        recorded_by=u["office"])}


def _layers(t, u) -> dict:
    """A map layer of township A (village B's boundary): its GeoJSON is read within the scope."""
    from territory.models import LayerKind
    from tests.factories import make_layer, metre_box

    return {"layer": make_layer(t.township, LayerKind.VILLAGE_BOUNDARY, [metre_box(500000, 3340000, 500, 500)],
                                by=u["office"], villages=[t.village_b])}


def _patches(t, u) -> dict:
    """A 卫片 batch of township A with three patches in village B: one to verify (with a photo), one
    judged awaiting the office, one confirmed illegal awaiting its case."""
    import datetime

    from patches import services
    from tests.factories import metre_box
    from tests.patches.conftest import jpeg, patch_file

    batch = services.load_batch(
        unit=t.township, name="矩阵卫片", issued_on=datetime.date(2026, 11, 2), verify_by=datetime.date(2026, 11, 30),
        close_by=datetime.date(2027, 2, 28), by=u["office"],
        upload=patch_file([({"TBBH": f"M{i}"}, metre_box(500100 + 120 * i, 3340100, 100, 100)) for i in range(3)]))
    patch, judged, illegal = batch.patches.order_by("number")
    photo = services.add_photo(patch, jpeg(), by=u["officer_assigned"])
    for p in (judged, illegal):
        services.add_photo(p, jpeg(), by=u["officer_assigned"])
        services.judge(p, by=u["officer_assigned"], judgement="illegal", basis="新建厂房")
    services.confirm(illegal, by=u["office"])
    for p in (patch, judged, illegal):
        p.refresh_from_db()
    return {"batch": batch, "patch": patch, "patch_judged": judged, "patch_illegal": illegal, "patch_photo": photo}


def _publications(t, u) -> dict:
    """公示 (cases/publicity.py): a decided case whose decision was made two days ago and is not yet
    published (cases:publication-add), and one already published (correct, withdraw, print)."""
    from cases.models import CaseStatus
    from cases.publicity import current_decision, draft_text, publish
    from documents.services import create_document, issue_document
    from landwatch.vocabulary import Category
    from tests.factories import PartyFactory, ViolationCaseFactory

    office, made = u["office"], timezone.localdate() - datetime.timedelta(days=2)
    party = PartyFactory(township=t.township, name="赵六")
    cases = {}
    for name in ("case_to_publish", "case_published"):
        case = ViolationCaseFactory(status=CaseStatus.DECIDED, filed_on=made - datetime.timedelta(days=30),
                                    penalty_measures=["demolish"], village=t.village_b, party=party,
                                    assignee=u["officer_assigned"], created_by=office,
                                    category=Category.EXTRA_HOMESTEAD)
        issue_document(create_document(case, by=office, kind="penalty_decision"), by=office, issued_on=made)
        case.refresh_from_db()
        cases[name] = case
    case = cases["case_published"]
    publication = publish(case, by=office, channel="notice_board", location="甲镇政府公示栏", published_on=made,
                          text=draft_text(case, current_decision(case)))
    case.refresh_from_db()
    return {**cases, "publication": publication}


def _handed_over_documents(t, u) -> dict:
    """A case handed over to the natural resources department by the township's office (its 案件移送书
    served, ``letter``), and the department's own papers on it: a draft, an issued paper, a served
    one and one served without a scan, all drafted and issued by the department's officer."""
    from cases.models import CaseStatus, Disposition
    from documents.services import create_document, hand_over_case, issue_document, serve_document
    from landwatch.vocabulary import Category
    from tests.factories import PartyFactory, ViolationCaseFactory

    party = PartyFactory(township=t.township, name="移送建材有限公司", kind="company")
    case = ViolationCaseFactory(status=CaseStatus.REGISTERED, disposition=Disposition.DEMOLISH, village=t.village_b,
                                party=party, assignee=u["officer_assigned"], created_by=u["office"],
                                category=Category.COMMERCIAL, authority=t.departments["dept"])
    letter = hand_over_case(case, by=u["office"])
    case.refresh_from_db()
    staff, today = u["dept_officer"], timezone.localdate()
    draft = create_document(case, by=staff, kind="stop_work")
    issued = issue_document(create_document(case, by=staff, kind="stop_work"), by=staff)
    served = issue_document(create_document(case, by=staff, kind="stop_work"), by=staff)
    serve_document(served, by=staff, method="direct", served_on=today, recipient="张三",
                   proof=png_upload("receipt.png"))
    served_bare = issue_document(create_document(case, by=staff, kind="stop_work"), by=staff)
    serve_document(served_bare, by=staff, method="direct", served_on=today, recipient="张三")
    for document in (letter, served, served_bare):
        document.refresh_from_db()
    return {"handed_case": case, "handed_letter": letter, "handed_draft": draft, "handed_issued": issued,
            "handed_served": served, "handed_served_bare": served_bare}


def build_world(media_root) -> World:
    t = _territory()
    t.departments = _departments(t)
    t.township.letterhead = "甲镇人民政府"
    t.township.document_prefix = "甲土监"
    t.township.save()
    users = _users(t)
    objects = {"village": t.village_b, **_cases(t, users)}
    objects.update(_documents(objects["case"], users))
    objects.update(_investigation(objects["case_filed"], users))
    objects.update(_department_cases(t, users))
    objects.update(_handed_over_documents(t, users))
    with transaction.atomic():  # a 笔录 on the department's filed case, so its report can be made
        from documents.services import record_document

        record_document(objects["dept_case_filed"], by=users["dept_officer"], kind="inquiry_record",
                        issued_on=objects["dept_case_filed"].filed_on, facts="问：…答：…")
    objects.update(_patrols(t, users))
    objects.update(_reports(t, users))
    objects.update(_campaign(t, users))
    objects.update(_reminders(objects["case"], users))
    objects.update(_archive(objects, users))
    objects.update(_referrals(objects["case"], users))
    objects.update(_publications(t, users))
    objects.update(_layers(t, users))
    objects.update(_patches(t, users))
    # The closed case counts in the campaign (cases:campaign-detach has one to detach).
    objects["case_closed"].campaign = objects["campaign"]
    objects["case_closed"].save(update_fields=["campaign"])
    world = World(territory=t, users=users, objects=objects)
    for actor in ALL_ACTORS:
        if actor == "anonymous":
            continue
        client = Client()
        client.force_login(users[actor])
        world.cookies[actor] = client.cookies
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix's objects, committed to nothing: one outer transaction rolled back at the end."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(media)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def append_only_rows(territory, office):
    """Builds one stored row of every append-only model (``landwatch.appendonly``), by label."""

    def build() -> dict:
        return _append_only_rows(territory, office)

    return build


def _patch_rows(territory, office) -> dict:
    """A 卫片 patch's photo and event (patches/models.py)."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from patches.models import Patch, PatchBatch, PatchEvent, PatchPhoto
    from tests.factories import metre_box

    day = datetime.date(2026, 11, 2)
    batch = PatchBatch.objects.create(unit=territory.township, name="卫片", issued_on=day, verify_by=day,
                                      close_by=day, loaded_by=office)
    patch = Patch(batch=batch, number="A1", township=territory.township, village=territory.village_a,
                  area_m2=100, latitude=30, longitude=120)
    patch.set_shape(metre_box(500000, 3340000, 10, 10))
    patch.save()
    photo = PatchPhoto(patch=patch, kind="png", sha256="f" * 64, uploaded_by=office, uploaded_at=timezone.now())
    photo.file.save("patch.png", ContentFile(b"w"), save=False)
    photo.save()
    return {"patches.PatchEvent": PatchEvent.objects.create(patch=patch, kind="loaded", by=office),
            "patches.PatchPhoto": photo}


def _append_only_rows(territory, office) -> dict:
    import datetime

    from django.core.files.base import ContentFile

    from campaigns.models import TaskEvent
    from cases.models import (
        CaseAttachment,
        ClockPause,
        CourtApplication,
        CriminalReferral,
        DecisionPublication,
        DemandStatement,
        DisciplinaryAction,
        EnforcementAction,
        LegalChallenge,
    )
    from documents.models import InvestigationRecord, ServiceRecord
    from patrols.models import PatrolEvent, PatrolPhoto, ProjectInspection
    from reports.models import ReportAction, ReportPhoto
    from tests.factories import (
        CaseEventFactory,
        CredentialFactory,
        LandProjectFactory,
        PublicReportFactory,
        TaskFactory,
        UserFactory,
        ViolationCaseFactory,
    )
    from tests.factories.campaigns import campaign_with_phases
    from tests.factories.documents import CaseDocumentFactory

    case = ViolationCaseFactory(village=territory.village_a)
    event = CaseEventFactory(case=case, actor=office)
    report = PublicReportFactory(village=territory.village_a)
    report_photo = ReportPhoto(report=report, kind="png", sha256="c" * 64)
    report_photo.file.save("report.png", ContentFile(b"z"), save=False)
    report_photo.save()
    attachment = CaseAttachment(case=case, event=event, file_type="png", sha256="a" * 64, uploaded_by=office)
    attachment.file.save("site.png", ContentFile(b"x"), save=False)
    attachment.save()
    photo = PatrolPhoto(kind="png", sha256="b" * 64, uploaded_by=office, draft_key="ab")
    photo.file.save("photo.png", ContentFile(b"y"), save=False)
    photo.save()
    task = TaskFactory(campaign=campaign_with_phases(territory.township), owner=office)
    officer_1, officer_2 = UserFactory(username="record_1"), UserFactory(username="record_2")
    credentials = [CredentialFactory(user=officer_1), CredentialFactory(user=officer_2)]
    now = timezone.now()
    from documents.models import CaseArchive

    archive = CaseArchive(case=case, made_by=office, pdf_sha256="d" * 64, pdf_pages=1, zip_sha256="e" * 64)
    archive.pdf.save("case.pdf", ContentFile(b"p"), save=False)
    archive.zip.save("case.zip", ContentFile(b"q"), save=False)
    archive.save()
    return {
        "documents.CaseArchive": archive,
        "cases.CaseEvent": event,
        "cases.CaseAttachment": attachment,
        "cases.EnforcementAction": EnforcementAction.objects.create(
            case=case, kind="fine", carried_out_on=datetime.date(2026, 11, 2), recorded_by=office),
        "cases.DisciplinaryAction": DisciplinaryAction.objects.create(
            case=case, person_name="李某", measure="warning", recorded_by=office),
        "campaigns.TaskEvent": TaskEvent.objects.create(task=task, actor=office, note="进度"),
        "patrols.PatrolEvent": PatrolEvent.objects.create(kind=PatrolEvent.Kind.PLAN_SAVED, actor=office),
        "patrols.PatrolPhoto": photo,
        **_patch_rows(territory, office),
        "patrols.ProjectInspection": ProjectInspection.objects.create(
            project=LandProjectFactory(village=territory.village_a, created_by=office),
            inspected_on=datetime.date(2026, 11, 4), inspectors="王某", created_by=office),
        "documents.ServiceRecord": ServiceRecord.objects.create(
            document=CaseDocumentFactory(case=case), served_on=datetime.date(2026, 11, 3), recorded_by=office),
        "cases.ClockPause": ClockPause.objects.create(case=case, kind="suspension", ground="accident",
                                                      started_on=datetime.date(2026, 11, 5)),
        "documents.InvestigationRecord": InvestigationRecord.objects.create(
            document=CaseDocumentFactory(case=case, kind="inquiry_record"), started_at=now, ended_at=now,
            place="村委会", persons_present="张三", officer_1=officer_1, credential_1=credentials[0],
            officer_2=officer_2, credential_2=credentials[1]),
        "reports.ReportPhoto": report_photo,
        "reports.ReportAction": ReportAction.objects.create(report=report, kind="replied", actor=office, note="已答复"),
        "cases.CriminalReferral": CriminalReferral.objects.create(
            case=case, police_organ="某县公安局", approved_on=datetime.date(2026, 11, 5),
            sent_on=datetime.date(2026, 11, 6), document_number="移〔2026〕1号", recorded_by=office),
        "cases.LegalChallenge": LegalChallenge.objects.create(
            case=case, kind="reconsideration", body="某县人民政府", filed_on=datetime.date(2026, 11, 7),
            recorded_by=office),
        "cases.CourtApplication": CourtApplication.objects.create(
            case=case, court="某县人民法院", filed_on=datetime.date(2026, 11, 8), recorded_by=office),
        "cases.DemandStatement": DemandStatement.objects.create(
            case=case, received_on=datetime.date(2026, 11, 9), content="请求缓拆", recorded_by=office),
        **_fine_rows(case, office),
        "cases.DecisionPublication": DecisionPublication.objects.create(
            case=case, decision=CaseDocumentFactory(case=case, kind="penalty_decision"), channel="notice_board",
            location="某镇政府公示栏", published_on=datetime.date(2026, 11, 9), text="当事人：某某",
            recorded_by=office),
    }


def _fine_rows(case, office) -> dict:
    """One row of each append-only model of fines (cases/fine_models.py)."""
    import datetime

    from cases.fine_models import ConfiscationHandover, Fine, FineArrangement, FineInstalment, FinePayment

    day = datetime.date(2026, 11, 6)
    fine = Fine.objects.create(case=case, decided_on=day, amount_yuan=60000, land_group="farmland",
                               circumstance="general", area_m2=120, created_by=office)
    arrangement = FineArrangement.objects.create(fine=fine, kind="deferral", applied_on=day, approved_on=day,
                                                 approved_by=office, reason="经济困难")
    return {
        "cases.FineArrangement": arrangement,
        "cases.FineInstalment": FineInstalment.objects.create(arrangement=arrangement, due_on=day,
                                                              amount_yuan=60000),
        "cases.FinePayment": FinePayment.objects.create(fine=fine, bank="农行", receipt_number="R1", paid_on=day,
                                                        amount_yuan=100, recorded_by=office),
        "cases.ConfiscationHandover": ConfiscationHandover.objects.create(
            case=case, handed_to="县人民政府", handed_over_on=day, document="移交清单1", recorded_by=office),
    }
