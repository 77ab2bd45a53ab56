"""The demo's shapes look like a county's: villages that tile their township, fields, patches of plausible sizes."""

import shapely

from territory import demo_shapes, geo

BOX = (120.09, 30.19, 120.16, 30.26)
NAMES = [f"村{i}" for i in range(11)]


def test_the_villages_tile_the_township_with_no_gap_and_no_overlap():
    villages = demo_shapes.village_boundaries(NAMES, box=BOX, seed=1)
    shapes = list(villages.values())
    assert all(s.geom_type == "Polygon" and s.is_valid for s in shapes)
    assert abs(shapely.union_all(shapes).area - shapely.box(*BOX).area) < 1e-9
    assert sum(a.intersection(b).area for i, a in enumerate(shapes) for b in shapes[i + 1:]) < 1e-12
    # Wavy borders, not Voronoi's straight lines: many more vertices than a convex cell has.
    assert min(len(s.exterior.coords) for s in shapes) > 20
    assert max(s.area for s in shapes) / min(s.area for s in shapes) < 4


def test_the_shapes_are_the_same_for_the_same_seed():
    first = demo_shapes.village_boundaries(NAMES, box=BOX, seed=7)
    again = demo_shapes.village_boundaries(NAMES, box=BOX, seed=7)
    assert all(first[n].equals_exact(again[n], 0) for n in NAMES)


def test_fields_and_patches_have_plausible_sizes_and_villages():
    villages = demo_shapes.village_boundaries(NAMES, box=BOX, seed=1)
    fields = demo_shapes.farmland_zones(villages, seed=2, share=0.3)
    total = shapely.union_all(list(villages.values())).area
    assert 0.2 < sum(f.area for f in fields) / total < 0.4
    assert sum(a.intersection(b).area for i, a in enumerate(fields[:80]) for b in fields[i + 1:80]) == 0
    patches = demo_shapes.patch_polygons(villages, fields, count=60, seed=3)
    assert len(patches) == 60
    for village, patch in patches:
        assert 250 <= geo.area_m2(patch) <= 7000
        holder = max(villages, key=lambda n: villages[n].intersection(patch).area)
        assert holder == village
    on_farmland = sum(1 for _v, p in patches if any(f.intersects(p) for f in fields))
    assert on_farmland >= 15
