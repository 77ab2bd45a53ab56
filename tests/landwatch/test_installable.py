"""The installable field app (issue 24): its manifest, service worker and offline page."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_and_its_icons(client):
    answer = client.get(reverse("manifest"))
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    assert manifest["name"] == "土地监察整改管理系统" and manifest["short_name"] == "土地监察"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"} and any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        found = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        with Image.open(found) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"], icon["src"]


def test_the_service_worker_is_served_from_the_root_and_keeps_the_shell_and_the_log_form(client, office):
    answer = client.get("/sw.js")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/javascript")
    assert answer["Service-Worker-Allowed"] == "/" and "no-cache" in answer["Cache-Control"]
    body = answer.content.decode()
    assert static("landwatch/offline.js") in body and static("patrols/patrol_form.js") in body
    assert '"^/patrols/logs/new/"' in body and '"^/cases/\\\\d+/records/new/"' in body and '"/offline/"' in body
    # Nothing of a user in it: the same worker for everyone, logged in or not.
    client.force_login(office)
    assert client.get("/sw.js").content.decode() == body


def test_every_logged_in_page_links_the_manifest_and_loads_the_queue(client, office):
    client.force_login(office)
    page = client.get("/").content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in page
    assert static("landwatch/offline.js") in page and 'data-user="office"' in page and "data-queue-panel" in page


def test_the_session_answer_says_who_is_logged_in_and_sets_the_csrf_cookie(client, office):
    assert client.get(reverse("session")).status_code == 302  # to the login page
    client.force_login(office)
    answer = client.get(reverse("session"))
    assert answer.json() == {"user": "office"} and "csrftoken" in answer.cookies


def test_the_offline_page_needs_no_login_and_offers_the_kept_form(client):
    page = client.get(reverse("offline")).content.decode()
    assert "无网络信号" in page and reverse("patrols:log-create") in page and "data-queue-panel" in page
