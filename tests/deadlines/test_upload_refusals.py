"""The holiday upload refuses every hostile file with a message on the form and loads nothing;
random text in the rows never gets past the row checks (Hypothesis)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from deadlines.models import Holiday, HolidayYear
from deadlines.services import HolidayFileError, parse_holidays
from tests import fuzz

pytestmark = pytest.mark.django_db


@fuzz.upload_param()
def test_a_hostile_file_is_refused_on_the_form(client, superuser, settings, hostile):
    settings.LANDWATCH_MAX_UPLOAD_MB = 1
    client.force_login(superuser)
    response = client.post(reverse("admin:deadlines_holidayyear_upload"), {"file": fuzz.hostile_file(hostile)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "errornote" in response.content.decode()
    assert not HolidayYear.objects.exists() and not Holiday.objects.exists()


@fuzz.FUZZ_SETTINGS
@given(rows=st.lists(st.tuples(st.text(max_size=30), st.text(max_size=12), st.text(max_size=60)), max_size=8))
def test_random_rows_are_loaded_or_refused_never_crash(rows):
    text = "date,kind,name\n" + "\n".join(",".join(f'"{c.replace(chr(34), "")}"' for c in row) for row in rows)
    try:
        years = parse_holidays(text.encode("utf-8", "surrogatepass"), "x.csv")
    except (HolidayFileError, UnicodeEncodeError):
        return
    assert all(1 <= year <= 9999 for year in years)


def test_a_spreadsheet_saved_as_csv_with_a_bom_loads(client, superuser):
    client.force_login(superuser)
    content = "\ufeffdate,kind,name\r\n2031-10-01,holiday,国庆节\r\n".encode()
    response = client.post(reverse("admin:deadlines_holidayyear_upload"),
                           {"file": SimpleUploadedFile("2031.csv", content, "text/csv")})
    assert response.status_code == 302 and HolidayYear.objects.filter(year=2031).exists()
