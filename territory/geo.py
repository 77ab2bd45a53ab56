"""Geometry: reading the county's GIS files, areas in square metres, which village holds a shape.

The stack (docs/GIS.md): shapely 2 for the shapes, pyproj for coordinate systems and pyogrio
(its wheel carries GDAL) to read GeoJSON, zipped shapefiles and GeoPackages. Nothing needs a
system GDAL or GeoDjango, so `make run` on SQLite and production on PostgreSQL run the same
code. A shape is stored as WKB in a binary column beside its bounding box in four float columns
(``territory.models.Shaped``): the box finds the candidates with an ordinary index, shapely
decides.

Stored coordinates are longitude/latitude in WGS-84 (EPSG:4326), as a phone's GPS gives them.
CGCS2000 (EPSG:4490), the datum of the ministry's files, differs from WGS-84 by centimetres and is
taken as equal, as the 国土调查 practice does; projected CGCS2000 files (3-degree Gauss-Krüger,
EPSG:4513–4554) are unprojected on import. Areas are never computed in degrees: a shape is
projected to the CGCS2000 3-degree Gauss-Krüger zone of its centroid (EPSG:4534 at 75°E to
EPSG:4554 at 135°E) and measured there in square metres.
"""

import math
import os
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyogrio
import shapely
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

WGS84 = 4326
CGCS2000 = 4490
SQUARE_METRES_PER_MU = 10000 / 15  # 1 亩 = 666.67 m²
MAX_FEATURES = 20000
MAX_FILE_MB = 100
# China's extent with a margin: a shape outside it was read in the wrong coordinate system.
CHINA = (73.0, 3.0, 136.0, 54.0)
GEOJSON_PRECISION = 6  # about 0.1 m


