"""The sign-in lockout and rate limits: keyed on the account and the client's real address,
and impossible to turn into a way of locking someone else out."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.models import AuditAction, AuditEvent
from tests.api_fixtures import api_client
from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"


def sign_in(client, email, password=PASSWORD, **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return client.post(reverse("login"), {"username": email, "password": password}, **meta)


def test_every_spelling_of_an_email_counts_toward_one_lockout(client, north):
    email = north.patient.user.email
    local, domain = email.split("@")
    spellings = [email, email.upper(), local.title() + "@" + domain, " " + email, email.swapcase()]
    for spelling in spellings:
        sign_in(client, spelling, "wrong-password")
    assert sign_in(client, email).status_code == 429
    mixed = local.swapcase() + "@" + domain
    token = api_client().post(
        TOKEN, {"email": mixed, "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.1"
    )
    assert token.status_code == 429
    assert "token" not in token.content.decode()


def test_behind_a_proxy_one_client_cannot_lock_out_another(client, north, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    email = north.patient.user.email
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    for index in range(5):
        # Whatever the attacker writes in front, the proxy appends the address it saw.
        spoof = f"198.51.100.{index}, 203.0.113.5"
        sign_in(client, email, "wrong-password", HTTP_X_FORWARDED_FOR=spoof, **proxy)
    assert sign_in(client, email, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    owner = sign_in(client, email, HTTP_X_FORWARDED_FOR="192.0.2.44", **proxy)
    assert owner.status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {"203.0.113.5"}
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).ip == "192.0.2.44"


def test_a_new_forwarded_for_on_each_request_does_not_reset_the_token_rate_limit(north):
    client = api_client()
    answers = [
        client.post(
            TOKEN,
            {"email": f"nobody{index}@example.test", "password": "wrong"},
            format="json",
            REMOTE_ADDR="10.0.0.3",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index}",
        ).status_code
        for index in range(11)
    ]
    assert answers[:10] == [401] * 10
    assert answers[10] == 429


def guess_twenty_times(client, email, first_address):
    for address in range(first_address, first_address + 4):
        for _ in range(5):
            sign_in(client, email, "wrong", REMOTE_ADDR=f"203.0.113.{address}")


def test_many_addresses_slow_an_account_and_never_lock_it(client, north):
    attacker = Client()
    email = north.patient.user.email
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        guess_twenty_times(attacker, email, 0)  # the account's ceiling
        assert sign_in(attacker, email, "wrong", REMOTE_ADDR="203.0.113.50").status_code == 200
        # The account now takes one attempt per interval, from any address ...
        assert sign_in(client, email, REMOTE_ADDR="192.0.2.9").status_code == 429
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        # ... and is never locked: after the interval the right password works.
        assert sign_in(client, email, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_the_emailed_unlock_link_lets_the_owner_past_the_slow_down(client, north):
    attacker = Client()
    email = north.patient.user.email
    guess_twenty_times(attacker, email, 0)
    sent = [message for message in mail.outbox if message.to == [email]]
    assert len(sent) == 1  # once per cool-off, however many attempts
    link = re.search(r"https?://\S+/accounts/unlock/\S+/", sent[0].body).group(0)
    client.get(urlsplit(link).path)
    guess_twenty_times(attacker, email, 10)  # the guesser goes on
    assert sign_in(attacker, email, "wrong", REMOTE_ADDR="203.0.113.50").status_code == 200
    # The owner's browser followed the link: it does not wait behind the guesser.
    assert sign_in(client, email, REMOTE_ADDR="192.0.2.10").status_code == 302
    assert sign_in(Client(), email, REMOTE_ADDR="192.0.2.11").status_code == 429


def test_a_lockout_emails_the_owner_but_not_an_address_without_an_account(client, north):
    for _ in range(6):
        sign_in(client, north.therapist.email, "wrong")
        sign_in(client, "nobody@example.test", "wrong")
    assert [message.to for message in mail.outbox] == [[north.therapist.email]]


def test_a_tampered_unlock_link_does_nothing(client, north):
    response = client.get(reverse("signin_unlock", args=["not-a-real-token"]), follow=True)
    assert "That link has expired or is not valid" in response.content.decode()
    assert "signin_trusted" not in response.cookies


def test_a_held_sign_in_on_the_token_endpoint_is_a_json_429_with_retry_after(north, settings):
    client = api_client()
    wrong = {"email": north.therapist.email, "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", wrong, format="json")
    right = {"email": north.therapist.email, "password": PASSWORD}
    response = client.post("/api/v1/auth/token/", right, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


def test_a_held_sign_in_page_says_when_to_retry(client, north, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": north.patient.user.email, "password": "x"})
    page = client.post(reverse("login"), {"username": north.patient.user.email, "password": "x"})
    assert page.status_code == 429 and "Too many sign-in attempts" in page.content.decode()
    assert page["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
