"""The place in a document served on the party: the village once, whether or not the location names it."""

import pytest
from django.urls import reverse

from documents.models import DocumentKind
from documents.services import create_document, issue_document
from landwatch.places import place_name
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def yangliushan(territory):
    return UnitFactory(kind="village", name="杨柳山村", parent=territory.township)


@pytest.mark.parametrize("location", ["杨柳山村三组", "三组"])
def test_the_printed_notice_names_the_village_once(client, office, make_case, yangliushan, location):
    case = make_case(village=yangliushan, location_text=location)
    document = issue_document(create_document(case, by=office, kind=DocumentKind.RECTIFICATION), by=office)
    assert document.location_text == "杨柳山村三组"
    assert "擅自在杨柳山村三组占用土地" in document.facts
    client.force_login(office)
    page = client.get(reverse("documents:print", args=[document.pk])).content.decode()
    assert "杨柳山村三组" in page and "杨柳山村杨柳山村" not in page


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_no_drafted_kind_doubles_the_village(office, make_case, yangliushan, kind, county_departments):
    from documents.drafting import draft_text
    from documents.models import INTERNAL_KINDS
    from documents.services import PENALTY_STAGES

    # A county department's case: every kind can be drafted on it, the transfer letter included;
    # the penalty chain's papers at their stage (cases/penalty.py).
    status = sorted(PENALTY_STAGES[kind])[0] if kind in PENALTY_STAGES else "registered"
    case = make_case(village=yangliushan, location_text="杨柳山村三组", authority=county_departments.natural_resources,
                     status=status)
    from cases.penalty import SUSPENSION_NOTICES

    if kind in SUSPENSION_NOTICES:  # a 中止/恢复调查通知书 tells of an act on record (办法 第二十七条)
        case.events.create(kind=SUSPENSION_NOTICES[kind], actor=office, note="台风")
    # Made by their step from the same drafted text (record_document); the 公告 is drafted on the
    # township's own case only (城乡规划法 第六十五条), not this county one: its text is checked as drafted.
    if kind in INTERNAL_KINDS or kind == DocumentKind.DEMOLITION_ANNOUNCEMENT:
        values = draft_text(case, kind)
    else:
        document = create_document(case, by=office, kind=kind)
        values = {name: getattr(document, name) for name in ("location_text", "facts", "requirements")}
    for text in (values["location_text"], values["facts"], values["requirements"]):
        assert "杨柳山村杨柳山村" not in text


def test_the_evidence_file_and_finding_pages_compose_the_place_the_same_way(client, office, coordinator_a,
                                                                           territory):
    from tests.factories import PatrolFindingFactory, PatrolLogFactory

    village = territory.village_a
    finding = PatrolFindingFactory(log=PatrolLogFactory(village=village, created_by=coordinator_a),
                                   location_text=f"{village.name}河滩")
    client.force_login(office)
    for url in (reverse("patrols:finding-detail", args=[finding.pk]), reverse("patrols:finding-list")):
        page = client.get(url).content.decode()
        assert f"{village.name}河滩" in page and f"{village.name} · {village.name}" not in page


@pytest.mark.parametrize(
    ("village", "location", "written"),
    [
        ("杨柳山村", "杨柳山村三组", "杨柳山村三组"),
        ("杨柳山村", "三组", "杨柳山村三组"),
        ("杨柳山村", " 三组 ", "杨柳山村三组"),
        ("东山村", "东山脚下", "东山村东山脚下"),  # only the full name counts: the village is never lost
        ("杨柳山村", "", "杨柳山村"),
    ],
)
def test_place_name(village, location, written):
    assert place_name(village, location) == written


def test_a_clerk_cannot_save_a_text_that_doubles_the_village(client, office, make_case, yangliushan):
    """Text the clerk types is checked too: the party must not receive 杨柳山村杨柳山村."""
    case = make_case(village=yangliushan, location_text="三组")
    document = create_document(case, by=office, kind=DocumentKind.RECTIFICATION)
    client.force_login(office)
    url = reverse("documents:edit", args=[document.pk])
    form = client.get(url).context["form"]
    data = {name: (form.initial.get(name) or "") for name in form.fields}
    response = client.post(url, {**data, "facts": "经查，李四擅自在杨柳山村杨柳山村三组建房。"})
    assert response.status_code == 200
    assert response.context["form"].errors["facts"] == ["行政村“杨柳山村”连写了两次，请只写一次。"]
    document.refresh_from_db()
    assert "杨柳山村杨柳山村" not in document.facts
    assert client.post(url, {**data, "facts": "经查，李四擅自在杨柳山村三组建房。"}).status_code == 302
