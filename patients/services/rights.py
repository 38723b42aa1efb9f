"""Patient rights: a copy of all their data, and anonymisation after they close their account."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from clinic.audit import record
from clinic.models import AuditAction, User
from clinic.tenancy import viewer_for
from patients.models import (
    Alert,
    Assessment,
    ExerciseLog,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    SessionLog,
)
from patients.services import events
from programs.models import DOSE_FIELDS

REMOVED = "[removed]"


def _rows(queryset, fields):
    return [
        {field: _plain(value) for field, value in row.items()} for row in queryset.values(*fields)
    ]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def export_patient_data(patient: Patient) -> dict:
    """Everything the platform holds about one patient, as plain JSON-ready data."""
    prescriptions = Prescription.objects.filter(patient=patient)
    sessions = SessionLog.objects.filter(patient=patient).order_by("performed_on", "logged_at")
    return {
        "exported_at": timezone.now().isoformat(),
        "patient": {
            "email": patient.user.email,
            "first_name": patient.user.first_name,
            "last_name": patient.user.last_name,
            "date_of_birth": _plain(patient.date_of_birth),
            "phone": patient.phone,
            "clinic": patient.clinic.name,
            "primary_therapist": str(patient.primary_therapist),
        },
        "assessments": _rows(
            Assessment.objects.filter(patient=patient),
            [f.name for f in Assessment._meta.fields if f.name not in ("clinic", "patient")],
        ),
        "prescriptions": _rows(
            prescriptions, ["id", "name", "start_date", "status", "current_phase", "created_at"]
        ),
        "phases": _rows(
            PrescribedPhase.objects.filter(prescription__in=prescriptions),
            ["id", "prescription", "order", "name", "week_start", "week_end", "started_on"],
        ),
        "prescribed_exercises": _rows(
            PrescribedExercise.objects.filter(phase__prescription__in=prescriptions),
            ["id", "phase", "exercise__name", "order", *DOSE_FIELDS],
        ),
        "program_history": _rows(
            PrescriptionChange.objects.filter(prescription__in=prescriptions),
            ["prescription", "changed_at", "summary"],
        ),
        "sessions": _rows(
            sessions,
            [
                "id",
                "prescription",
                "performed_on",
                "logged_at",
                "pain_before",
                "pain_after",
                "effort",
                "symptoms",
                "red_flag",
                "note",
            ],
        ),
        "exercise_logs": _rows(
            ExerciseLog.objects.filter(session__patient=patient),
            [
                "session",
                "prescribed_exercise",
                "done",
                "sets_done",
                "reps_done",
                "hold_seconds_done",
                "good_form",
                "painful",
            ],
        ),
        "alerts": _rows(
            Alert.objects.filter(patient=patient),
            ["kind", "code", "params", "message", "raised_at", "acknowledged_at"],
        ),
    }


def request_closure(*, patient: Patient) -> Patient:
    """The patient asks to close their account: reminders stop, the manager is told."""
    Patient.objects.filter(pk=patient.pk, closure_requested_at__isnull=True).update(
        closure_requested_at=timezone.now(), reminders_enabled=False
    )
    patient.refresh_from_db()
    return patient


@transaction.atomic
def anonymise_patient(*, patient: Patient, by: User) -> Patient:
    """Remove everything that identifies the patient; keep de-identified logs for statistics.

    Names, contact details, free-text notes and findings go; dates of sessions, pain
    scores, doses and adherence stay, attached to an anonymous, closed account.
    """
    viewer = viewer_for(by)
    if not (viewer.is_superuser or (viewer.is_manager and viewer.clinic_id == patient.clinic_id)):
        raise PermissionDenied(_("Only the clinic's manager can anonymise a patient."))
    patient = Patient.objects.select_for_update().select_related("user").get(pk=patient.pk)
    if patient.user.email.endswith("@anonymised.invalid"):
        raise ValidationError(_("This patient is already anonymised."))
    user = patient.user
    user.email = f"{uuid.uuid4().hex}@anonymised.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    Token.objects.filter(user=user).delete()
    patient.date_of_birth = None
    patient.phone = ""
    patient.is_active = False
    patient.save(update_fields=["date_of_birth", "phone", "is_active"])
    SessionLog.objects.filter(patient=patient).exclude(note="").update(note=REMOVED)
    Assessment.objects.filter(patient=patient).update(
        problem_areas=REMOVED,
        findings=REMOVED,
        red_flag_notes="",
        plan=REMOVED,
        consent_given_by=REMOVED,
    )
    events.patient_anonymised.send(sender=Patient, patient_id=patient.pk)
    record(
        AuditAction.UPDATE,
        object_type="patients.patient:anonymised",
        object_id=patient.pk,
        clinic_id=patient.clinic_id,
    )
    return patient
