"""The one function that makes every file name the system writes: zip entries, downloads, exports.

Names are built from what users typed (a case's party, an attachment's description, a
campaign's name), and end up on a reviewer's Windows desktop through a browser or an
unzipping tool. ``safe_filename`` gives a name that is safe on Windows, macOS and Linux and
in a zip: no path separator of either kind (no entry climbs out of its folder), no "..", no
control or invisible formatting character (no name that hides its real extension), none of
the characters Windows refuses, no trailing dot or space, no Windows device name (CON, NUL,
COM1 …, with or without an extension), and at most ``max_bytes`` in UTF-8 with the suffix
kept whole. Chinese (and any other printable text) is kept as typed.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 150  # 50 Chinese characters; the folder it is unpacked into still fits Windows' 260
FALLBACK = "file"
# Windows refuses these in a name; / and \ separate folders everywhere a zip is unpacked.
_FORBIDDEN = re.compile(r'[\\/:*?"<>|]')
_SPACES = re.compile(r" {2,}")
_DOTS = re.compile(r"\.{2,}")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)


def _printable(text: str) -> str:
    """NFC text without control, formatting, private-use, surrogate or unassigned characters
    (a line break or tab becomes a space), and with "_" for the characters Windows refuses."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp"):
            if ch.isspace():
                kept.append(" ")
        else:
            kept.append(ch)
    text = _FORBIDDEN.sub("_", "".join(kept))
    return _DOTS.sub(".", _SPACES.sub(" ", text))


def _cut(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` of at most ``max_bytes`` in UTF-8 (never half a character)."""
    return text.encode("utf-8")[: max(0, max_bytes)].decode("utf-8", errors="ignore")


def is_reserved(name: str) -> bool:
    """Whether Windows takes ``name`` for a device (the part before the first dot, spaces aside)."""
    return name.split(".", 1)[0].strip(" ").upper() in _RESERVED


def safe_filename(text: str, *, suffix: str = "", max_bytes: int = MAX_BYTES) -> str:
    """A file name made of ``text`` and ``suffix`` (such as ".pdf", kept whole) by the rules above.

    ``text`` may be anything a user typed; an empty or unusable one gives "file". The suffix
    is the caller's (an extension), cleaned alike and bounded to a third of ``max_bytes``.
    """
    if max_bytes < 16:
        raise ValueError("max_bytes must leave room for a name")
    suffix = _cut(_printable(suffix).strip(" ").rstrip(". "), max_bytes // 3).rstrip(". ")
    room = max_bytes - len(suffix.encode("utf-8"))
    stem = _cut(_printable(text).strip(" ."), room).rstrip(" .") or FALLBACK
    if is_reserved(stem + suffix):
        stem = _cut("_" + stem, room).rstrip(" .")
    return stem + suffix
