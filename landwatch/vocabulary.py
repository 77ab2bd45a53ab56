"""The seed's shared vocabulary, used by more than one app.

Patrol findings suggest a category before a case exists, and cases, campaigns and
dashboards count by category, cause and source: the choices live here so that no app
has to import another to name them.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """分类处理: the category decides the default disposition (DESIGN.md)."""

    COMMERCIAL = "commercial", _("Commercial illegal land use")
    VILLAGER_HOUSING = "villager_housing", _("Unapproved housing of villagers short of housing")
    FARMLAND_BREEDING = "farmland_breeding", _("Farmland occupied for breeding")
    EXTRA_HOMESTEAD = "extra_homestead", _("Extra homestead or left-over house")
    # 在乡、村庄规划区内未取得乡村建设规划许可证进行建设: the township's own competence (城乡规划法 第六十五条).
    VILLAGE_CONSTRUCTION = "village_construction", _("Village construction without a rural construction permit")
    OTHER = "other", _("Other")


class Cause(models.TextChoices):
    """The plan's six causes (成因) of illegal land use in the township."""

    PLANNING_LIMITS = "planning_limits", _("Limits of land-use, village and collective land planning")
    HOUSING_FREEZE = "housing_freeze", _("Housing approvals halted while the new village plan was drawn")
    DEVELOPMENT_PRESSURE = "development_pressure", _("Economic development not reconciled with lawful land use")
    WEAK_MANAGEMENT = "weak_management", _("Too few land management staff and means")
    SLOW_PROCEDURE = "slow_procedure", _("Complex and slow enforcement procedure")
    CADRE_AWARENESS = "cadre_awareness", _("Weak awareness and management of some grassroots cadres")


class DiscoverySource(models.TextChoices):
    DOUBLE_VIOLATION = "double_violation", _("Double-violation clean-up")
    HUNDRED_DAYS = "hundred_days", _("Hundred-day campaign")
    DYNAMIC_PATROL = "dynamic_patrol", _("Dynamic patrol")
    REPORT = "report", _("Public report")
    SATELLITE = "satellite", _("Satellite image check")
    ASSIGNED = "assigned", _("Assigned by higher authority")


class ChoiceLabels:
    """A model mixin: ``get_FOO_display()`` reads a dict of the field's choices built once.

    Django's version builds a dict of every choice on each call, and hashing each lazy label
    translates it: a case's timeline asks for several labels per event, and the case list two
    per row. Same answer: the label in the active language, an unknown value as itself.
    """

    def _get_FIELD_display(self, field):
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = {make_hashable(value): label for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


_LABELS: dict = {}
