"""Demo 卫片: one batch of 60 patches over 丰乐镇 (and one in no village's boundary), half of them
verified in the field with photos, most of those confirmed by the office; the cases some become
are ``cases.demo.load_cases_from_patches``'. Through the services, each act on its own day."""

import datetime
import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from landwatch.demo import demo_clock, load_day
from territory import demo_shapes
from territory.demo import COUNTY, TOWNSHIP, demo_villages, geojson_upload
from territory.models import LayerKind, ResponsibilityUnit, UnitMembership, Zone

from . import services
from .models import Judgement, PatchBatch

User = get_user_model()

BATCH_NAME = "2026年第三季度卫片（演示）"
BATCH_DAYS_AGO = 40
PATCHES = 60
# Of the patches in village order: the first half verified; of those, the judgement of each.
JUDGEMENTS = [Judgement.ILLEGAL] * 12 + [Judgement.LEGAL] * 10 + [Judgement.OTHER] * 8
CONFIRMED = 24  # the first 24 judged are confirmed; the rest wait for the office
BASIS = {
    Judgement.ILLEGAL: "现场为新建砖混厂房，未取得用地批准手续，占用耕地。",
    Judgement.LEGAL: "现场为已批准的村道拓宽工程，与批准范围一致。",
    Judgement.OTHER: "现场为设施农用地（大棚），已备案，不属于新增建设用地。",
}


def field_photo(longitude: float | None = None, latitude: float | None = None, heading: float | None = None,
                *, name: str = "photo.jpg") -> SimpleUploadedFile:
    """A small JPEG with the EXIF GPS position and direction a phone's camera writes (demo and tests)."""
    image = Image.new("RGB", (64, 48), (96, 142, 64))
    exif = Image.Exif()
    if longitude is not None and latitude is not None:
        def dms(value: float) -> tuple:
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            return (degrees, minutes, round(((value - degrees) * 60 - minutes) * 60, 4))

        gps = {1: "N", 2: dms(latitude), 3: "E", 4: dms(longitude)}
        if heading is not None:
            gps[16], gps[17] = "T", heading
        exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def load_patches(stdout=None) -> dict:
    if PatchBatch.objects.filter(name=BATCH_NAME).exists():
        return {"patches": 0}
    villages = demo_villages().get(TOWNSHIP[0])
    if not villages:
        return {"patches": 0}
    boundaries = {v.code: shape for v, shape in villages}
    by_code = {v.code: v for v, _shape in villages}
    fields = [z.shape for z in Zone.objects.filter(layer__kind=LayerKind.BASIC_FARMLAND, layer__replaced_at=None)]
    shapes = demo_shapes.patch_polygons(boundaries, fields, count=PATCHES, seed=21)
    # One patch 600 m south of the township's villages, in no village's boundary: the office's inbox.
    inbox = demo_shapes.blob(120.098, 30.184, width_m=60, height_m=40, rng=random.Random(5), vertices=7)
    rows = [({"TBBH": f"330424{i:04d}", "XZQDM": "330424101", "MJ": "", "DLMC": "建设用地"}, shape)
            for i, (_code, shape) in enumerate(shapes, start=1)]
    rows.append(({"TBBH": f"330424{PATCHES + 1:04d}", "XZQDM": "330424101", "DLMC": "建设用地"}, inbox))
    issued = load_day() - datetime.timedelta(days=BATCH_DAYS_AGO)
    county = ResponsibilityUnit.objects.get(code=COUNTY[0])
    with demo_clock(issued, hour=9):
        batch = services.load_batch(unit=county, name=BATCH_NAME, issued_on=issued,
                                    verify_by=issued + datetime.timedelta(days=30),
                                    close_by=issued + datetime.timedelta(days=120),
                                    upload=geojson_upload("2026Q3卫片图斑.geojson", rows),
                                    by=User.objects.get(username="county"))
    coordinators = {m.unit_id: m.user for m in UnitMembership.objects.filter(
        unit__in=by_code.values(), role="coordinator", active=True).select_related("user")}
    office = User.objects.get(username="office")
    officer = User.objects.get(username="officer")
    patches = list(batch.patches.filter(village__isnull=False).order_by("number"))
    for index, (patch, judgement) in enumerate(zip(patches, JUDGEMENTS, strict=False)):
        who = coordinators.get(patch.village_id, officer)
        day = issued + datetime.timedelta(days=3 + index // 3)
        point = patch.shape.representative_point()
        with demo_clock(day, hour=9 + index % 6):
            services.add_photo(patch, field_photo(point.x, point.y, heading=float(index * 37 % 360),
                                                  name=f"{patch.number}-1.jpg"), by=who)
            if index == 4:  # taken from the road, 80 m off: flagged for the office to see
                services.add_photo(patch, field_photo(point.x + 0.0011, point.y, name=f"{patch.number}-2.jpg"),
                                   by=who)
            services.judge(patch, by=who, judgement=judgement, basis=BASIS[judgement],
                           approval_number="嘉土资〔2025〕37号" if judgement == Judgement.LEGAL else "")
        if index < CONFIRMED:
            with demo_clock(day + datetime.timedelta(days=2), hour=15):
                services.confirm(patch, by=office)
    if stdout is not None:
        stdout.write(f"    satellite patches: {batch.patch_count}")
    return {"patches": batch.patch_count}
