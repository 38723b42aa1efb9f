"""Audit rows keep which list was read (its filters, never typed text), and callers who are
not signed in cannot grow the append-only table without limit."""

from django.urls import reverse

from clinic import audit
from clinic.models import AuditAction, AuditEvent
from tests.api_fixtures import api_client


def test_a_list_read_keeps_its_filters_and_masks_typed_text(north):
    client = api_client(north.therapist)
    client.get("/api/v1/assessments/", {"patient": north.patient.pk})
    client.get("/api/v1/patients/", {"search": "Silva", "ordering": "invited_at"})
    paths = list(
        AuditEvent.objects.filter(action=AuditAction.READ)
        .order_by("id")
        .values_list("path", flat=True)
    )
    assert paths == [
        f"/api/v1/assessments/?patient={north.patient.pk}",
        "/api/v1/patients/?search=(text)&ordering=invited_at",
    ]


def test_refusals_of_callers_not_signed_in_are_recorded_up_to_a_limit_per_address(db):
    limit = audit.ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE
    for _ in range(limit + 10):
        api_client().get("/api/v1/patients/", REMOTE_ADDR="10.3.3.3")
    api_client().get("/api/v1/patients/", REMOTE_ADDR="10.4.4.4")
    denied = AuditEvent.objects.filter(action=AuditAction.DENIED)
    assert denied.filter(ip="10.3.3.3").count() == limit
    assert denied.filter(ip="10.4.4.4").count() == 1


def test_failed_sign_ins_are_recorded_up_to_the_same_limit(client, db):
    limit = audit.ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE
    for n in range(limit + 5):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}@example.com", "password": "x"},
            REMOTE_ADDR="10.5.5.5",
        )
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == limit


def test_signed_in_refusals_are_always_recorded(north, south):
    client = api_client(north.therapist)
    for _ in range(audit.ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE + 5):
        client.get(f"/api/v1/patients/{south.patient.pk}/")
    expected = audit.ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE + 5
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == expected
