"""Every file name the system writes is safe to save or unpack anywhere (issue #26, finding 4).

The rules are checked on any text at all (Hypothesis), on the hostile names of the review,
and on the downloads' Content-Disposition.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from landwatch.downloads import download_name, download_response
from landwatch.filenames import MAX_BYTES, safe_filename

WINDOWS_FORBIDDEN = set('\\/:*?"<>|')
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}


def assert_safe_name(name: str, *, max_bytes: int = MAX_BYTES) -> None:
    """The rules every name we write keeps (used by the download and evidence tests too)."""
    assert name, "empty name"
    assert not WINDOWS_FORBIDDEN & set(name), f"separator or forbidden character in {name!r}"
    assert all(unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in ("Zl", "Zp")
               for ch in name), f"control or format character in {name!r}"
    assert ".." not in name, f"'..' in {name!r}"
    assert name[0] not in ". " and name[-1] not in ". ", f"leading or trailing dot or space in {name!r}"
    assert name.split(".", 1)[0].strip().upper() not in DEVICES, f"Windows device name {name!r}"
    assert len(name.encode("utf-8")) <= max_bytes, f"{name!r} is longer than {max_bytes} bytes"


SUFFIXES = st.sampled_from(["", ".pdf", ".png", ".jpg", ".zip", ".xlsx", ".html"])


@settings(max_examples=400, deadline=None)
@given(text=st.text(), suffix=SUFFIXES, max_bytes=st.integers(min_value=16, max_value=255))
@example(text="..\\..\\Users\\Public\\evil", suffix=".png", max_bytes=MAX_BYTES)
@example(text="../../etc/passwd", suffix="", max_bytes=MAX_BYTES)
@example(text="CON", suffix=".pdf", max_bytes=MAX_BYTES)
@example(text="nul .txt", suffix="", max_bytes=MAX_BYTES)
@example(text="com1", suffix="", max_bytes=MAX_BYTES)
@example(text="现场照片。。", suffix=".png", max_bytes=16)
@example(text="\u202egnp.exe", suffix=".png", max_bytes=MAX_BYTES)
@example(text="a. . .", suffix=".pdf", max_bytes=MAX_BYTES)
@example(text="", suffix="", max_bytes=16)
def test_any_text_gives_a_safe_name_that_keeps_its_suffix(text, suffix, max_bytes):
    name = safe_filename(text, suffix=suffix, max_bytes=max_bytes)
    assert_safe_name(name, max_bytes=max_bytes)
    assert name.endswith(suffix)
    assert safe_filename(name, max_bytes=max_bytes) == name, "a safe name is left as it is"


CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=50)


@given(text=CHINESE)
def test_chinese_is_kept_as_typed(text):
    assert safe_filename(text, suffix=".pdf") == text + ".pdf"


@given(text=st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=51))
def test_a_long_name_is_cut_between_characters_and_keeps_its_suffix(text):
    name = safe_filename(text, suffix=".pdf")
    assert name.endswith(".pdf") and text.startswith(name.removesuffix(".pdf"))
    assert len(name.encode("utf-8")) <= MAX_BYTES


@pytest.mark.parametrize("text, expected", [
    ("..\\..\\Users\\Public\\evil", "_._Users_Public_evil"),
    ("整改通知书 土监改〔2022〕12号", "整改通知书 土监改〔2022〕12号"),
    ("CON", "_CON"),
    ("lpt9.txt", "_lpt9.txt"),
    ("现场\r\n照片\t一", "现场 照片 一"),
    ("...", "file"),
])
def test_the_reviews_names(text, expected):
    assert safe_filename(text) == expected


def test_a_download_name_keeps_its_extension_and_chinese():
    name = "2026-00001-整改通知书-土监改〔2022〕12号.pdf"
    assert download_name(name) == name
    assert download_name("../../CON.pdf") == "_._CON.pdf"


def test_a_chinese_download_name_is_sent_as_rfc_5987():
    response = download_response(b"x", filename="=整改/通知书\r\n.pdf", as_attachment=False)
    header = response["Content-Disposition"]
    assert header.startswith("inline; filename*=utf-8''")
    assert "%E6%95%B4%E6%94%B9_%E9%80%9A%E7%9F%A5%E4%B9%A6.pdf" in header
    assert "\r" not in header and "\n" not in header
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
