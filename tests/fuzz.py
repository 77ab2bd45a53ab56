"""Fuzzing the forms through their views with Hypothesis (issue 9, "Bad input").

Each fuzz test starts from a POST that the view accepts, then replaces a few of its fields
with hostile values: Chinese and other scripts, huge strings, NUL bytes and control
characters, negative and huge numbers, impossible dates, ids of rows that do not exist.
For every example it proves:

* no 500 (the test client re-raises any exception of the view);
* a rejected form re-renders with 200, its errors on the fields that were spoiled (or on
  the form as a whole for a rule spanning several fields), each error shown on the page;
* no partial write: when the form is rejected, the row count of every table of the
  project's apps is the same as before the POST.

Each example runs inside a savepoint that is rolled back, so an accepted POST (a case that
moved on, a member added) does not change what the next example sees.

Replayable: the examples are derandomized (``derandomize=True``), the same ones on every run
and every machine, so a failure in CI fails again on a laptop. A failure prints the example it
sent (``Falsifying example: run(example=...)``, the POST data or the query string) and a
``@reproduce_failure(...)`` blob; running the same test again replays it.

How many: ``FUZZ_EXAMPLES`` examples per form (default 50), and a fifth of that per page for
the query strings (``tests/landwatch/test_query_strings.py``, default 10 per page, about 90
pages). Measured for the four ``test_fuzz_forms.py`` modules together: 12 s at 5 examples,
27 s at 25, 51 s at 50 (and 172 s at 50 on the same two cores shared with a load of 11); the
query strings at 10 per page: 81 s. The long run draws ten times as many, a larger set than
CI's, and takes about ten times as long::

    FUZZ_EXAMPLES=500 SECRET_KEY=test-only DEBUG=false scripts/with-postgres.sh \
        .venv/bin/pytest tests/*/test_fuzz_forms.py tests/landwatch/test_query_strings.py -p no:cacheprovider

``EXAMPLES`` counts the examples run per form and page; ``test-artifacts/fuzz_examples.json``
(written at the end of a module by ``record_examples``) keeps the totals for docs/RELIABILITY.md.
"""

from __future__ import annotations

import datetime
import html
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib.messages import ERROR
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

# The apps whose tables must not change when a form is rejected.
APPS = ("landwatch", "territory", "patrols", "patches", "cases", "campaigns", "documents", "reports")

EXAMPLES: Counter = Counter()

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))

FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
    database=None,  # no .hypothesis/ directory in the work tree: replaying is derandomize's job
    derandomize=True,  # the same examples on every run: a CI failure replays anywhere
    print_blob=True,  # and a failure prints @reproduce_failure(...) besides its example
)
# The query strings of every page (tests/landwatch/test_query_strings.py): ~90 pages, a fifth as many each.
QUERY_SETTINGS = settings(FUZZ_SETTINGS, max_examples=max(1, FUZZ_EXAMPLES // 5))

# --- hostile values --------------------------------------------------------------------------

CHINESE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=40)
CONTROL = st.text(alphabet=st.characters(categories=["Cc"]), min_size=1, max_size=20)
WEIRD = st.sampled_from([
    "\x00", "a\x00b", "张三\x00", "\x00" * 50, "\r\n\t\x0b\x0c", "\x1b[31m红\x1b[0m", "\u202e伪造\u202c",
    "\ufeff", "\u200b", "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"http://x\",\"点\")",
    "+86-1234", "@SUM(1+1)", "../../etc/passwd", "{{ 7*7 }}", "%s%s%s", "🀄️🐉", "ｆｕｌｌ", " ", "",
])
HUGE = st.sampled_from(["长" * 5000, "x" * 100_000, "字" * 201, "a" * 31, "9" * 400])
TEXT = st.one_of(st.text(max_size=60), CHINESE, CONTROL, WEIRD, HUGE)

NUMBERS = st.one_of(
    st.sampled_from([
        "-1", "-0", "0", "-99999999999", "99999999999999999999999999", "1e309", "-1e309", "1e-400", "NaN",
        "nan", "Infinity", "-inf", "sNaN", "0x10", "１２３", "一百", "1,000", "3.14159265358979", " 42 ",
        "2147483648", "-2147483649", "9223372036854775808", "12345678901.999", "0.001", "1_000", "",
    ]),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)

DATES = st.one_of(
    st.sampled_from([
        "2022-02-30", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "9999-12-25", "10000-01-01",
        "2022-13-01", "2022-00-10", "-2022-01-01", "2022/03/15", "15/03/2022", "2022年3月15日", "today", "",
        "2022-03-15T25:00", "1900-01-01", "1970-01-01", "2100-01-01", "20220315", "2022-3-5", "\x002022-03-15",
    ]),
    st.dates().map(datetime.date.isoformat),
)

IDS = st.one_of(st.sampled_from(["0", "-1", "999999999", "99999999999999999999", "abc", "1.5", "", "\x00", "²", "１２",
                                 "٣", "9223372036854775808"]),
                st.integers().map(str))


def hostile_for(field) -> st.SearchStrategy:
    """Hostile values for one form field, by its type."""
    from django import forms

    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.one_of(IDS, TEXT), min_size=1, max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return st.one_of(IDS, TEXT)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return st.one_of(DATES, TEXT)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(NUMBERS, TEXT)
    if isinstance(field, forms.TimeField):
        return st.one_of(st.sampled_from(["25:00", "-1:00", "12:60", "99", "noon"]), TEXT)
    return TEXT


def spoiled(valid: dict, fields: dict, *, skip: Iterable[str] = (), max_spoiled: int = 3) -> st.SearchStrategy:
    """A valid POST with one to ``max_spoiled`` of its fields replaced by hostile values.

    Returns ``(data, names of the spoiled fields)``.
    """
    names = sorted(n for n in fields if n not in set(skip))

    @st.composite
    def build(draw):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(max_spoiled, len(names)),
                               unique=True))
        data = dict(valid)
        for name in chosen:
            data[name] = draw(hostile_for(fields[name]))
        return data, set(chosen)

    return build()


