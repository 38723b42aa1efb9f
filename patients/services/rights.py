"""Patient rights: a copy of all their data, and anonymisation after they close their account."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import personal_data
from clinic.audit import record
from clinic.models import AuditAction, User
from clinic.personal_data import DELETE, Holds
from clinic.tenancy import viewer_for
from patients.models import Patient
from patients.services import events


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _patient_data():
    """The register's entries that hold patient data, with their models."""
    return [
        (model, declaration)
        for model, declaration in personal_data.declared_models()
        if declaration.holds is Holds.PATIENT
    ]


def export_patient_data(patient: Patient) -> dict:
    """Everything the platform holds about one patient, as plain JSON-ready data.

    Each section is a model the personal-data register (clinic.personal_data) declares as
    exported, with the fields it names: a new model is in the export once it declares so.
    """
    data = {"exported_at": timezone.now().isoformat()}
    for model, declaration in _patient_data():
        fields = declaration.export_fields
        if not fields:
            continue
        rows = [
            {key: _plain(row[lookup]) for key, lookup in fields.items()}
            for row in declaration.rows_of(model, patient).values(*fields.values())
        ]
        section = declaration.section or model._meta.model_name
        data[section] = (rows[0] if rows else {}) if declaration.single else rows
    return data


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

    What happens to each model's rows is declared in the personal-data register
    (clinic.personal_data): names, contact details, free text and sign-in records go;
    dates of sessions, pain scores, doses and adherence stay, attached to an anonymous,
    closed account. Audit rows hold only ids and stay as they are (append-only).
    """
    viewer = viewer_for(by)
    if not (viewer.is_superuser or (viewer.is_manager and viewer.clinic_id == patient.clinic_id)):
        raise PermissionDenied(_("Only the clinic's manager can anonymise a patient."))
    patient = Patient.objects.select_for_update().select_related("user").get(pk=patient.pk)
    if patient.user.email.endswith(personal_data.ANONYMISED_DOMAIN):
        raise ValidationError(_("This patient is already anonymised."))
    # Find every model's rows first: some are found through what anonymising changes (the
    # sign-in logs through the email, the admin log through rows that are deleted).
    found = [
        (model, declaration, list(declaration.rows_of(model, patient).values_list("pk", flat=True)))
        for model, declaration in _patient_data()
        if declaration.anonymise is not personal_data.KEEP
    ]
    for model, declaration, pks in found:
        _anonymise_rows(model._base_manager.filter(pk__in=pks), declaration.anonymise)
    events.patient_anonymised.send(sender=Patient, patient_id=patient.pk)
    record(
        AuditAction.UPDATE,
        object_type="patients.patient:anonymised",
        object_id=patient.pk,
        clinic_id=patient.clinic_id,
    )
    return Patient.objects.select_related("user").get(pk=patient.pk)


def _anonymise_rows(rows, treatment) -> None:
    """Apply one model's declared treatment (DELETE, or field replacements) to its rows."""
    if treatment is DELETE:
        rows.delete()
        return
    fixed = {name: value for name, value in treatment.items() if not callable(value)}
    computed = {name: value for name, value in treatment.items() if callable(value)}
    if fixed:
        rows.update(**fixed)
    if computed:
        for row in rows.values("pk", *computed):
            rows.filter(pk=row["pk"]).update(
                **{name: change(row[name]) for name, change in computed.items()}
            )
