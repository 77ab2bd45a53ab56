"""The legal basis (法律依据) a document cites: per case category, per document kind, and per
version of the law in force on the day of the act.

One place for every article a document names; ``documents/drafting.py`` calls
``legal_basis(case, kind)`` and the clerk may still edit the text before the document is served.
docs/PROCEDURE.md ("Legal bases") has the table and the sources.

Which version applies (行政处罚法 第三十七条: the law in force when the act was done, unless
the new one is milder): the *substantive* articles — what the act violates and the order or
penalty it carries — follow the case's act date. The 2019 amendment of the 土地管理法 came
into force on 2020-01-01 and renumbered it (2004 第六十七条 → 2019 第六十八条, 第七十四条 →
第七十五条, 第七十六条 → 第七十七条, 第七十七条 → 第七十八条); its 实施条例 of 2021 came into
force on 2021-09-01 (before: the 1998 regulation as revised in 2014). The *powers and
procedure* a document exercises now — the stop order of 第六十八条(四), the 自然资源行政处罚办法
2024 steps, the 行政处罚法 2021 hearing — are those in force on the day the document is drafted.

Article texts: the official texts (2019 law, 2021 regulation, 办法 2024, 行政处罚法 2021, 行政强制法);
the older numberings are listed in PROCEDURE.md with their source.
"""

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cases.models import LandType
from landwatch.vocabulary import Category

from .models import DocumentKind


@dataclass(frozen=True)
class Law:
    """One version of one statute: its title as cited, and the day it came into force."""

    family: str
    title: Promise
    in_force: datetime.date


LAND_LAW_2004 = Law("land_law", gettext_lazy("the Land Administration Law of the People's Republic of China "
                                             "(2004 amendment)"), datetime.date(2004, 8, 28))
LAND_LAW_2019 = Law("land_law", gettext_lazy("the Land Administration Law of the People's Republic of China"),
                    datetime.date(2020, 1, 1))
REGULATION_2014 = Law("regulation", gettext_lazy("the Regulation for the Implementation of the Land Administration "
                                                 "Law (2014 revision)"), datetime.date(2014, 7, 29))
REGULATION_2021 = Law("regulation", gettext_lazy("the Regulation for the Implementation of the Land Administration "
                                                 "Law of the People's Republic of China"), datetime.date(2021, 9, 1))
# Before the 2021 regulation's 第五十一条, orchards and ponds on basic farmland were punished under
# this regulation's 第三十三条 (1998, still in force; superseded on this point by the later rule).
BASIC_FARMLAND_REGULATION = Law("basic_farmland", gettext_lazy("the Regulation on the Protection of Basic Farmland"),
                                datetime.date(1999, 1, 1))
PENALTY_LAW = Law("penalty_law", gettext_lazy("the Administrative Penalty Law of the People's Republic of China"),
                  datetime.date(2021, 7, 15))
PENALTY_MEASURES = Law("measures", gettext_lazy("the Measures on Administrative Penalties for Natural Resources"),
                       datetime.date(2024, 5, 1))
COMPULSION_LAW = Law("compulsion_law", gettext_lazy("the Administrative Compulsion Law of the People's Republic of "
                                                    "China"), datetime.date(2012, 1, 1))
# The papers of enforcement and referral (part g3).
TRANSFER_PROVISIONS = Law("transfer_provisions", gettext_lazy("the Provisions on the Transfer of Suspected Criminal "
                                                              "Cases by Administrative Law Enforcement Organs"),
                          datetime.date(2001, 7, 9))
PLANNING_LAW = Law("planning_law", gettext_lazy("the Urban and Rural Planning Law of the People's Republic of China"),
                   datetime.date(2008, 1, 1))

# Newest first: the first whose in-force day is not after the act's date applies.
VERSIONS = {
    "land_law": (LAND_LAW_2019, LAND_LAW_2004),
    "regulation": (REGULATION_2021, REGULATION_2014),
}

# How an article is cited: one msgid per article, so the Chinese reads 第六十八条第（四）项.
ARTICLE = {
    "3": gettext_lazy("Article 3"),
    "6": gettext_lazy("Article 6"),
    "44": gettext_lazy("Article 44"),
    "53": gettext_lazy("Article 53"),
    "54": gettext_lazy("Article 54"),
    "65": gettext_lazy("Article 65"),
    "36": gettext_lazy("Article 36"),
    "37": gettext_lazy("Article 37"),
    "11": gettext_lazy("Article 11"),
    "15": gettext_lazy("Article 15"),
    "16": gettext_lazy("Article 16"),
    "17": gettext_lazy("Article 17"),
    "24": gettext_lazy("Article 24"),
    "25": gettext_lazy("Article 25"),
    "27": gettext_lazy("Article 27"),
    "29": gettext_lazy("Article 29"),
    "33": gettext_lazy("Article 33"),
    "34": gettext_lazy("Article 34"),
    "35": gettext_lazy("Article 35"),
    "40": gettext_lazy("Article 40"),
    "42": gettext_lazy("Article 42"),
    "51": gettext_lazy("Article 51"),
    "55": gettext_lazy("Article 55"),
    "57": gettext_lazy("Article 57"),
    "62": gettext_lazy("Article 62"),
    "63": gettext_lazy("Article 63"),
    "64": gettext_lazy("Article 64"),
    "68": gettext_lazy("Article 68"),
    "68(4)": gettext_lazy("Article 68(4)"),
    "74": gettext_lazy("Article 74"),
    "75": gettext_lazy("Article 75"),
    "76": gettext_lazy("Article 76"),
    "77": gettext_lazy("Article 77"),
    "78": gettext_lazy("Article 78"),
}


