"""The one marker of history and evidence: rows that are added, never changed or removed.

A model that inherits ``AppendOnly`` (timelines, evidence files, enforcement and discipline
records, proofs of service) gets, from this single declaration:

- a PostgreSQL trigger refusing UPDATE and DELETE of its rows and of its many-to-many links,
  for superusers and raw SQL too (``landwatch/audit.py`` finds the marked tables with
  ``append_only_models()``);
- the same refusal in the ORM (``save()`` of an existing row, ``delete()``, ``queryset.update()``
  and ``queryset.delete()``, and a ``pre_delete`` receiver for deletes that cascade), so the
  SQLite development server behaves the same;
- an admin that shows its rows read-only and never deletes them (the system check
  ``landwatch.E001`` in ``landwatch/admin.py`` refuses any other admin of a marked model).

``fill_once`` names the few fields a row may receive once after its creation, from empty
(NULL, "" or 0) to a value, and never change again: a staged patrol photo gets its owner
when its form is saved; a service recorded without its scanned proof gets the proof later.
A wrong record is corrected by a new one that names it (更正), never by an edit.
"""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

REFUSED = "rows of %s are append-only: %s refused"


def _refuse(model, what: str) -> TypeError:
    return TypeError(REFUSED % (model._meta.db_table, what))


def _is_empty(value) -> bool:
    return value in (None, "", 0)


class AppendOnlyQuerySet(models.QuerySet):
    """No bulk change or removal; only the model's ``fill_once`` fields, on rows where they are empty."""

    def update(self, **kwargs):
        if not kwargs or not set(kwargs) <= set(self.model.fill_once):
            raise _refuse(self.model, "UPDATE")
        empty = models.Q()
        for name in kwargs:
            field = self.model._meta.get_field(name)
            empty &= models.Q(**{f"{name}__isnull": True}) if field.null else models.Q(**{name: field.get_default()})
        if self.exclude(empty).exists():
            raise _refuse(self.model, "UPDATE of a filled field")
        return super().update(**kwargs)

    def delete(self):
        raise _refuse(self.model, "DELETE")


class AppendOnly(models.Model):
    """Marker and guard of an append-only model (see the module docstring)."""

    fill_once: ClassVar[tuple[str, ...]] = ()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= set(self.fill_once):
                raise _refuse(type(self), "UPDATE")
            stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).get()
            if not all(_is_empty(value) for value in stored.values()):
                raise _refuse(type(self), "UPDATE of a filled field")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self), "DELETE")


def append_only_models() -> list[type[models.Model]]:
    """Every installed model carrying the marker, in label order."""
    from django.apps import apps

    return sorted((m for m in apps.get_models() if issubclass(m, AppendOnly)), key=lambda m: m._meta.label)


def refuse_delete(sender, instance, **kwargs) -> None:
    """``pre_delete`` receiver: a delete cascading from elsewhere is refused as well."""
    raise _refuse(sender, "DELETE")


def refuse_unlink(sender, instance, action: str, **kwargs) -> None:
    """``m2m_changed`` receiver of a marked model's links: they are added with the row, never removed."""
    if action in ("pre_remove", "pre_clear"):
        raise _refuse(sender, "DELETE")


class Correctable(AppendOnly):
    """An evidentiary record corrected by a new one (更正): ``supersedes`` names the record it replaces.

    The corrected record stays, on the case's file and in the evidence file, beside its correction.
    """

    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("amended record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.supersedes_id and not self.correction_reason.strip():
            raise ValidationError({"correction_reason": _("Say why the record is corrected.")})


def correction_has_reason(name: str) -> models.CheckConstraint:
    """The constraint every ``Correctable`` model lists: no correction without its reason."""
    return models.CheckConstraint(
        condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""), name=name
    )
