"""Password reset cannot be used to flood a mailbox or the mail server."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone


def ask(client, email, ip="10.1.1.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_many_requests_for_one_account_send_one_email_until_the_wait_is_over(
    client, north, settings
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(13):
            assert ask(client, north.patient.user.email.upper()).status_code == 302
    assert len(mail.outbox) == 1
    later = start + timedelta(minutes=settings.PASSWORD_RESET_EMAIL_MINUTES, seconds=1)
    with time_machine.travel(later, tick=False):
        ask(client, north.patient.user.email)
    assert len(mail.outbox) == 2


def test_one_address_asking_for_many_accounts_is_stopped(client, north, settings):
    settings.PASSWORD_RESET_PER_HOUR = 3
    for n in range(3):
        assert ask(client, f"someone{n}@example.com").status_code == 302
    refused = ask(client, north.patient.user.email)
    assert refused.status_code == 429
    assert len(mail.outbox) == 0
    assert ask(client, north.patient.user.email, ip="10.2.2.2").status_code == 302
    assert len(mail.outbox) == 1
