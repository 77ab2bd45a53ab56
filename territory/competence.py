"""Competence (管辖): which unit is a case's 办案机关, from its category, township and the act's date.

The rules, each with its article (docs/PROCEDURE.md, "Competence and transfer"):

- land cases belong to the county 自然资源主管部门 where the land lies (自然资源行政处罚办法
  第六条; the penalties themselves: 土地管理法 第七十四条至第七十七条);
- a villager occupying land for a house without approval — extra homesteads (一户多宅, 建新不
  拆旧) and unapproved villager housing — belongs to the county 农业农村主管部门 (土地管理法
  第六十二条、第七十八条);
- village construction without a 乡村建设规划许可证 belongs to the township itself (城乡规划法
  第六十五条: "由乡、镇人民政府责令停止建设、限期改正");
- a county department's case belongs to the township instead where a provincial delegation in
  force on the act's date covers the category (行政处罚法 第二十四条; ``Delegation``).

The county departments are units of kind "department" under the township's county whose
``competence`` names the powers they hold. A county without such a unit has no authority on
record: the answer is then ``None`` with a basis saying so, never a guess.

The answer is read for many cases at once (the survey import registers thousands): ``resolver``
reads the departments and the delegations of the townships asked about in two queries and
answers each case in memory.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from landwatch.vocabulary import Category

from .models import Competence, Delegation, ResponsibilityUnit, UnitKind

# The county department whose powers a category falls under; categories not named here are the
# natural resources department's (自然资源行政处罚办法 第六条).
DEPARTMENT_OF_CATEGORY = {
    Category.EXTRA_HOMESTEAD: Competence.AGRICULTURE,
    Category.VILLAGER_HOUSING: Competence.AGRICULTURE,
}
# Categories the township handles in its own right, whatever is delegated.
TOWNSHIP_CATEGORIES = frozenset({Category.VILLAGE_CONSTRUCTION})

BASIS = {
    Competence.NATURAL_RESOURCES: _("Article 6 of the Measures for Natural Resources Administrative Penalties"),
    Competence.AGRICULTURE: _("Articles 62 and 78 of the Land Administration Law"),
    "township": _("Article 65 of the Urban and Rural Planning Law"),
    "delegation": _("Article 24 of the Administrative Penalty Law; delegation %(number)s of %(body)s"),
    "missing": _("No county department holding this competence is on record: enter it in the territory."),
}


@dataclass(frozen=True)
class Authority:
    """The 办案机关 of a case and the rule (with its article) that makes it so."""

    unit: ResponsibilityUnit | None
    basis: str
    delegation: Delegation | None = None

    @property
    def is_township(self) -> bool:
        return self.unit is not None and self.unit.kind == UnitKind.TOWNSHIP


def resolver(townships: Iterable[ResponsibilityUnit], *, units=ResponsibilityUnit,
             delegations=Delegation) -> Callable[..., Authority]:
    """A function ``(township, category, on) -> Authority`` for cases of ``townships``, in two queries.

    ``units`` and ``delegations`` are the models to read (a data migration passes its historical
    ones, so only fields are used here).
    """
    townships = {t.pk: t for t in townships if t is not None}
    county_ids = {t.parent_id for t in townships.values() if t.parent_id}
    departments: dict[tuple[int, str], ResponsibilityUnit] = {}
    for unit in (units.objects.filter(parent_id__in=county_ids, kind=UnitKind.DEPARTMENT, active=True)
                 .exclude(competence="").order_by("sort_order", "pk")):
        departments.setdefault((unit.parent_id, unit.competence), unit)
    # Each delegation read with the categories it covers, in one query of its scope rows (a delegation
    # covering nothing answers no case), newest first as the first in force wins.
    scope = delegations._meta.get_field("scope").related_model
    delegated: dict[int, list[Delegation]] = {}
    read: dict[int, Delegation] = {}
    for row in (scope.objects.filter(delegation__township_id__in=list(townships)).select_related("delegation")
                .order_by("-delegation__valid_from", "-delegation__pk")):
        delegation = read.get(row.delegation_id)
        if delegation is None:
            delegation = read[row.delegation_id] = row.delegation
            delegation.categories = set()
            delegated.setdefault(delegation.township_id, []).append(delegation)
        delegation.categories.add(row.category)

    def authority(township: ResponsibilityUnit, category: str, on: datetime.date) -> Authority:
        if category in TOWNSHIP_CATEGORIES:
            return Authority(township, str(BASIS["township"]))
        for delegation in delegated.get(township.pk, ()):
            if category in delegation.categories and _in_force(delegation, on):
                return Authority(township, str(BASIS["delegation"]) % {
                    "number": delegation.document_number, "body": delegation.issuing_body}, delegation)
        competence = DEPARTMENT_OF_CATEGORY.get(category, Competence.NATURAL_RESOURCES)
        unit = departments.get((township.parent_id, competence))
        if unit is None:
            return Authority(None, str(BASIS["missing"]))
        return Authority(unit, str(BASIS[competence]))

    return authority


def competent_authority(*, township: ResponsibilityUnit, category: str, on: datetime.date) -> Authority:
    """The 办案机关 of one case of ``category`` in ``township`` for an act on ``on``."""
    return resolver([township])(township, category, on)


def _in_force(delegation: Delegation, day: datetime.date) -> bool:
    """The same answer as ``Delegation.objects.in_force_on(day)`` for a row in memory."""
    return (delegation.valid_from <= day
            and (delegation.valid_until is None or day <= delegation.valid_until)
            and (delegation.withdrawn_on is None or day < delegation.withdrawn_on))
