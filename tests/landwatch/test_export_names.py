"""Every export downloads under a Chinese name without spaces (issue #27, point 3).

The report came as "…-summary report.xlsx" (an untranslated word, and a space), the ledger
as "ledger-20261204.xlsx", the evidence file as "2022-017-evidence.zip". Each name is now
made by ``landwatch.exports.export_filename`` and sent through ``landwatch.downloads``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from landwatch.exports import export_filename
from tests.factories import ViolationCaseFactory
from tests.factories.campaigns import campaign_with_phases

pytestmark = pytest.mark.django_db


def saved_name(response) -> str:
    """The name a browser saves the download under (RFC 6266: ``filename*`` wins)."""
    header = response["Content-Disposition"]
    match = re.search(r"filename\*=utf-8''([^;]+)", header)
    if match:
        return unquote(match.group(1))
    return re.search(r'filename="([^"]+)"', header).group(1)


def test_an_export_name_has_no_space_and_keeps_typed_words_apart():
    assert export_filename("2022年 百日 行动", "整改工作材料", suffix=".xlsx") == "2022年_百日_行动-整改工作材料.xlsx"
    assert export_filename("", "台账", "20261204", suffix=".xlsx") == "台账-20261204.xlsx"
    assert export_filename("a/b:c", suffix=".zip") == "a_b_c.zip"


@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("office", lambda w: reverse("documents:ledger"),
         lambda w: f"土地违法案件台账-{timezone.localdate():%Y%m%d}.xlsx"),
        ("office", lambda w: reverse("documents:import-template"), lambda w: "排摸清单模板.xlsx"),
        ("leader", lambda w: reverse("campaigns:report-xlsx", args=[w.campaign.pk]),
         lambda w: "2022年_土地专项整治-整改工作材料.xlsx"),
        ("office", lambda w: reverse("documents:evidence", args=[w.case.pk]), lambda w: f"{w.case.number}-证据卷.zip"),
    ],
    ids=["ledger", "survey-template", "campaign-report", "evidence-file"],
)
def test_every_export_downloads_under_a_chinese_name_without_spaces(client, request, territory, office, who, url,
                                                                      expected):
    campaign = campaign_with_phases(territory.township, name="2022年 土地专项整治")
    case = ViolationCaseFactory(village=territory.village_a, campaign=campaign, created_by=office)
    world = type("World", (), {"campaign": campaign, "case": case})
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(world))
    assert response.status_code == 200
    name = saved_name(response)
    assert name == expected(world)
    assert " " not in name and not re.search(r"[A-Za-z]{3,}", name.rsplit(".", 1)[0]), name
