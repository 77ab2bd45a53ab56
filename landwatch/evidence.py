"""Re-verify every stored evidence file against the SHA-256 recorded at upload.

Any model with a FileField ``<name>`` and a hash field ``<name>_sha256`` (or ``sha256``
when it has a single file) takes part, so a new kind of attachment is covered as soon as
it follows the convention.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class EvidenceField:
    model: type[models.Model]
    file_field: str
    hash_field: str


@dataclass(frozen=True)
class Problem:
    label: str
    pk: int
    name: str
    kind: str  # "missing" or "mismatch"


def evidence_fields() -> list[EvidenceField]:
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                for candidate in (f"{field.name}_sha256", "sha256"):
                    if candidate in names:
                        found.append(EvidenceField(model, field.name, candidate))
                        break
    return found


def file_sha256(fieldfile) -> str:
    digest = hashlib.sha256()
    with fieldfile.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_all() -> Iterator[tuple[EvidenceField, int, Problem | None]]:
    """Yield (field, pk, problem or None) for every stored file, streaming the rows."""
    for spec in evidence_fields():
        rows = (
            spec.model._default_manager.exclude(**{spec.file_field: ""})
            .only("pk", spec.file_field, spec.hash_field)
            .order_by("pk")
            .iterator(chunk_size=500)
        )
        for obj in rows:
            fieldfile = getattr(obj, spec.file_field)
            label = f"{spec.model._meta.label}.{spec.file_field}"
            if not fieldfile.storage.exists(fieldfile.name):
                yield spec, obj.pk, Problem(label, obj.pk, fieldfile.name, "missing")
            elif file_sha256(fieldfile) != getattr(obj, spec.hash_field):
                yield spec, obj.pk, Problem(label, obj.pk, fieldfile.name, "mismatch")
            else:
                yield spec, obj.pk, None
