"""API tokens end: by time (staff sooner, and when idle), by sign-out, by a password change
and by enrolling a second factor; each sign-in issues a new one."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from tests.api_fixtures import api_client
from tests.clinic.test_two_factor import code_for, follow_emailed_setup_link
from tests.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/me/"


def sign_in(user, **extra):
    response = api_client().post(
        TOKEN_URL, {"email": user.email, "password": PASSWORD, **extra}, format="json"
    )
    assert response.status_code == 200, response.content
    return response


def me(key):
    return api_client().get(ME_URL, HTTP_AUTHORIZATION=f"Token {key}")


def test_each_sign_in_issues_a_new_token_and_both_work(north):
    first = sign_in(north.patient.user).json()["token"]
    second = sign_in(north.patient.user).json()["token"]
    assert first != second
    assert me(first).status_code == 200 and me(second).status_code == 200


def test_the_token_answer_is_never_cached(north):
    response = sign_in(north.patient.user)
    assert "no-store" in response["Cache-Control"]


def test_sign_out_ends_the_token_it_is_sent_with_only(north):
    key = sign_in(north.patient.user).json()["token"]
    other = sign_in(north.patient.user).json()["token"]
    response = api_client().delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204
    assert me(key).status_code == 401
    assert me(other).status_code == 200
    again = api_client().delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert again.status_code == 401 and again.json()["detail"]


def test_sign_out_without_a_token_is_401(north):
    assert api_client().delete(TOKEN_URL).status_code == 401


def test_a_patient_token_lasts_the_patient_lifetime(north, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = sign_in(north.patient.user).json()["token"]
    days = settings.API_TOKEN_PATIENT_DAYS
    with time_machine.travel(start + timedelta(days=days) - timedelta(minutes=1), tick=False):
        assert me(key).status_code == 200
    with time_machine.travel(start + timedelta(days=days, minutes=1), tick=False):
        assert me(key).status_code == 401


def test_the_lifetimes_are_settings(north, settings):
    settings.API_TOKEN_PATIENT_DAYS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = sign_in(north.patient.user).json()["token"]
    with time_machine.travel(start + timedelta(days=2, minutes=1), tick=False):
        assert me(key).status_code == 401


def test_a_staff_token_ends_when_idle_and_after_its_hours_however_used(north, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = sign_in(north.therapist).json()["token"]
        assert AuthToken.objects.get().expiry == start + timedelta(
            minutes=settings.STAFF_IDLE_MINUTES
        )
    moment = start
    step = timedelta(minutes=settings.STAFF_IDLE_MINUTES - 5)
    while moment + step < start + timedelta(hours=settings.API_TOKEN_STAFF_HOURS):
        moment += step
        with time_machine.travel(moment, tick=False):
            assert me(key).status_code == 200  # used in time: still good
    with time_machine.travel(
        start + timedelta(hours=settings.API_TOKEN_STAFF_HOURS, minutes=1), tick=False
    ):
        assert me(key).status_code == 401
    with time_machine.travel(start, tick=False):
        idle_key = sign_in(north.therapist).json()["token"]
    with time_machine.travel(start + timedelta(minutes=settings.STAFF_IDLE_MINUTES + 1)):
        assert me(idle_key).status_code == 401


def test_a_password_change_ends_every_token_of_the_account(north):
    key = sign_in(north.patient.user).json()["token"]
    bystander = sign_in(north.other_patient.user).json()["token"]
    user = north.patient.user
    user.set_password("A-new-Password-42")
    user.save()
    assert me(key).status_code == 401
    assert me(bystander).status_code == 200


def test_a_password_reset_by_email_ends_the_tokens(client, north):
    key = sign_in(north.patient.user).json()["token"]
    client.post(reverse("password_reset"), {"email": north.patient.user.email})
    link = next(w for w in mail.outbox[0].body.split() if "/accounts/password/reset/" in w)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Calm-River-Stone-9", "new_password2": "Calm-River-Stone-9"},
    )
    assert me(key).status_code == 401


def test_enrolling_a_second_factor_ends_the_tokens_issued_without_it(client, north):
    key = sign_in(north.therapist).json()["token"]
    assert me(key).status_code == 200
    client.force_login(north.therapist)
    follow_emailed_setup_link(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=north.therapist)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert me(key).status_code == 401
    assert (
        api_client().get("/api/v1/patients/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    )


def test_a_deactivated_account_token_is_refused(north):
    key = sign_in(north.therapist).json()["token"]
    north.therapist.is_active = False
    north.therapist.save()
    assert me(key).status_code == 401


def test_a_token_costs_one_query_per_request(north):
    key = sign_in(north.therapist).json()["token"]
    me(key)  # the once-a-minute renewal of the staff expiry is done
    with CaptureQueriesContext(connection) as queries:
        assert me(key).status_code == 200
    token_queries = [q["sql"] for q in queries.captured_queries if "knox_authtoken" in q["sql"]]
    assert len(token_queries) == 1  # the token with its user (knox would also read the others)
