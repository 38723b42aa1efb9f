"""The patient app installs: a manifest with drawn icons, a service worker at the root."""

import struct

import pytest
from django.urls import reverse

from clinic.app_icons import ICON_SIZES


def test_the_manifest_names_the_app_its_start_page_and_its_icons(client, db):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == reverse("patients:today")
    assert manifest["display"] == "standalone"
    assert manifest["short_name"] and manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_icon_is_a_png_of_its_size(client, db, size):
    response = client.get(reverse("app_icon", args=[size]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    body = response.content
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", body[16:24])
    assert (width, height) == (size, size)


def test_an_icon_of_another_size_is_not_found(client, db):
    assert client.get("/icons/app-64.png").status_code == 404


def test_the_service_worker_is_served_from_the_root_and_never_kept_stale(client, db):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert '"logUrl": "/log/"' in script and "/static/js/outbox.js" in script


def test_every_patient_page_links_the_manifest(client, north):
    client.force_login(north.patient.user)
    page = client.get(reverse("patients:today")).content.decode()
    assert f'rel="manifest" href="{reverse("manifest")}"' in page
    assert 'id="offline-status"' in page


def test_a_copy_fetched_to_keep_offline_leaves_the_one_time_messages(client, north):
    client.force_login(north.patient.user)
    client.post(reverse("patients:close_account"))  # refused: a one-time message waits
    kept = client.get(reverse("patients:today"), headers={"X-Offline": "keep"})
    assert "Tick the box" not in kept.content.decode()
    shown = client.get(reverse("patients:today"))
    assert "Tick the box" in shown.content.decode()
