"""Authentication hardening, headers, and the production deploy check."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.api_fixtures import api_client
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def sign_in(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_deploy_check_is_clean_with_production_settings():
    # A clean production environment: nothing the test run itself set.
    unset = {
        "DEBUG",
        "DJANGO_SETTINGS_MODULE",
        "SECURE_SSL_REDIRECT",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="false",
        SECRET_KEY="p" * 30 + "roduction-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="hep.clinic.example",
        DJANGO_SETTINGS_MODULE="clinic.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_a_strict_content_security_policy_and_frame_headers(client, north):
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:today"))
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_page_carries_an_inline_script(client, north, north_program):
    pages = [
        (north.patient.user, reverse("patients:today")),
        (north.patient.user, reverse("patients:progress")),
        (north.patient.user, reverse("patients:log_session")),
        (north.patient.user, reverse("patients:exercise", args=[north_program.stretch.pk])),
        (north.therapist, reverse("staff:caseload")),
        (north.therapist, reverse("staff:patient", args=[north.patient.pk])),
        (north.manager, reverse("staff:report")),
        (north.therapist, "/api/v1/docs/"),
        (north.manager, "/admin/"),
        (north.manager, "/admin/patients/patient/"),
        (north.manager, f"/admin/patients/patient/{north.patient.pk}/change/"),
    ]
    for user, url in pages:
        client.force_login(user)
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


def test_authenticated_answers_are_never_cached(client, north):
    client.force_login(north.patient.user)
    assert "no-store" in client.get(reverse("patients:today"))["Cache-Control"]
    assert "no-store" in api_client(north.therapist).get("/api/v1/me/")["Cache-Control"]


def test_login_errors_do_not_reveal_whether_an_account_exists(client, north):
    unknown = sign_in(client, "nobody@example.test", "wrong-password", ip="10.0.0.7")
    wrong = sign_in(client, north.patient.user.email, "wrong-password", ip="10.0.0.8")
    assert unknown.status_code == wrong.status_code == 200
    message = "That email and password do not match"
    assert message in unknown.content.decode() and message in wrong.content.decode()


def test_repeated_failures_lock_that_account_from_that_address_for_a_while(client, north):
    email = north.patient.user.email
    for _ in range(5):
        sign_in(client, email, "wrong-password")
    locked = sign_in(client, email)
    assert locked.status_code in (403, 429)
    assert "Too many sign-in attempts" in locked.content.decode()
    assert sign_in(client, email, ip="10.9.9.9").status_code == 302  # another address
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, email).status_code == 302  # a cool-off, not a permanent lock


def test_the_token_endpoint_is_protected_against_brute_force(north):
    client = api_client()
    body = {"email": north.therapist.email, "password": "wrong"}
    for _ in range(5):
        client.post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR="10.0.0.2")
    right = {"email": north.therapist.email, "password": PASSWORD}
    response = client.post("/api/v1/auth/token/", right, format="json", REMOTE_ADDR="10.0.0.2")
    assert response.status_code in (403, 429)


def test_the_session_id_changes_at_sign_in_and_logout_ends_it(client, north):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, north.patient.user.email)
    after = client.session.session_key
    assert after and after != before
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=after).exists()


def test_a_password_change_or_deactivation_ends_other_sessions(client, north):
    sign_in(client, north.patient.user.email)
    assert client.get(reverse("patients:today")).status_code == 200
    user = north.patient.user
    user.set_password("A-new-Password-42")
    user.save()
    assert client.get(reverse("patients:today")).status_code == 302
    sign_in(client, north.therapist.email)
    north.therapist.is_active = False
    north.therapist.save()
    assert client.get(reverse("staff:caseload")).status_code == 302


def test_staff_are_signed_out_after_idle_time_and_after_twelve_hours(client, north, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(north.therapist)
        assert client.get(reverse("staff:caseload")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=settings.STAFF_IDLE_MINUTES + 1)):
        assert client.get(reverse("staff:caseload")).status_code == 302
    with time_machine.travel(start, tick=False):
        client.force_login(north.therapist)
        client.get(reverse("staff:caseload"))
    moment = start
    for _ in range(int(settings.STAFF_SESSION_MAX_MINUTES / 20)):
        moment += timedelta(minutes=20)
        with time_machine.travel(moment, tick=False):
            client.get(reverse("staff:caseload"))
    with time_machine.travel(moment + timedelta(minutes=20), tick=False):
        assert client.get(reverse("staff:caseload")).status_code == 302


def test_patients_are_not_signed_out_after_thirty_idle_minutes(client, north):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(north.patient.user)
        client.get(reverse("patients:today"))
    with time_machine.travel(start + timedelta(hours=3)):
        assert client.get(reverse("patients:today")).status_code == 200


def test_password_reset_by_email(client, north):
    client.post(reverse("password_reset"), {"email": north.patient.user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Calm-River-Stone-9", "new_password2": "Calm-River-Stone-9"},
    )
    assert response.status_code == 302
    assert sign_in(client, north.patient.user.email, "Calm-River-Stone-9").status_code == 302