@dataclass(frozen=True)
class Citation:
    law: Law
    articles: tuple[str, ...]

    def text(self) -> str:
        articles = pgettext("list of articles", ", ").join(str(ARTICLE[a]) for a in self.articles)
        return _("%(articles)s of %(law)s") % {"articles": articles, "law": self.law.title}


def version(family: str, on: datetime.date) -> Law:
    """The version of ``family`` in force on ``on`` (the oldest we know for an earlier day)."""
    versions = VERSIONS[family]
    return next((law for law in versions if law.in_force <= on), versions[-1])


# The substantive provisions, article numbers per version of the law (the older numbering
# of each: PROCEDURE.md). Each subject lists its citations in the order they are printed.
def _land(on, new: tuple[str, ...], old: tuple[str, ...]) -> Citation:
    law = version("land_law", on)
    return Citation(law, new if law is LAND_LAW_2019 else old)


def _regulation(on, new: tuple[str, ...], old: tuple[str, ...]) -> Citation:
    law = version("regulation", on)
    return Citation(law, new if law is REGULATION_2021 else old)


def _occupation(on, *, penalty: bool) -> list[Citation]:
    """非法占地: 土地管理法 2019 第七十七条 (2004: 第七十六条) orders the land returned and the new
    buildings demolished or confiscated; the fine per m² is 实施条例 2021 第五十七条 (2014: 第四十二条)."""
    cited = [_land(on, ("77",), ("76",))]
    return [*cited, _regulation(on, ("57",), ("42",))] if penalty else cited


def _homestead(on) -> list[Citation]:
    """宅基地: one household one homestead with the township's approval (第六十二条, the same number in
    2004); a house on land occupied without approval is returned and demolished under 2019 第七十八条
    (2004: 第七十七条), by the 农业农村 department — no fine in the article."""
    return [_land(on, ("62", "78"), ("62", "77"))]


def _plough_layer(on, *, penalty: bool) -> list[Citation]:
    """破坏种植条件 (the plough layer): 土地管理法 2019 第七十五条 (2004: 第七十四条) orders it corrected
    or restored; the fine is 实施条例 2021 第五十五条 (2014: 第四十条)."""
    cited = [_land(on, ("75",), ("74",))]
    return [*cited, _regulation(on, ("55",), ("40",))] if penalty else cited


def _basic_farmland(on, *, penalty: bool, plough_layer_damaged: bool | None) -> list[Citation]:
    """永久基本农田 used for orchards or fish ponds: forbidden by 土地管理法 2019 第三十七条 (2004:
    第三十六条); 实施条例 2021 第五十一条 orders it corrected and fines a failure to correct — before
    2021-09-01, 基本农田保护条例 第三十三条. Where the planting conditions are destroyed, 第五十一条
    sends the penalty to 土地管理法 第七十五条 as well."""
    cited = [_land(on, ("37",), ("36",))]
    if version("regulation", on) is REGULATION_2021:
        cited.append(Citation(REGULATION_2021, ("51",)))
    else:
        cited.append(Citation(BASIC_FARMLAND_REGULATION, ("33",)))
    if penalty and plough_layer_damaged is not False:
        cited += _plough_layer(on, penalty=True)
    return cited


def substantive(category: str, *, land_type: str, act_on: datetime.date, penalty: bool,
                plough_layer_damaged: bool | None = None) -> list[Citation]:
    """What the act violates and the order (``penalty=False``) or penalty it carries, on ``act_on``."""
    if land_type == LandType.BASIC_FARMLAND and category in (Category.FARMLAND_BREEDING, Category.OTHER):
        return _basic_farmland(act_on, penalty=penalty, plough_layer_damaged=plough_layer_damaged)
    if category in (Category.EXTRA_HOMESTEAD, Category.VILLAGER_HOUSING):
        return _homestead(act_on)
    if category == Category.FARMLAND_BREEDING:
        return _plough_layer(act_on, penalty=penalty)
    return _occupation(act_on, penalty=penalty)


