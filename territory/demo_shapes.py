"""Synthetic but plausible shapes for the demo and the benchmark: village boundaries, 永久基本农田
blocks and 卫片 patches. Deterministic for a seed; coordinates in WGS-84 longitude/latitude.

Villages partition a box (a Voronoi diagram of jittered points) with wavy shared borders: each
border is densified and its inner vertices moved by a noise that depends on the vertex alone, so
both neighbours move a shared point the same way and the partition keeps no gap and no overlap.
Farmland blocks and patches are irregular rotated polygons of field-like sizes.
"""

import math
import random

import numpy as np
import shapely
from shapely.geometry import Polygon

# Degrees per metre near 30°N (enough for shapes that only need to look right).
LAT_PER_M = 1 / 111_000
LON_PER_M = 1 / 96_000


def village_boundaries(names: list[str], *, box: tuple[float, float, float, float], seed: int) -> dict[str, Polygon]:
    """One polygon per name partitioning ``box`` (min_lon, min_lat, max_lon, max_lat), with wavy borders."""
    rng = random.Random(seed)
    min_lon, min_lat, max_lon, max_lat = box
    columns = math.ceil(math.sqrt(len(names) * (max_lon - min_lon) / (max_lat - min_lat)))
    rows = math.ceil(len(names) / columns)
    points = []
    for i in range(len(names)):
        r, c = divmod(i, columns)
        cell_w, cell_h = (max_lon - min_lon) / columns, (max_lat - min_lat) / rows
        points.append((min_lon + (c + 0.5 + rng.uniform(-0.3, 0.3)) * cell_w,
                       min_lat + (r + 0.5 + rng.uniform(-0.3, 0.3)) * cell_h))
    frame = shapely.box(*box)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=frame)
    by_point = {}
    for cell in cells.geoms:
        clipped = cell.intersection(frame)
        for index, point in enumerate(points):
            if clipped.contains(shapely.Point(point)):
                by_point[index] = clipped
    amplitude = min(max_lon - min_lon, max_lat - min_lat) / (columns * 14)
    wavy = [_wavy(by_point[index], box, amplitude, seed) for index in range(len(names))]
    # Where the waves of three borders meet, cells may overlap or leave a sliver: the earlier cell
    # keeps an overlap, and a sliver goes to the cell it touches most. No gap, no overlap.
    taken = None
    for index, cell in enumerate(wavy):
        cell = _largest(cell.intersection(frame))
        if taken is not None:
            cell = _largest(cell.difference(taken))
        wavy[index] = cell
        taken = cell if taken is None else taken.union(cell)
    gaps = frame.difference(taken)
    for gap in getattr(gaps, "geoms", [gaps]):
        if gap.is_empty or gap.area == 0:
            continue
        best = max(range(len(wavy)), key=lambda i: wavy[i].buffer(1e-9).intersection(gap).area)
        wavy[best] = _largest(wavy[best].union(gap))
    return dict(zip(names, wavy, strict=True))


