"""Loading the holiday table: a file loads whole or not at all, each bad row named (admin, command)."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from deadlines.clock import deadline, is_working_day
from deadlines.models import Holiday, HolidayYear
from deadlines.services import HolidayFileError, load_holidays

pytestmark = pytest.mark.django_db

D = datetime.date
GOOD_2027 = "date,kind,name\n2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节\n"


def test_a_csv_file_loads_its_year_and_the_clock_reads_it():
    assert is_working_day(D(2027, 10, 1))
    assert load_holidays(GOOD_2027.encode(), name="2027.csv") == [2027]
    assert not is_working_day(D(2027, 10, 1))
    assert is_working_day(D(2027, 10, 9))  # a Saturday worked
    assert not deadline("demand", D(2027, 9, 30)).uncertain


def test_a_json_file_loads_too():
    rows = [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]
    load_holidays(json.dumps(rows).encode(), name="2027.json")
    assert Holiday.objects.get().name == "元旦"


def test_bad_rows_are_each_named_and_nothing_is_loaded():
    content = ("date,kind,name\n2027-10-01,holiday,国庆节\n2027-13-01,holiday,x\n2027-10-04,workday,x\n"
               "2027-10-02,vacation,x\n2027-10-01,holiday,again\n").encode()
    with pytest.raises(HolidayFileError) as refused:
        load_holidays(content, name="2027.csv")
    errors = refused.value.errors
    assert len(errors) == 4
    assert errors[0].startswith("第 2 行") or "2" in errors[0]
    assert any("2027-10-04" in e for e in errors)  # a Monday cannot be an adjusted working day
    assert not HolidayYear.objects.exists() and not Holiday.objects.exists()


def test_a_loaded_year_is_not_loaded_twice_unless_replaced():
    load_holidays(GOOD_2027.encode(), name="2027.csv")
    with pytest.raises(HolidayFileError):
        load_holidays("date,kind,name\n2027-05-03,holiday,劳动节\n".encode(), name="again.csv")
    assert Holiday.objects.count() == 2
    load_holidays("date,kind,name\n2027-05-03,holiday,劳动节\n".encode(), name="again.csv", replace=True)
    assert list(Holiday.objects.values_list("day", flat=True)) == [D(2027, 5, 3)]
    assert is_working_day(D(2027, 10, 1))


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"not,a,table\n1,2,3\n", b"{\"date\": 1}", b"[",
                                     b"", b"date,kind\n" + b"2027-01-01,holiday\n" * 3000])
def test_hostile_files_are_refused_with_a_message(content):
    with pytest.raises(HolidayFileError) as refused:
        load_holidays(content, name="x.csv")
    assert refused.value.errors
    assert not HolidayYear.objects.exists()


def test_the_command_loads_the_shipped_years_and_refuses_a_bad_file(tmp_path):
    call_command("load_holidays", "--shipped", "2024", "2026")
    assert set(HolidayYear.objects.values_list("year", flat=True)) == {2024, 2026}
    bad = tmp_path / "2027.csv"
    bad.write_text("date,kind,name\n2027-10-04,workday,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_holidays", str(bad))
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_the_admin_upload_loads_a_file(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:deadlines_holidayyear_upload")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("2027.csv", GOOD_2027.encode(), "text/csv")})
    assert response.status_code == 302
    table = HolidayYear.objects.get(year=2027)
    assert table.loaded_by == superuser and table.days.count() == 2


def test_the_admin_upload_shows_each_bad_row_and_loads_nothing(client, superuser):
    client.force_login(superuser)
    content = b"date,kind,name\n2027-10-01,holiday,x\nyesterday,holiday,x\n2027-10-05,workday,x\n"
    response = client.post(reverse("admin:deadlines_holidayyear_upload"),
                           {"file": SimpleUploadedFile("2027.csv", content, "text/csv")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "yesterday" in page and "2027-10-05" in page
    assert not HolidayYear.objects.exists()


def test_the_admin_upload_is_for_those_who_may_add_years(client, office):
    client.force_login(office)
    response = client.get(reverse("admin:deadlines_holidayyear_upload"))
    assert response.status_code in (302, 403)


def test_the_admin_list_warns_of_a_missing_year(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:deadlines_holidayyear_changelist")).content.decode()
    assert "data-missing-holidays" in page


def test_the_office_home_warns_of_a_missing_year_until_it_is_loaded(client, office, officer):
    client.force_login(office)
    assert "data-missing-holidays" in client.get("/").content.decode()
    client.force_login(officer)
    assert "data-missing-holidays" not in client.get("/").content.decode()
    from deadlines import dates

    year = dates.today().year
    load_holidays(f"date,kind,name\n{year}-10-01,holiday,国庆节\n{year + 1}-01-01,holiday,元旦\n".encode())
    client.force_login(office)
    assert "data-missing-holidays" not in client.get("/").content.decode()
