"""卫片图斑 as a township works them: load the batch, verify each patch in the field, confirm, make the case,
close out."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from pyproj import Transformer

from cases.models import CaseShape, CaseStatus, ViolationCase
from patches import services
from patches.models import Judgement, Patch, PatchBatch, PatchStatus
from territory import geo
from tests.factories import metre_box

from .conftest import jpeg, load, patch_file

TO_WGS84 = Transformer.from_crs(4549, 4326, always_xy=True)
DATES = {"issued_on": "2026-11-02", "verify_by": "2026-11-30", "close_by": "2027-02-28"}


def _load(client, territory, rows, name="2026年第四季度卫片"):
    return client.post(reverse("patches:batch-list"), {"unit": territory.township.pk, "name": name, **DATES,
                                                       "file": patch_file(rows)})


def _batch(territory, office, rows):
    return load(territory, office, rows)


def test_a_batch_is_loaded_and_each_patch_goes_to_the_village_holding_most_of_it(
        client, territory, office, boundaries, basic_farmland):
    client.force_login(office)
    response = _load(client, territory, [
        ({"TBBH": "T001", "XZQDM": "330101", "MJ": "5000", "DLMC": "水田"}, metre_box(499950, 3340000, 100, 50)),
        ({"TBBH": "T002", "MJ": "40000"}, metre_box(500300, 3339900, 200, 200)),
        ({"TBBH": "T003"}, metre_box(502500, 3340000, 30, 30)),  # 1.5 km east of every village: the inbox
    ])
    batch = PatchBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    patches = {p.number: p for p in Patch.objects.all()}
    # T001 straddles the line between the villages, 50 m on each side … and 50.0 m vs 50.0 m would be a
    # tie; it lies 50 m west and 50 m east: the shares are equal, so check T002 and T003 for the rule.
    assert patches["T002"].village == territory.village_b
    assert patches["T003"].village is None and patches["T003"].township == territory.township
    assert patches["T001"].reported_area_m2 == Decimal("5000.00") and patches["T001"].land_type == "水田"
    assert float(patches["T001"].area_m2) == pytest.approx(5000, abs=0.5)
    # T002 (500300–500500 × 3339900–3340100) overlaps the basic farmland block (500400–500600 ×
    # 3340000–3340200) over 100 m × 100 m.
    assert float(patches["T002"].basic_farmland_area_m2) == pytest.approx(10000, abs=1)
    assert float(patches["T002"].farmland_area_m2) == pytest.approx(10000, abs=1)
    assert batch.patch_count == 3 and batch.loaded_by == office


def test_a_patch_mostly_in_one_village_goes_there(territory, office, boundaries):
    batch = _batch(territory, office, [({"TBBH": "1"}, metre_box(499930, 3340000, 100, 50))])  # 70 m west
    assert batch.patches.get().village == territory.village_a


def test_bad_rows_load_nothing_and_each_is_named(client, territory, office, boundaries):
    rows = [
        ({"TBBH": "T1"}, metre_box(500100, 3340000, 10, 10)),
        ({"TBBH": "T1"}, metre_box(500200, 3340000, 10, 10)),
        ({"DLMC": "旱地"}, metre_box(500300, 3340000, 10, 10)),
        ({"TBBH": "T4", "MJ": "十亩"}, metre_box(500400, 3340000, 10, 10)),
        ({"TBBH": "T5"}, metre_box(530000, 3340000, 10, 10)),
    ]
    client.force_login(office)
    response = _load(client, territory, rows)
    assert response.status_code == 200
    assert [e.split("：")[0] for e in response.context["errors"]] == ["第 2 行", "第 3 行", "第 4 行", "第 5 行"]
    assert not PatchBatch.objects.exists() and not Patch.objects.exists()
    with translation.override("en"), pytest.raises(geo.GeoImportError) as caught:
        _batch(territory, office, rows)
    errors = caught.value.errors
    assert "row 1" in errors[0] and "patch number" in errors[1] and "not a number" in errors[2]
    assert "outside every village" in errors[3]


def _lonlat(x, y):
    return TO_WGS84.transform(x, y)


def test_a_photo_taken_more_than_50_m_outside_the_polygon_is_flagged(client, territory, coordinator_b, patch):
    client.force_login(coordinator_b)
    url = reverse("patches:add-photo", args=[patch.pk])
    # The photo's own GPS: 60 m east of the patch's east edge (x = 500200).
    response = client.post(url, {"photo": jpeg(gps=_lonlat(500260, 3340150), heading=92.5)})
    assert response.status_code == 302
    photo = patch.photos.get()
    assert photo.position_source == "exif" and photo.heading == pytest.approx(92.5)
    assert photo.distance_m == pytest.approx(60, abs=1) and photo.outside
    page = client.get(patch.get_absolute_url()).content.decode()
    assert "data-outside" in page
    # No EXIF position: the phone's position sent with the form, 20 m outside, is not flagged.
    lon, lat = _lonlat(500220, 3340150)
    client.post(url, {"photo": jpeg(), "latitude": f"{lat:.7f}", "longitude": f"{lon:.7f}"})
    second = patch.photos.order_by("pk").last()
    assert second.position_source == "device" and second.distance_m == pytest.approx(20, abs=1)
    assert not second.outside


def test_a_file_that_is_not_a_photo_is_refused_on_the_form(client, coordinator_b, patch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator_b)
    response = client.post(reverse("patches:add-photo", args=[patch.pk]),
                           {"photo": SimpleUploadedFile("x.jpg", b"MZ\x90\x00" * 10)})
    assert response.status_code == 200 and response.context["photo_form"].errors["photo"]
    assert not patch.photos.exists()


def _judge(client, patch, **data):
    patch.refresh_from_db()
    return client.post(reverse("patches:judge", args=[patch.pk]), {"version": patch.version, **data})


def test_the_field_judgement_needs_a_photo_and_for_legal_its_approval(client, coordinator_b, patch):
    client.force_login(coordinator_b)
    response = _judge(client, patch, judgement=Judgement.ILLEGAL, basis="新建厂房，无审批")
    assert response.status_code == 302
    patch.refresh_from_db()
    assert patch.status == PatchStatus.PENDING  # refused: no photo yet
    client.post(reverse("patches:add-photo", args=[patch.pk]), {"photo": jpeg(gps=_lonlat(500150, 3340150))})
    response = _judge(client, patch, judgement=Judgement.LEGAL, basis="已批")
    assert response.status_code == 200 and response.context["judge_form"].errors["approval_number"]
    _judge(client, patch, judgement=Judgement.LEGAL, basis="已批", approval_number="浙土字〔2025〕12号")
    patch.refresh_from_db()
    assert (patch.status, patch.judgement, patch.judged_by) == (PatchStatus.JUDGED, Judgement.LEGAL, coordinator_b)


def _judged(client, who, patch, judgement=Judgement.ILLEGAL):
    client.force_login(who)
    client.post(reverse("patches:add-photo", args=[patch.pk]), {"photo": jpeg(gps=_lonlat(500150, 3340150))})
    _judge(client, patch, judgement=judgement, basis="新建厂房，无审批")
    patch.refresh_from_db()
    assert patch.status == PatchStatus.JUDGED
    return patch


def test_the_office_confirms_or_sends_back_and_a_coordinator_cannot_confirm(
        client, coordinator_b, office, patch):
    _judged(client, coordinator_b, patch)
    assert client.post(reverse("patches:confirm", args=[patch.pk]), {"version": patch.version}).status_code == 403
    client.force_login(office)
    client.post(reverse("patches:return", args=[patch.pk]), {"version": patch.version, "reason": "照片未见建筑"})
    patch.refresh_from_db()
    assert patch.status == PatchStatus.PENDING and patch.judgement == ""
    assert patch.events.filter(kind="returned", note="照片未见建筑").exists()
    _judged(client, coordinator_b, patch)
    client.force_login(office)
    client.post(reverse("patches:confirm", args=[patch.pk]), {"version": patch.version})
    patch.refresh_from_db()
    assert (patch.status, patch.confirmed_by) == (PatchStatus.CONFIRMED, office)


def _confirmed(client, coordinator_b, office, patch):
    _judged(client, coordinator_b, patch)
    client.force_login(office)
    client.post(reverse("patches:confirm", args=[patch.pk]), {"version": patch.version})
    patch.refresh_from_db()
    return patch


def test_an_illegal_patch_becomes_a_case_keeping_its_polygon(client, territory, coordinator_b, office, patch):
    _confirmed(client, coordinator_b, office, patch)
    url = reverse("cases:register-from-patch", args=[patch.pk])
    form = client.get(url).context["form"]
    assert form.initial["source"] == "satellite" and form.initial["area_m2"] == patch.area_m2
    response = client.post(url, {
        "village": territory.village_b.pk, "title": "T9卫片违法建房", "party_name": "王某", "party_kind": "person",
        "location_text": "甲二村卫片图斑T9", "land_type": "farmland", "area_m2": patch.area_m2,
        "farmland_area_m2": "0", "basic_farmland_area_m2": "0", "category": "other", "source": "satellite",
        "discovered_on": "2026-11-02", "registered_on": datetime.date.today().isoformat(),
    })
    case = ViolationCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    patch.refresh_from_db()
    assert patch.case == case and patch.events.filter(kind="registered").exists()
    outline = CaseShape.objects.get(case=case)
    assert outline.shape.equals_exact(patch.shape, 1e-9)
    # The case's page draws the outline and names its area and the patch.
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-outline="case-outline"' in page and 'id="case-outline"' in page
    assert "10000.00 平方米" in page and f'href="{patch.get_absolute_url()}"' in page
    # A second click finds the case, never a second one.
    assert client.get(url)["Location"] == case.get_absolute_url()
    assert ViolationCase.objects.count() == 1


def test_an_illegal_patch_joins_an_open_case_of_its_village(client, territory, coordinator_b, office, patch):
    from tests.factories import ViolationCaseFactory

    lon, lat = _lonlat(500150, 3340250)  # 150 m north of the patch
    case = ViolationCaseFactory(village=territory.village_b, latitude=Decimal(f"{lat:.6f}"),
                                longitude=Decimal(f"{lon:.6f}"))
    _confirmed(client, coordinator_b, office, patch)
    url = reverse("cases:register-from-patch", args=[patch.pk])
    assert [c.pk for c in client.get(url).context["nearby"]] == [case.pk]
    response = client.post(url, {"join": case.pk})
    assert response["Location"] == case.get_absolute_url()
    patch.refresh_from_db()
    assert patch.case == case and CaseShape.objects.get(case=case).shape.covers(patch.shape)


def test_a_patch_is_closed_out_only_once_its_case_is_closed(client, territory, coordinator_b, office, patch):
    from tests.factories import ViolationCaseFactory

    case = ViolationCaseFactory(village=territory.village_b)
    _confirmed(client, coordinator_b, office, patch)
    client.post(reverse("cases:register-from-patch", args=[patch.pk]), {"join": case.pk})
    patch.refresh_from_db()
    with pytest.raises(services.PatchError):
        services.close_out(patch, by=office)
    ViolationCase.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=datetime.date.today())
    client.post(reverse("patches:close", args=[patch.pk]), {"version": patch.version, "note": "已拆除复耕"})
    patch.refresh_from_db()
    assert patch.status == PatchStatus.CLOSED


def test_an_inbox_patch_is_assigned_by_the_office(client, territory, office, boundaries):
    batch = _batch(territory, office, [({"TBBH": "X"}, metre_box(502500, 3340000, 30, 30))])
    patch = batch.patches.get()
    client.force_login(office)
    client.post(reverse("patches:assign", args=[patch.pk]), {"version": patch.version,
                                                             "village": territory.village_b.pk})
    patch.refresh_from_db()
    assert patch.village == territory.village_b


def test_a_coordinator_sees_only_the_patches_of_their_village(client, territory, office, coordinator_a,
                                                               coordinator_b, patch):
    client.force_login(coordinator_a)
    assert client.get(patch.get_absolute_url()).status_code == 404
    client.force_login(coordinator_b)
    assert client.get(patch.get_absolute_url()).status_code == 200


def test_the_export_holds_the_figures_the_page_shows(client, territory, coordinator_b, office, boundaries,
                                                     basic_farmland):
    batch = _batch(territory, office, [
        ({"TBBH": "A"}, metre_box(500300, 3339900, 200, 200)),
        ({"TBBH": "B"}, metre_box(499300, 3339900, 100, 100)),
        ({"TBBH": "C"}, metre_box(502500, 3340000, 30, 30)),
    ])
    _confirmed(client, coordinator_b, office, batch.patches.get(number="A"))
    client.force_login(office)
    page = client.get(batch.get_absolute_url())
    total = page.context["total"]
    assert (total["total"], total["verified"], total["illegal"]) == (3, 1, 1)
    assert float(total["illegal_basic_farmland_m2"]) == pytest.approx(10000, abs=1)
    export = client.get(reverse("patches:batch-export", args=[batch.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    last = rows[-1]
    assert last[2:5] == (3, 1, 0) and last[5] == 1 and last[10] == pytest.approx(1.0)
    villages = {row[1]: row[2] for row in rows[1:-2]}
    assert villages == {territory.village_a.name: 1, territory.village_b.name: 1, "不在任何村界内（镇收件箱）": 1}
    assert {p.number for p in page.context["page"]} == {"A", "B", "C"}