def _largest(geom) -> Polygon:
    if geom.geom_type == "Polygon":
        return geom
    return max((g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"), key=lambda g: g.area)


def _wavy(cell: Polygon, box, amplitude: float, seed: int) -> Polygon:
    step = amplitude / 2
    ring = np.asarray(shapely.segmentize(cell, step).exterior.coords)
    moved = []
    for lon, lat in ring:
        key_lon, key_lat = round(lon, 9), round(lat, 9)
        on_frame = (abs(key_lon - box[0]) < 1e-9 or abs(key_lon - box[2]) < 1e-9
                    or abs(key_lat - box[1]) < 1e-9 or abs(key_lat - box[3]) < 1e-9)
        if on_frame:
            moved.append((key_lon, key_lat))
            continue
        phase = seed * 0.7
        d_lon = amplitude * 0.5 * (math.sin(key_lat * 2300 + phase) + 0.5 * math.sin(key_lat * 5100 + key_lon * 900))
        d_lat = amplitude * 0.5 * (math.sin(key_lon * 2100 + phase) + 0.5 * math.cos(key_lon * 4700 + key_lat * 800))
        moved.append((key_lon + d_lon, key_lat + d_lat))
    return _largest(shapely.make_valid(Polygon(moved)))


def blob(lon: float, lat: float, *, width_m: float, height_m: float, rng: random.Random, vertices: int) -> Polygon:
    """An irregular rotated polygon around (lon, lat), about width × height metres."""
    angle = rng.uniform(0, math.pi)
    coords = []
    for k in range(vertices):
        t = 2 * math.pi * k / vertices + rng.uniform(-0.15, 0.15)
        scale = rng.uniform(0.8, 1.1)
        x, y = math.cos(t) * width_m / 2 * scale, math.sin(t) * height_m / 2 * scale
        x, y = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
        coords.append((lon + x * LON_PER_M, lat + y * LAT_PER_M))
    return shapely.make_valid(Polygon(coords)).buffer(0)


def _random_point_in(polygon: Polygon, rng: random.Random) -> tuple[float, float]:
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if polygon.contains(shapely.Point(lon, lat)):
            return lon, lat


def farmland_zones(boundaries: dict[str, Polygon], *, seed: int, share: float = 0.3) -> list[Polygon]:
    """Field-like 永久基本农田 blocks (80–400 m across) inside the villages, not overlapping, ``share`` of them."""
    rng = random.Random(seed)
    area = shapely.union_all(list(boundaries.values()))
    target = area.area * share
    blocks, covered = [], 0.0
    grid: dict[tuple[int, int], list[Polygon]] = {}
    cell = 500 * LON_PER_M
    attempts = 0
    while covered < target and attempts < 20000:
        attempts += 1
        lon, lat = _random_point_in(area, rng)
        block = blob(lon, lat, width_m=rng.uniform(150, 400), height_m=rng.uniform(80, 300), rng=rng,
                     vertices=rng.randint(6, 12))
        block = block.intersection(area)
        if block.is_empty or block.geom_type != "Polygon":
            continue
        key = (int(lon // cell), int(lat // cell))
        near = [other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((key[0] + dx, key[1] + dy), ())]
        if any(other.intersects(block) for other in near):
            continue
        blocks.append(block)
        grid.setdefault(key, []).append(block)
        covered += block.area
    return blocks


def patch_polygons(boundaries: dict[str, Polygon], farmland: list[Polygon], *, count: int,
                   seed: int) -> list[tuple[str, Polygon]]:
    """``count`` change patches (300–6000 m²) with their majority village: about 40 % on farmland blocks,
    some straddling a village border, none overlapping another."""
    rng = random.Random(seed)
    names = list(boundaries)
    grid: dict[tuple[int, int], list[Polygon]] = {}
    cell = 300 * LON_PER_M  # larger than any patch: a patch meets only those of its cell and the next ones
    out = []
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        if farmland and rng.random() < 0.4:
            lon, lat = shapely.Point(*_random_point_in(farmland[rng.randrange(len(farmland))], rng)).coords[0]
        else:
            lon, lat = _random_point_in(boundaries[names[rng.randrange(len(names))]], rng)
        side = math.sqrt(rng.uniform(300, 6000))
        patch = blob(lon, lat, width_m=side * rng.uniform(1.0, 1.6), height_m=side * rng.uniform(0.7, 1.0),
                     rng=rng, vertices=rng.randint(5, 10))
        if patch.is_empty or patch.geom_type != "Polygon":
            continue
        key = (int(lon // cell), int(lat // cell))
        near = [other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((key[0] + dx, key[1] + dy), ())]
        if any(other.intersects(patch) for other in near):
            continue
        shares = {name: boundary.intersection(patch).area for name, boundary in boundaries.items()
                  if boundary.intersects(patch)}
        if not shares:
            continue
        grid.setdefault(key, []).append(patch)
        out.append((max(shares, key=shares.get), patch))
    return out