class GeoImportError(Exception):
    """A file that cannot be read at all, or rows that cannot be taken: nothing is loaded.

    ``errors`` lists one message per bad row ("第 3 行：…"), so the clerk can fix them all at once.
    """

    def __init__(self, message: str, errors: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.errors = list(errors)


@dataclass
class Feature:
    """One row of a GIS file: its 1-based row number, its attributes and its shape in WGS-84."""

    row: int
    properties: dict
    geometry: BaseGeometry


def rows_refused(count: int) -> str:
    return ngettext("%(count)d row cannot be taken; nothing was loaded.",
                    "%(count)d rows cannot be taken; nothing was loaded.", count) % {"count": count}


# ---- reading files ----------------------------------------------------------------------------

def read_features(upload: UploadedFile | str, *, polygons_only: bool = True) -> list[Feature]:
    """The features of a GeoJSON, a zipped shapefile or a GeoPackage, in WGS-84.

    The kind is decided by the file's first bytes. Raises ``GeoImportError`` when the file cannot
    be read, has no coordinate system that can be recognised, or any row is bad (no shape, not a
    polygon, outside China, crossing itself beyond repair); the message lists every bad row.
    """
    with _on_disk(upload) as path, warnings.catch_warnings():
        # GDAL's warnings about a damaged file name the temporary file; the refusal says it all.
        warnings.simplefilter("ignore", RuntimeWarning)
        source, encoding = _source(path)
        # GDAL's errors are of several classes and name the temporary file; all mean "unreadable".
        try:
            layers = pyogrio.list_layers(source)
        except Exception:
            raise GeoImportError(_unreadable()) from None
        if len(layers) == 0:
            raise GeoImportError(_("The file holds no layer."))
        try:
            meta, _fids, wkbs, columns = pyogrio.raw.read(source, layer=0, encoding=encoding,
                                                          max_features=MAX_FEATURES + 1)
        except Exception:
            raise GeoImportError(_unreadable()) from None
    if len(wkbs) > MAX_FEATURES:
        raise GeoImportError(_("The file holds more than %(max)d features; split it.") % {"max": MAX_FEATURES})
    if len(wkbs) == 0:
        raise GeoImportError(_("The file holds no feature."))
    names = [str(name) for name in meta["fields"]]
    geoms = shapely.from_wkb(np.array([w if w is not None else None for w in wkbs], dtype=object))
    transform = _to_wgs84(meta.get("crs"), geoms)
    features, errors = [], []
    for index, geom in enumerate(geoms):
        row = index + 1
        properties = {name: _plain(column[index]) for name, column in zip(names, columns, strict=True)}
        problem, geom = _checked(geom, transform, polygons_only=polygons_only)
        if problem:
            errors.append(_("Row %(row)d: %(problem)s") % {"row": row, "problem": problem})
            continue
        features.append(Feature(row=row, properties=properties, geometry=geom))
    if errors:
        raise GeoImportError(rows_refused(len(errors)),
                             errors)
    return features


class _on_disk:
    """The upload as a file path (GDAL reads paths), removed afterwards."""

    def __init__(self, upload):
        self.upload = upload
        self.path = None

    def __enter__(self) -> str:
        if isinstance(self.upload, str):
            return self.upload
        if self.upload.size > MAX_FILE_MB * 1024 * 1024:
            raise GeoImportError(_("The file is too large; the limit is %(limit)d MB.") % {"limit": MAX_FILE_MB})
        self.upload.seek(0)
        head = self.upload.read(16)
        self.upload.seek(0)
        suffix = _suffix(head)
        if suffix is None:
            raise GeoImportError(_("This is not a GeoJSON, a zipped shapefile or a GeoPackage; "
                                   "its content was checked, not its name."))
        handle, self.path = tempfile.mkstemp(suffix=suffix)
        with os.fdopen(handle, "wb") as out:
            for chunk in self.upload.chunks():
                out.write(chunk)
        return self.path

    def __exit__(self, *exc):
        if self.path:
            os.unlink(self.path)


def _suffix(head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return ".zip"
    if head.startswith(b"SQLite format 3\x00"):
        return ".gpkg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return ".geojson"
    return None


def _source(path: str) -> tuple[str, str | None]:
    """What GDAL should open, and the text encoding of a shapefile that does not name its own."""
    if not path.endswith(".zip"):
        return path, None
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info for info in archive.infolist() if not info.is_dir()]
            if sum(info.file_size for info in names) > MAX_FILE_MB * 1024 * 1024 * 4:
                raise GeoImportError(_("The archive unpacks to too much data."))
            shps = [info.filename for info in names if info.filename.lower().endswith(".shp")]
            gpkgs = [info.filename for info in names if info.filename.lower().endswith(".gpkg")]
            if len(shps) + len(gpkgs) != 1:
                raise GeoImportError(_("The archive must hold exactly one shapefile (.shp with its .shx, .dbf "
                                       "and .prj) or one GeoPackage."))
            inner = (shps or gpkgs)[0]
            encoding = None
            if shps:
                stem = inner[:-4]
                present = {info.filename.lower() for info in names}
                for needed in (".shx", ".dbf"):
                    if f"{stem}{needed}".lower() not in present:
                        raise GeoImportError(_("The shapefile's %(part)s file is missing from the archive.")
                                             % {"part": needed})
                if f"{stem}.cpg".lower() not in present:
                    dbf = archive.read(next(i for i in names if i.filename.lower() == f"{stem}.dbf".lower()))
                    encoding = _dbf_encoding(dbf)
    except zipfile.BadZipFile:
        raise GeoImportError(_("The archive is damaged.")) from None
    return f"/vsizip/{path}/{inner}", encoding


def _dbf_encoding(dbf: bytes) -> str:
    """A .dbf without a .cpg: UTF-8 if its bytes are UTF-8, else GB18030 (what Chinese GIS software writes)."""
    try:
        dbf.decode("utf-8")
    except UnicodeDecodeError:
        return "GB18030"
    return "UTF-8"


def _unreadable() -> str:
    return _("The file could not be read as GIS data: it is damaged or of another kind.")


def _plain(value):
    """A column value as JSON can keep it: numpy scalars to Python, NaN to None."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


def _to_wgs84(crs_text, geoms):
    """A function taking the file's shapes to WGS-84, or raising when the system is unknown."""
    if not crs_text:
        # No .prj: longitude/latitude within China is taken as WGS-84/CGCS2000; anything else is
        # projected metres we cannot place.
        bounds = shapely.total_bounds(geoms)
        if not np.isnan(bounds).any() and _inside_china(bounds):
            return None
        raise GeoImportError(_("The file does not say its coordinate system (a shapefile needs its .prj) "
                               "and its coordinates are not longitude and latitude."))
    try:
        crs = CRS.from_user_input(crs_text)
    except CRSError:
        raise GeoImportError(_("The file's coordinate system is not recognised.")) from None
    if crs.is_geographic and crs.to_epsg() in (WGS84, CGCS2000):
        return None
    transformer = _transformer_from(crs.to_wkt())
    return lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))


@lru_cache(maxsize=64)
def _transformer_from(wkt: str) -> Transformer:
    return Transformer.from_crs(CRS.from_wkt(wkt), CRS.from_epsg(WGS84), always_xy=True)


def within_china(geom: BaseGeometry) -> bool:
    """Whether a shape lies within China's extent (a shape elsewhere was drawn or read wrongly)."""
    return _inside_china(geom.bounds)


def _inside_china(bounds) -> bool:
    minx, miny, maxx, maxy = bounds
    return CHINA[0] <= minx and maxx <= CHINA[2] and CHINA[1] <= miny and maxy <= CHINA[3]


