"""The patches' part of the county-scale data (``landwatch/scale.py``): a 卫片 batch of the county.

Twenty patches a township, each in one of its villages (a small polygon near 120°E 30°N) but two
in the office's inbox, with one field photo each (a tiny JPEG stored like an upload), half of them
judged and waiting for the office, four confirmed illegal and waiting for their case: the soak's
desks verify, judge, confirm, send back, assign and register (bench/soak_patches.py).
"""

import datetime
from decimal import Decimal

import shapely
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from landwatch.scale import ScaleRun
from landwatch.uploads import sha256_of

from .demo import field_photo
from .models import Judgement, Patch, PatchBatch, PatchEvent, PatchPhoto, PatchStatus

User = get_user_model()
NAME = "规模数据卫片"
PER_TOWNSHIP = 20


def load_patches(run: ScaleRun) -> None:
    if PatchBatch.objects.filter(name=NAME).exists():
        return
    towns, villages_by_town, office_by_town = (run.shared["towns"], run.shared["villages_by_town"],
                                               run.shared["office_by_town"])
    county = towns[0].parent
    office = office_by_town[towns[0].pk]
    today = run.today
    batch = PatchBatch.objects.create(unit=county, name=NAME, issued_on=today - datetime.timedelta(days=10),
                                      verify_by=today + datetime.timedelta(days=20),
                                      close_by=today + datetime.timedelta(days=110), loaded_by=office)
    photo = field_photo(name="scale.jpg").read()
    patches = []
    for t, town in enumerate(towns):
        villages = villages_by_town[town.pk]
        for k in range(PER_TOWNSHIP):
            lon, lat = 120.0 + t * 0.05 + (k % 5) * 0.002, 30.0 + (k // 5) * 0.002
            shape = shapely.Polygon([(lon, lat), (lon + 0.0006, lat), (lon + 0.0005, lat + 0.0004),
                                     (lon, lat + 0.0005)])
            judged = k % 2 == 1
            confirmed = k in (3, 7, 13, 17)  # four a township (judged ones): confirmed illegal, waiting for their case
            inbox = k in (0, 10)  # two a township: in no village's boundary, waiting to be assigned
            patch = Patch(batch=batch, number=f"SCALE{town.pk:04d}{k:03d}", township=town,
                          village=None if inbox else villages[k % len(villages)], area_m2=Decimal("2400.00"),
                          latitude=Decimal(f"{lat + 0.0002:.6f}"), longitude=Decimal(f"{lon + 0.0002:.6f}"),
                          status=(PatchStatus.CONFIRMED if confirmed else PatchStatus.JUDGED if judged
                                  else PatchStatus.PENDING),
                          confirmed_by=office_by_town[town.pk] if confirmed else None,
                          confirmed_at=timezone.now() if confirmed else None,
                          judgement=Judgement.ILLEGAL if judged else "", basis="规模数据：新建厂房" if judged else "",
                          judged_by=office_by_town[town.pk] if judged else None,
                          judged_at=timezone.now() if judged else None)
            patch.set_shape(shape)
            patches.append(patch)
    Patch.objects.bulk_create(patches, batch_size=500)
    batch.patch_count = len(patches)
    batch.save(update_fields=["patch_count"])
    rows = []
    for patch in patches:
        row = PatchPhoto(patch=patch, kind="jpeg", original_name="scale.jpg", uploaded_by=office,
                         sha256=sha256_of(ContentFile(photo)))
        row.file.save("scale.jpg", ContentFile(photo), save=False)
        rows.append(row)
    PatchPhoto.objects.bulk_create(rows, batch_size=500)
    PatchEvent.objects.bulk_create([PatchEvent(patch=p, kind=PatchEvent.Kind.LOADED, by=office) for p in patches],
                                   batch_size=1000)
    run.progress(f"satellite patches: {len(patches)}")
