"""The legal basis a document cites, per category, kind and the law's version on the act's date
(issue 19, "Correct legal bases per category"), and what notices may say: no demolition order,
no claim to be a decision, no remedy line."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Disposition, LandType
from documents import legal_bases, services
from documents.models import DocumentKind
from landwatch.vocabulary import Category

pytestmark = pytest.mark.django_db

NEW = datetime.date(2024, 6, 1)  # 土地管理法 2019 and 实施条例 2021 in force
MIDDLE = datetime.date(2020, 6, 1)  # the 2019 law in force, the 2014 regulation still
OLD = datetime.date(2019, 6, 1)  # the 2004 law and the 2014 regulation


def _cite(kind, category, *, on=NEW, land_type=LandType.FARMLAND, damaged=None) -> str:
    with translation.override("zh-hans"):
        return legal_bases.basis_text(legal_bases.citations(kind, category=category, land_type=land_type, act_on=on,
                                                            plough_layer_damaged=damaged))


def test_stop_order_cites_article_68_item_4_not_the_2004_article_67(case, office):
    doc = services.create_document(case, by=office, kind=DocumentKind.STOP_WORK)
    assert "《中华人民共和国土地管理法》第六十八条第（四）项" in doc.legal_basis
    assert "第六十七条" not in doc.legal_basis
    assert "《自然资源行政处罚办法》第十五条" in doc.legal_basis
    # The power is exercised today: an act begun under the 2004 law changes nothing.
    assert "第六十八条第（四）项" in _cite(DocumentKind.STOP_WORK, Category.COMMERCIAL, on=OLD)


def test_illegal_occupation_article_77_with_the_fine_of_regulation_article_57_on_penalties():
    assert _cite(DocumentKind.RECTIFICATION, Category.COMMERCIAL) == "《中华人民共和国土地管理法》第七十七条"
    assert _cite(DocumentKind.PENALTY_DECISION, Category.COMMERCIAL) == (
        "《中华人民共和国土地管理法》第七十七条、《中华人民共和国土地管理法实施条例》第五十七条")
    assert _cite(DocumentKind.PENALTY_NOTICE, Category.OTHER).endswith("《中华人民共和国土地管理法实施条例》第五十七条")


def test_illegal_occupation_before_2020_cites_the_2004_law_and_2014_regulation():
    assert _cite(DocumentKind.PENALTY_DECISION, Category.COMMERCIAL, on=OLD) == (
        "《中华人民共和国土地管理法》（2004年修正）第七十六条、《中华人民共和国土地管理法实施条例》（2014年修订）第四十二条")
    # Between the two in-force days: the 2019 law with the 2014 regulation.
    assert _cite(DocumentKind.PENALTY_DECISION, Category.COMMERCIAL, on=MIDDLE) == (
        "《中华人民共和国土地管理法》第七十七条、《中华人民共和国土地管理法实施条例》（2014年修订）第四十二条")
    assert _cite(DocumentKind.PENALTY_DECISION, Category.COMMERCIAL, on=datetime.date(2020, 1, 1)).startswith(
        "《中华人民共和国土地管理法》第七十七条")


def test_extra_homestead_cites_articles_62_and_78():
    assert _cite(DocumentKind.RECTIFICATION, Category.EXTRA_HOMESTEAD) == (
        "《中华人民共和国土地管理法》第六十二条、第七十八条")
    assert _cite(DocumentKind.PENALTY_DECISION, Category.VILLAGER_HOUSING) == (
        "《中华人民共和国土地管理法》第六十二条、第七十八条")
    assert _cite(DocumentKind.PENALTY_DECISION, Category.EXTRA_HOMESTEAD, on=OLD) == (
        "《中华人民共和国土地管理法》（2004年修正）第六十二条、第七十七条")


def test_damaged_plough_layer_cites_article_75_and_regulation_article_55():
    assert _cite(DocumentKind.RECTIFICATION, Category.FARMLAND_BREEDING) == "《中华人民共和国土地管理法》第七十五条"
    assert _cite(DocumentKind.PENALTY_DECISION, Category.FARMLAND_BREEDING) == (
        "《中华人民共和国土地管理法》第七十五条、《中华人民共和国土地管理法实施条例》第五十五条")
    assert _cite(DocumentKind.PENALTY_DECISION, Category.FARMLAND_BREEDING, on=OLD) == (
        "《中华人民共和国土地管理法》（2004年修正）第七十四条、《中华人民共和国土地管理法实施条例》（2014年修订）第四十条")


def test_basic_farmland_orchards_and_ponds_cite_regulation_article_51():
    basic = LandType.BASIC_FARMLAND
    assert _cite(DocumentKind.RECTIFICATION, Category.FARMLAND_BREEDING, land_type=basic) == (
        "《中华人民共和国土地管理法》第三十七条、《中华人民共和国土地管理法实施条例》第五十一条")
    # Planting conditions destroyed: 第五十一条 sends the penalty to 第七十五条 as well.
    assert _cite(DocumentKind.PENALTY_DECISION, Category.FARMLAND_BREEDING, land_type=basic, damaged=True) == (
        "《中华人民共和国土地管理法》第三十七条、《中华人民共和国土地管理法实施条例》第五十一条、"
        "《中华人民共和国土地管理法》第七十五条、《中华人民共和国土地管理法实施条例》第五十五条")
    assert _cite(DocumentKind.PENALTY_DECISION, Category.FARMLAND_BREEDING, land_type=basic, damaged=False) == (
        "《中华人民共和国土地管理法》第三十七条、《中华人民共和国土地管理法实施条例》第五十一条")
    # Before 2021-09-01: the Regulation on the Protection of Basic Farmland.
    assert _cite(DocumentKind.RECTIFICATION, Category.FARMLAND_BREEDING, land_type=basic, on=MIDDLE) == (
        "《中华人民共和国土地管理法》第三十七条、《基本农田保护条例》第三十三条")


@pytest.mark.parametrize(("kind", "expected"), [
    (DocumentKind.FILING_APPROVAL, "《自然资源行政处罚办法》第十六条"),
    (DocumentKind.TRANSFER, "《自然资源行政处罚办法》第十一条"),
    (DocumentKind.INQUIRY_RECORD, "《自然资源行政处罚办法》第十七条、第二十四条"),
    (DocumentKind.INSPECTION_RECORD, "《自然资源行政处罚办法》第十七条、第二十五条"),
    (DocumentKind.INVESTIGATION_REPORT, "《自然资源行政处罚办法》第二十九条"),
    (DocumentKind.HEARING_NOTICE,
     "《中华人民共和国行政处罚法》第六十三条、第六十四条、《自然资源行政处罚办法》第三十四条"),
    (DocumentKind.HEARING_RECORD, "《中华人民共和国行政处罚法》第六十四条"),
    (DocumentKind.DEMAND, "《中华人民共和国行政强制法》第三十五条、第三十七条"),
])
def test_procedural_kinds_cite_their_procedural_articles(kind, expected):
    assert _cite(kind, Category.COMMERCIAL) == expected
    assert _cite(kind, Category.COMMERCIAL, on=OLD) == expected  # procedure follows the law of today


def test_every_kind_has_a_basis():
    for kind in DocumentKind.values:
        assert _cite(kind, Category.OTHER), kind


def test_draft_follows_the_category_land_and_act_date(make_case, office):
    case = make_case(category=Category.COMMERCIAL, disposition=Disposition.RESTORE_FARMLAND,
                     discovered_on=datetime.date(2019, 5, 1), registered_on=datetime.date(2019, 5, 1))
    doc = services.create_document(case, by=office, kind=DocumentKind.RECTIFICATION)
    assert doc.legal_basis == "《中华人民共和国土地管理法》（2004年修正）第七十六条之规定。"
    farmland = make_case(category=Category.FARMLAND_BREEDING, land_type=LandType.BASIC_FARMLAND,
                         disposition=Disposition.RESTORE_FARMLAND)
    doc = services.create_document(farmland, by=office, kind=DocumentKind.RECTIFICATION)
    assert "实施条例》第五十一条" in doc.legal_basis and "第七十七条" not in doc.legal_basis


def test_a_rectification_notice_does_not_order_demolition(make_case, office):
    case = make_case(disposition=Disposition.DEMOLISH, predates_chain=True)
    doc = services.create_document(case, by=office, kind=DocumentKind.RECTIFICATION)
    assert "拆除" not in doc.requirements.replace("是否限期拆除", "")
    assert "行政处罚决定" in doc.requirements  # what decides it instead


def _printed(client, office, document) -> str:
    client.force_login(office)
    return client.get(reverse("documents:print", args=[document.pk])).content.decode()


def test_notices_print_no_remedy_line_and_say_they_are_not_decisions(client, case, office):
    for kind in (DocumentKind.STOP_WORK, DocumentKind.RECTIFICATION, DocumentKind.DEMAND):
        case.predates_chain = True
        case.save(update_fields=["predates_chain"])
        doc = services.issue_document(services.create_document(case, by=office, kind=kind), by=office)
        html = _printed(client, office, doc)
        assert "行政复议" not in html and "行政诉讼" not in html, kind
        if kind != DocumentKind.DEMAND:
            assert "不是行政处罚决定" in html, kind


def test_only_a_penalty_decision_prints_the_remedy_line(client, case, office):
    """Once, from the decision's own text: for 限期拆除 the 15 days of 土地管理法 第八十三条, never
    also the general six months of a second, generic line."""
    from cases.models import ViolationCase

    ViolationCase.objects.filter(pk=case.pk).update(status="decided", penalty_measures=["demolish"])
    case.refresh_from_db()
    doc = services.issue_document(services.create_document(case, by=office, kind=DocumentKind.PENALTY_DECISION),
                                  by=office)
    html = _printed(client, office, doc)
    assert html.count("行政复议") == 1 and "不是行政处罚决定" not in html
    assert "15" in html.split("行政复议")[1][:200] and "六个月" not in html


def test_a_penalty_decision_states_its_evidence(case, office):
    """行政处罚法 第五十九条(二): the decision names the evidence — the 笔录 on file by number."""
    from django.db import transaction

    from cases.models import ViolationCase
    from documents.drafting import draft_text
    from documents.services import record_document

    ViolationCase.objects.filter(pk=case.pk).update(status="filed", filed_on=case.registered_on)
    case.refresh_from_db()
    with transaction.atomic():
        record = record_document(case, by=office, kind=DocumentKind.INQUIRY_RECORD, issued_on=case.registered_on,
                                 facts="问：……答：……")
    ViolationCase.objects.filter(pk=case.pk).update(status="decided", penalty_measures=["demolish"])
    case.refresh_from_db()
    text = draft_text(case, DocumentKind.PENALTY_DECISION)["requirements"]
    assert f"询问笔录（{record.reference}）" in text.split("本机关决定")[0]