def _checked(geom, transform, *, polygons_only: bool):
    """(problem or "", the shape in WGS-84 made valid)."""
    if geom is None or geom.is_empty:
        return _("it has no shape."), None
    geom = shapely.force_2d(geom)
    if transform is not None:
        geom = shapely.transform(geom, transform)
    if polygons_only and geom.geom_type not in ("Polygon", "MultiPolygon"):
        return _("it is a %(kind)s, not a polygon.") % {"kind": geom.geom_type}, None
    if not _inside_china(geom.bounds):
        return _("it lies outside China; check the coordinate system."), None
    if not geom.is_valid:
        geom = polygonal(shapely.make_valid(geom)) if polygons_only else shapely.make_valid(geom)
        if geom is None or geom.is_empty or (polygons_only and geom.area == 0):
            return _("its outline crosses itself and encloses no area."), None
    return "", geom


def polygonal(geom):
    """The polygon parts of a shape (a repaired outline may carry stray lines or points)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


# ---- storing -----------------------------------------------------------------------------------

def to_wkb(geom: BaseGeometry) -> bytes:
    return shapely.to_wkb(geom)


def from_wkb(data) -> BaseGeometry | None:
    return shapely.from_wkb(bytes(data)) if data else None


def to_geojson(geom: BaseGeometry, precision: int = GEOJSON_PRECISION) -> dict:
    return shapely.geometry.mapping(shapely.set_precision(geom, 10 ** -precision))


# ---- measuring ---------------------------------------------------------------------------------

def gauss_kruger_epsg(longitude: float) -> int:
    """The CGCS2000 3-degree Gauss-Krüger zone (central meridian in the code) of a longitude."""
    central = min(max(round(longitude / 3) * 3, 75), 135)
    return 4534 + (central - 75) // 3


@lru_cache(maxsize=32)
def _projector(epsg: int) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(WGS84), CRS.from_epsg(epsg), always_xy=True)


def projected(geom: BaseGeometry, epsg: int | None = None) -> BaseGeometry:
    """The shape in metres, in the Gauss-Krüger zone of its centroid (or of ``epsg``)."""
    epsg = epsg or gauss_kruger_epsg(geom.centroid.x)
    transformer = _projector(epsg)
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def area_m2(geom: BaseGeometry) -> float:
    """The area in square metres (projected, never in degrees)."""
    return projected(geom).area


def area_inside_m2(geom: BaseGeometry, zones: Iterable[BaseGeometry]) -> float:
    """The part of ``geom`` inside the union of ``zones``, in square metres."""
    touching = [zone for zone in zones if zone.intersects(geom)]
    if not touching:
        return 0.0
    inside = shapely.intersection(geom, shapely.union_all(touching))
    if inside.is_empty:
        return 0.0
    epsg = gauss_kruger_epsg(geom.centroid.x)
    return projected(inside, epsg).area


def distance_m(longitude: float, latitude: float, geom: BaseGeometry) -> float:
    """How far a point lies outside a shape, in metres (0 inside or on its edge)."""
    point = shapely.Point(longitude, latitude)
    if geom.covers(point):
        return 0.0
    epsg = gauss_kruger_epsg(longitude)
    return projected(point, epsg).distance(projected(geom, epsg))


def holder(geom: BaseGeometry, candidates: Sequence[tuple[object, BaseGeometry]]):
    """The key of the candidate holding ``geom``, or most of it; None when none touches it.

    Shares are compared in degrees²: within one county the scale factor is the same for all,
    so the largest share in degrees is the largest in square metres.
    """
    best, best_area = None, 0.0
    for key, shape in candidates:
        if not shape.intersects(geom):
            continue
        share = shape.intersection(geom).area if geom.area else (1.0 if shape.covers(geom) else 0.0)
        if share > best_area:
            best, best_area = key, share
    return best


def bbox(geom: BaseGeometry) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in geom.bounds)


class Index:
    """Shapes with their keys, searchable by box (shapely's STRtree): which holds a shape, how much
    of a shape lies inside them. Built once for an import of thousands of patches."""

    def __init__(self, items: Sequence[tuple[object, BaseGeometry]]):
        self.keys = [key for key, _shape in items]
        self.shapes = [shape for _key, shape in items]
        self.tree = shapely.STRtree(self.shapes)

    def __len__(self) -> int:
        return len(self.shapes)

    def touching(self, geom: BaseGeometry) -> list[int]:
        return [int(i) for i in self.tree.query(geom, predicate="intersects")]

    def holder(self, geom: BaseGeometry):
        return holder(geom, [(self.keys[i], self.shapes[i]) for i in self.touching(geom)])

    def area_inside_m2(self, geom: BaseGeometry) -> float:
        return area_inside_m2(geom, [self.shapes[i] for i in self.touching(geom)])

    def nearest(self, geom: BaseGeometry):
        return self.keys[int(self.tree.nearest(geom))] if self.shapes else None
