"""Where, when and facing which way a field photo was taken, from its own EXIF data.

A phone's camera writes the GPS position (GPSLatitude/GPSLongitude with their N/S and E/W refs),
the direction (GPSImgDirection) and the time (DateTimeOriginal) into the JPEG. These are the
photo's own evidence, preferred over the browser's position sent with the form, which tells
where the phone was when the form was sent, not where the photo was taken.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from PIL import Image, UnidentifiedImageError

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011


@dataclass
class Position:
    latitude: float | None = None
    longitude: float | None = None
    heading: float | None = None
    taken_at: datetime.datetime | None = None


def photo_position(upload) -> Position:
    """The photo's EXIF position, heading and time; empty fields where it has none or they are damaged."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            exif = image.getexif()
            gps = exif.get_ifd(GPS_IFD)
            details = exif.get_ifd(EXIF_IFD)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return Position()
    finally:
        upload.seek(0)
    position = Position(taken_at=_taken_at(details.get(DATETIME_ORIGINAL), details.get(OFFSET_TIME_ORIGINAL)))
    try:
        latitude = _degrees(gps.get(2), gps.get(1), "S")
        longitude = _degrees(gps.get(4), gps.get(3), "W")
    except (TypeError, ValueError, ZeroDivisionError):
        return position
    if latitude is not None and longitude is not None and -90 <= latitude <= 90 and -180 <= longitude <= 180:
        position.latitude, position.longitude = latitude, longitude
    try:
        heading = float(gps[17]) if gps.get(17) is not None else None
    except (TypeError, ValueError, ZeroDivisionError):
        heading = None
    if heading is not None and 0 <= heading <= 360:
        position.heading = heading
    return position


def _degrees(dms, ref, negative: str) -> float | None:
    if not dms or len(dms) != 3:
        return None
    degrees, minutes, seconds = (float(v) for v in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    return -value if (ref or "").strip().upper() == negative else value


def _taken_at(text, offset) -> datetime.datetime | None:
    """DateTimeOriginal ("2026:12:05 09:30:00"), in its offset when given, else Asia/Shanghai (the phone's zone)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.strptime(text.strip(), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str):
        try:
            return datetime.datetime.strptime(f"{text.strip()} {offset.strip()}", "%Y:%m:%d %H:%M:%S %z")
        except ValueError:
            pass
    return timezone.make_aware(moment, timezone.get_default_timezone())
