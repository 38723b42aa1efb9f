"""Writes about a patient's account: creating the record and inviting them."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from clinic.errors import StateConflict
from clinic.models import Membership, User
from patients.models import Assessment, Patient, Prescription, PrescriptionStatus
from patients.services.portal import portal_changed


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time, expiring invitation links: setting a password invalidates the link."""

    key_salt = "patients.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def check_therapist(clinic_id: int, therapist: User) -> None:
    """A primary therapist must be staff of the patient's clinic."""
    if not Membership.objects.filter(user=therapist, clinic_id=clinic_id).exists():
        raise ValidationError({"primary_therapist": _("Choose a therapist of this clinic.")})


@transaction.atomic
def create_patient(
    *,
    clinic_id: int,
    email: str,
    first_name: str,
    last_name: str,
    primary_therapist: User,
    password: str | None = None,
    **details,
) -> Patient:
    """Create a patient's account and profile. Without a password the account waits for an
    invitation."""
    check_therapist(clinic_id, primary_therapist)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email already exists.")})
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    return Patient.objects.create(
        clinic_id=clinic_id, user=user, primary_therapist=primary_therapist, **details
    )


def invitation_url(patient: Patient, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(patient.user.pk))
    token = invitation_tokens.make_token(patient.user)
    return base_url + reverse("patients:accept_invitation", args=[uid, token])


def send_invitation(*, patient: Patient, by: User, base_url: str) -> str:
    """Email the patient a one-time link to set their password; returns the link.

    Only once the patient has a program (active or paused) to open: the email names it and
    their therapist.
    """
    if by is not None and not Patient.objects.editable_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    program = (
        Prescription.objects.filter(patient=patient)
        .exclude(status=PrescriptionStatus.COMPLETED)
        .select_related("therapist")
        .order_by("-start_date", "-id")
        .first()
    )
    if program is None:
        raise StateConflict(
            {"invitation": _("Prescribe a program first: the invitation opens it.")}
        )
    url = invitation_url(patient, base_url)
    context = {
        "patient": patient,
        "url": url,
        "clinic": patient.clinic,
        "program": program,
        "therapist": program.therapist,
    }
    send_mail(
        subject=render_to_string("emails/invitation_subject.txt", context, using="text").strip(),
        message=render_to_string("emails/invitation.txt", context, using="text"),
        html_message=render_to_string("emails/invitation.html", context),
        from_email=None,
        recipient_list=[patient.user.email],
    )
    patient.invited_at = timezone.now()
    patient.save(update_fields=["invited_at"])
    return url


@transaction.atomic
def record_assessment(*, assessment: Assessment, patient: Patient, by: User) -> Assessment:
    """Save a new assessment of the patient by ``by`` (the dashboard's baseline changes)."""
    if not Patient.objects.editable_by(by).filter(pk=patient.pk).exists():
        raise PermissionDenied
    assessment.patient = patient
    assessment.clinic_id = patient.clinic_id
    assessment.therapist = by
    if assessment.consent_given and assessment.consent_given_at is None:
        assessment.consent_given_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    portal_changed(patient_id=patient.pk)
    return assessment
