"""The adherence ledger: one row per scheduled day, derived from sessions."""

from django.db import models

from clinic.models import Clinic
from clinic.personal_data import Holds, PersonalData
from clinic.tenancy import ClinicScopedQuerySet
from patients.models.patient import Patient
from patients.models.prescription import PrescribedPhase, Prescription


class AdherenceDayQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class AdherenceDay(models.Model):
    """A scheduled day of a prescription and whether it was completed: the adherence ledger.

    Derived data, rebuilt from the schedule and the session logs by
    ``patients.reporting.ledger.sync_ledger`` whenever either changes, so clinic reports can add
    adherence up in SQL instead of replaying every patient's schedule.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="adherence_days"
    )
    day = models.DateField()
    completed = models.BooleanField(default=False)

    objects = AdherenceDayQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Derived from the sessions (exported there): scheduled days and whether done.",
        rows="patient",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prescription", "day"], name="adherence_day_unique")
        ]
        indexes = [models.Index(fields=["clinic", "day"])]

    def __str__(self) -> str:
        return f"{self.prescription_id} {self.day} {'done' if self.completed else 'missed'}"


class ProgramStandingQuerySet(ClinicScopedQuerySet):
    patient_path = "patient_id"


class ProgramStanding(models.Model):
    """Whether a program's current phase is ready to advance, as of a day: derived data.

    Written with the ledger (``patients.reporting.ledger.sync_ledger``) whenever sessions or
    the plan change, and nightly; the caseload reads it instead of replaying every
    patient's sessions. A row of another day or phase is stale and recomputed when read.
    """

    prescription = models.OneToOneField(
        Prescription, on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    phase = models.ForeignKey(
        PrescribedPhase, on_delete=models.CASCADE, null=True, related_name="+"
    )
    as_of = models.DateField()
    ready = models.BooleanField(default=False)

    objects = ProgramStandingQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Derived from the sessions (exported there): whether the phase is ready to advance.",
        rows="patient",
    )

    def __str__(self) -> str:
        return f"{self.prescription_id} {self.as_of} {'ready' if self.ready else 'not ready'}"