# The procedural articles of each kind that records a step rather than ordering anything.
PROCEDURAL = {
    # 立案: the five conditions (办法 第十六条).
    DocumentKind.FILING_APPROVAL: [Citation(PENALTY_MEASURES, ("16",))],
    # 移送 to the competent authority (办法 第十一条).
    DocumentKind.TRANSFER: [Citation(PENALTY_MEASURES, ("11",))],
    # 笔录 by two officers with their credentials (办法 第十七条; 询问 第二十四条, 勘验 第二十五条).
    DocumentKind.INQUIRY_RECORD: [Citation(PENALTY_MEASURES, ("17", "24"))],
    DocumentKind.INSPECTION_RECORD: [Citation(PENALTY_MEASURES, ("17", "25"))],
    # 调查报告 (办法 第二十九条).
    DocumentKind.INVESTIGATION_REPORT: [Citation(PENALTY_MEASURES, ("29",))],
    # 听证: the right (行政处罚法 第六十三条、办法 第三十四条) and its procedure (行政处罚法 第六十四条).
    DocumentKind.HEARING_NOTICE: [Citation(PENALTY_LAW, ("63", "64")), Citation(PENALTY_MEASURES, ("34",))],
    DocumentKind.HEARING_RECORD: [Citation(PENALTY_LAW, ("64",))],
    DocumentKind.HEARING_SUMMONS: [Citation(PENALTY_LAW, ("64",))],
    # 中止 / 恢复调查, told to the party in writing within three working days (办法 第二十七条).
    DocumentKind.SUSPENSION_NOTICE: [Citation(PENALTY_MEASURES, ("27",))],
    DocumentKind.RESUMPTION_NOTICE: [Citation(PENALTY_MEASURES, ("27",))],
    # 催告 before enforcement (行政强制法 第三十五条、第三十七条); the enforcement itself is issue 20's.
    DocumentKind.DEMAND: [Citation(COMPULSION_LAW, ("35", "37"))],
    # 涉嫌犯罪案件移送书: the duty to refer (国务院令第310号 第三条) and the letter the referral carries
    # (第六条(一)).
    DocumentKind.POLICE_REFERRAL: [Citation(TRANSFER_PROVISIONS, ("3", "6"))],
    # 强制执行申请书: the application within the window (行政强制法 第五十三条、第五十四条) with the
    # materials of 第五十五条.
    DocumentKind.COURT_APPLICATION: [Citation(COMPULSION_LAW, ("53", "54", "55"))],
    # 公告 before the township's own demolition: 城乡规划法 第六十五条 gives the township the power,
    # 行政强制法 第四十四条 the 公告 and the time limit to demolish.
    DocumentKind.DEMOLITION_ANNOUNCEMENT: [Citation(PLANNING_LAW, ("65",)), Citation(COMPULSION_LAW, ("44",))],
}

# The kinds that state the penalty: they cite the penalty articles (fines included).
PENALTY_KINDS = frozenset({DocumentKind.PENALTY_NOTICE, DocumentKind.PENALTY_DECISION})


def citations(kind: str, *, category: str, land_type: str, act_on: datetime.date,
              plough_layer_damaged: bool | None = None) -> list[Citation]:
    """The articles a document of ``kind`` cites for a case of ``category`` on ``land_type``
    whose act was done on ``act_on``."""
    if kind in PROCEDURAL:
        return list(PROCEDURAL[kind])
    if kind == DocumentKind.STOP_WORK:
        # 责令停止违法行为: the supervision power of 土地管理法 2019 第六十八条(四) (2004: 第六十七条(四)),
        # exercised today whatever the act's date, with the notice of 办法 第十五条.
        return [Citation(LAND_LAW_2019, ("68(4)",)), Citation(PENALTY_MEASURES, ("15",))]
    rules = substantive(category, land_type=land_type, act_on=act_on, penalty=kind in PENALTY_KINDS,
                        plough_layer_damaged=plough_layer_damaged)
    if kind == DocumentKind.REINSPECTION:
        # 复查: the power to enter and survey the site (第六十八条), checking the order of the rules.
        return [Citation(LAND_LAW_2019, ("68",)), *rules]
    return rules


def act_date(case) -> datetime.date:
    """The day the act is taken to have been done: the case records its discovery, the latest day
    the act can have begun (the act's own start and end dates come with 立案, issue 19 part 3)."""
    return case.discovered_on


def basis_text(cited: list[Citation]) -> str:
    """The citations as one sentence in the active language (《…》第七十七条、《…》第五十七条)."""
    return pgettext("list of laws", "; ").join(c.text() for c in cited)


def legal_basis(case, kind: str) -> str:
    """The legal basis printed on a new document of ``kind`` for ``case`` (in the active language)."""
    cited = citations(kind, category=case.category, land_type=case.land_type, act_on=act_date(case),
                      plough_layer_damaged=case.plough_layer_damaged)
    # The printed sentence reads "依据《…》第七十七条之规定。".
    return _("%(citations)s.") % {"citations": basis_text(cited)}