def form_examples(form_class, *, form_kwargs: dict | None = None, prefix: str = "", **field_strategies):
    """Data drawn by ``hypothesis.extra.django.from_form`` (well-typed, often inconsistent), as a POST."""

    def as_post(form) -> tuple[dict, None]:
        data = {}
        for name, value in form.data.items():
            if value is None:
                continue
            if isinstance(value, bool):
                value = "on" if value else ""
            elif isinstance(value, list | tuple):
                value = [str(getattr(v, "value", v)) for v in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            else:
                value = str(getattr(value, "value", value))
            data[f"{prefix}{name}"] = value
        return data, None

    return from_form(form_class, form_kwargs=form_kwargs or {}, **field_strategies).map(as_post)


def fuzz_data(valid: dict, form, *, skip: Iterable[str] = (), extra: st.SearchStrategy | None = None,
              prefix: str = "") -> st.SearchStrategy:
    """Spoiled variants of ``valid`` (mostly) and, if given, ``extra`` examples (e.g. from_form)."""
    fields = {f"{prefix}{name}": field for name, field in form.fields.items()
              if not isinstance(field.widget, _file_widgets())}
    strategies = [spoiled(valid, fields, skip=skip)]
    if extra is not None:
        strategies.append(extra)
    return st.one_of(*strategies)


def _file_widgets():
    from django import forms

    return (forms.ClearableFileInput, forms.FileInput)


# --- the checks ------------------------------------------------------------------------------


def _tables() -> list[str]:
    tables = set()
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if not model._meta.proxy and model._meta.managed:
                tables.add(model._meta.db_table)
    return sorted(tables)


def row_counts() -> dict[str, int]:
    """Rows of every table of the project's apps (many-to-many tables too), in one query."""
    from django.db import connection

    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {quote(t)}" for i, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tables[i]: n for i, n in cursor.fetchall()}


def rendered_errors(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def assert_rejected_well(response, spoiled_fields: set[str] | None, *, form_key: str = "form",
                         related: dict[str, set[str]] | None = None, prefix: str = "") -> None:
    """A 200 re-render: the form has errors, on the spoiled fields (or the whole form), shown on the page."""
    form = response.context[form_key]
    assert form.is_bound and form.errors, "a 200 answer to a POST must carry the form's errors"
    page = response.content.decode()
    for message in rendered_errors(form):
        assert html.escape(str(message), quote=True) in page or str(message) in page, (
            f"error {message!r} is not shown on the page"
        )
    if spoiled_fields is None:
        return
    allowed = {"__all__"} | {name.removeprefix(prefix) for name in spoiled_fields}
    for name in list(allowed):
        allowed |= (related or {}).get(name, set())
    wrong = set(form.errors) - allowed
    assert not wrong, f"errors on {wrong} although only {spoiled_fields} were spoiled: {form.errors}"


def post_and_check(client, url: str, data: dict, spoiled_fields: set[str] | None, *, label: str,
                   form_key: str = "form", related: dict[str, set[str]] | None = None, prefix: str = "",
                   redirect_ok: Callable | None = None) -> None:
    """POST one example inside a savepoint rolled back afterwards, and check the answer."""
    EXAMPLES[label] += 1
    with transaction.atomic():
        before = row_counts()
        response = client.post(url, data)
        assert response.status_code in (200, 302), f"{label}: HTTP {response.status_code} for {data!r}"
        if response.status_code == 200:
            assert_rejected_well(response, spoiled_fields, form_key=form_key, related=related, prefix=prefix)
            assert row_counts() == before, f"{label}: a rejected form wrote rows"
        else:
            # Only the messages this request added (the redirect's target is never fetched here).
            queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
            errors = [m for m in queued if m.level == ERROR]
            if errors:
                # Forms answered by a redirect (a note, a reason) report errors as messages.
                assert row_counts() == before, f"{label}: a refused POST wrote rows"
            if redirect_ok is not None:
                redirect_ok(response)
        transaction.set_rollback(True)


def fuzz_view(client, url: str, strategy: st.SearchStrategy, *, label: str, **check_kwargs) -> None:
    """Run ``strategy``'s examples against ``url`` (the client is already logged in)."""

    @FUZZ_SETTINGS
    @given(example=strategy)
    def run(example):
        data, spoiled_fields = example
        post_and_check(client, url, data, spoiled_fields, label=label, **check_kwargs)

    run()


def assert_valid_post_accepted(client, url: str, data: dict, **kwargs) -> None:
    """The starting POST must be accepted (a redirect), or the fuzzing proves little."""
    with transaction.atomic():
        response = client.post(url, data, **kwargs)
        form = response.context.get("form") if response.context else None
        assert response.status_code == 302, (response.status_code, getattr(form, "errors", None))
        transaction.set_rollback(True)


def record_examples(path: str | None = None) -> None:
    """Add this run's counts to test-artifacts/fuzz_examples.json (not committed: a figure for the report)."""
    path = path or os.path.join(os.path.dirname(__file__), "..", "test-artifacts", "fuzz_examples.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    totals: dict = {}
    if os.path.exists(path):
        with open(path) as fh:
            totals = json.load(fh)
    totals.update(EXAMPLES)
    totals["_total"] = sum(v for k, v in totals.items() if not k.startswith("_"))
    with open(path, "w") as fh:
        json.dump(totals, fh, ensure_ascii=False, indent=1, sort_keys=True)


# --- hostile uploads (tests/<app>/test_upload_refusals.py) --------------------------------------


def _image_bytes(fmt: str, size=(64, 48)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise(size, 50).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def hostile_uploads(*, oversize_kind: str = "png") -> list[tuple[str, str, bytes, str]]:
    """``(id, file name, content, content type the browser claims)`` of files every upload must refuse.

    The oversized file is ``LANDWATCH_MAX_UPLOAD_MB`` plus one byte of a well-formed start (the
    tests set the cap to 1 MB); everything else is small.
    """
    from django.conf import settings as django_settings

    png, jpeg = _image_bytes("PNG"), _image_bytes("JPEG")
    magic = {"png": png[:64], "pdf": b"%PDF-1.4\n", "xlsx": b"PK\x03\x04"}[oversize_kind]
    cap = django_settings.LANDWATCH_MAX_UPLOAD_MB * 1024 * 1024
    return [
        ("exe-as-jpg", "现场照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500, "image/jpeg"),
        ("html-as-pdf", "送达回证.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"),
        ("svg-as-png", "photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png"),
        ("gif-as-jpg", "photo.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/jpeg"),
        ("zip-as-pdf", "scan.pdf", b"PK\x03\x04" + b"\x00" * 100, "application/pdf"),
        ("png-truncated", "photo.png", png[: len(png) // 2], "image/png"),
        ("jpeg-truncated", "photo.jpg", jpeg[: len(jpeg) // 2], "image/jpeg"),
        ("jpeg-header-only", "photo.jpg", jpeg[:120], "image/jpeg"),
        ("pdf-truncated", "scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog", "application/pdf"),
        ("empty", "photo.jpg", b"", "image/jpeg"),
        ("oversized", f"big.{oversize_kind}", magic + b"\x00" * (cap + 1 - len(magic)), "image/png"),
    ]


def upload_param(only: Iterable[str] | None = None):
    """``pytest.mark.parametrize`` over the hostile uploads' ids (built lazily: settings differ per test)."""
    import pytest

    ids = ["exe-as-jpg", "html-as-pdf", "svg-as-png", "gif-as-jpg", "zip-as-pdf", "png-truncated",
           "jpeg-truncated", "jpeg-header-only", "pdf-truncated", "empty", "oversized"]
    return pytest.mark.parametrize("hostile", [i for i in ids if only is None or i in set(only)])


def hostile_file(hostile: str, *, oversize_kind: str = "png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for key, name, content, content_type in hostile_uploads(oversize_kind=oversize_kind):
        if key == hostile:
            return SimpleUploadedFile(name, content, content_type=content_type)
    raise KeyError(hostile)


def sent_by(who: str) -> dict:
    """The request's headers for a form sent by the page ("page") or by the phone's queue ("queue",
    a record filed without a signal: landwatch/queue.py)."""
    return {"HTTP_X_LANDWATCH_QUEUE": "1"} if who == "queue" else {}


def expected_refusal(upload, *, allowed, form_field: bool = True) -> list[str]:
    """The messages ``check_upload`` gives for ``upload`` (in the page's language).

    Through a form's FileField an empty file is refused by Django before ``check_upload``.
    """
    from django import forms
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from landwatch.uploads import check_upload

    with translation.override("zh-hans"):
        if form_field and upload.size == 0:
            return [str(forms.FileField.default_error_messages["empty"])]
        try:
            check_upload(upload, allowed=allowed)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
        finally:
            upload.seek(0)
    raise AssertionError(f"check_upload accepted {upload.name!r}")


def stored_files(root) -> list[str]:
    """Every file under MEDIA_ROOT (a refused upload must leave none)."""
    import pathlib

    root = pathlib.Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def assert_shown(response, messages: list[str]) -> None:
    page = response.content.decode()
    for message in messages:
        assert html.escape(message, quote=True) in page or message in page, f"{message!r} is not on the page"
