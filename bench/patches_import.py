#!/usr/bin/env python
"""卫片 at county scale: import 10,000 patches and measure their overlaps with the zones (issue 22).

    DATABASE_URL=postgres://…/empty_db .venv/bin/python bench/patches_import.py [--patches 10000]

Builds a county of 40 villages with synthetic boundaries (territory/demo_shapes.py) and its
永久基本农田 (about 30 % of the land, thousands of blocks), loaded through the layer service;
then loads one batch of N patches through ``patches.services.load_batch`` as a clerk's upload
does: read the file, assign each patch to its village, measure its area and its parts in the
zones, insert. Reported: the wall time of each part, the whole against reading the file alone
(the floor, measured in the same run), and the peak of the memory Python held during a load
(tracemalloc, in a second, untimed load). Writes
bench/results/patches_import.json and prints one BENCH_PATCHES line.
"""

import argparse
import datetime
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patches", type=int, default=10000)
    parser.add_argument("--villages", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "landwatch.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from patches import services
    from patches.models import Patch
    from territory import demo_shapes, geo
    from territory.demo import geojson_upload
    from territory.models import LayerKind, ResponsibilityUnit, UnitKind
    from territory.services import load_layer

    call_command("migrate", "--noinput", verbosity=0)
    admin, _created = get_user_model().objects.get_or_create(username="bench_admin", is_superuser=True,
                                                             is_staff=True)
    county = ResponsibilityUnit.objects.create(kind=UnitKind.COUNTY, name="基准县", code=f"B-{time.time_ns()}")
    township = ResponsibilityUnit.objects.create(kind=UnitKind.TOWNSHIP, name="基准镇", code=f"{county.code}-T",
                                                 parent=county)
    villages = [ResponsibilityUnit.objects.create(kind=UnitKind.VILLAGE, name=f"基准{i}村", code=f"{county.code}-V{i}",
                                                  parent=township) for i in range(args.villages)]
    box = (120.0, 30.0, 120.3, 30.25)  # about 29 km × 28 km
    started = time.perf_counter()
    shapes = demo_shapes.village_boundaries([v.code for v in villages], box=box, seed=1)
    fields = demo_shapes.farmland_zones(shapes, seed=2, share=0.3)
    patches = demo_shapes.patch_polygons(shapes, fields, count=args.patches, seed=3)
    generated = time.perf_counter() - started
    load_layer(unit=township, kind=LayerKind.VILLAGE_BOUNDARY, name="村界", by=admin,
               upload=geojson_upload("村界.geojson", [({"XZQDM": v.code}, shapes[v.code]) for v in villages]))
    started = time.perf_counter()
    load_layer(unit=county, kind=LayerKind.BASIC_FARMLAND, name="永久基本农田", by=admin,
               upload=geojson_upload("永农.geojson", [({"BSM": str(i)}, f) for i, f in enumerate(fields)]))
    farmland_s = time.perf_counter() - started
    upload = geojson_upload("卫片.geojson", [({"TBBH": f"T{i:06d}", "DLMC": "建设用地"}, p)
                                           for i, (_v, p) in enumerate(patches)])
    size_mb = upload.size / 1024 / 1024

    # The floor: reading and checking the file alone (GDAL, shapely), the part no design can skip.
    floor = []
    for _ in range(3):
        started = time.perf_counter()
        geo.read_features(upload)
        floor.append(time.perf_counter() - started)
    started = time.perf_counter()
    today = datetime.date.today()
    batch = services.load_batch(unit=county, name="基准卫片", issued_on=today, verify_by=today, close_by=today,
                                upload=upload, by=admin)
    total = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Memory: the same load again under tracemalloc (slower, so not timed): the peak of what Python
    # held at once, file, features and rows included.
    tracemalloc.start()
    services.load_batch(unit=county, name="基准卫片（内存）", issued_on=today, verify_by=today, close_by=today,
                        upload=upload, by=admin)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assigned = Patch.objects.filter(batch=batch, village__isnull=False).count()
    on_farmland = Patch.objects.filter(batch=batch, basic_farmland_area_m2__gt=0).count()
    result = {
        "patches": batch.patch_count, "villages": len(villages), "farmland_blocks": len(fields),
        "file_mb": round(size_mb, 1), "generate_s": round(generated, 2), "farmland_layer_s": round(farmland_s, 2),
        "read_floor_s": round(min(floor), 2), "load_batch_s": round(total, 2),
        "ratio_to_floor": round(total / min(floor), 2), "ms_per_patch": round(total * 1000 / batch.patch_count, 2),
        "python_peak_mb": round(traced_peak / 1024 / 1024, 1), "peak_rss_mb": round(rss_after / 1024, 1),
        "assigned_to_a_village": assigned, "with_basic_farmland": on_farmland,
        "database": django.db.connection.vendor,
    }
    out = ROOT / "bench" / "results" / "patches_import.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print("BENCH_PATCHES " + " ".join(f"{k}={v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
