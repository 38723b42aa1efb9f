"""The clinical models, one module per part of the record; imported here so the app
label `patients` and its migrations stay as they were."""

from patients.models.adherence import (
    AdherenceDay,
    AdherenceDayQuerySet,
    ProgramStanding,
    ProgramStandingQuerySet,
)
from patients.models.alerts import (
    Alert,
    AlertDigest,
    AlertKind,
    AlertQuerySet,
    DigestQuerySet,
)
from patients.models.base import (
    PAIN_VALIDATORS,
    pain_range,
)
from patients.models.clearance import Clearance, ClearanceQuerySet
from patients.models.conditions import (
    CautionOverride,
    CautionOverrideQuerySet,
    Condition,
    PatientCondition,
    PatientConditionQuerySet,
)
from patients.models.engagement import (
    CheckInQuerySet,
    ProgramNotice,
    ProgramNoticeQuerySet,
    Reminder,
    ReminderKind,
    ReminderOutcome,
    ReminderQuerySet,
    WeeklyCheckIn,
)
from patients.models.micro_breaks import MicroBreakLog, MicroBreakLogQuerySet
from patients.models.patient import (
    Assessment,
    AssessmentMode,
    AssessmentQuerySet,
    Patient,
    PatientQuerySet,
)
from patients.models.prescription import (
    PrescribedExercise,
    PrescribedExerciseQuerySet,
    PrescribedPhase,
    PrescribedPhaseQuerySet,
    Prescription,
    PrescriptionChange,
    PrescriptionChangeQuerySet,
    PrescriptionQuerySet,
    PrescriptionStatus,
    StopReason,
)
from patients.models.sessions import (
    ExerciseLog,
    ExerciseLogQuerySet,
    PainCheckReason,
    SessionLog,
    SessionLogQuerySet,
    Symptom,
)

__all__ = [
    "ProgramStanding",
    "ProgramStandingQuerySet",
    "PAIN_VALIDATORS",
    "pain_range",
    "PatientQuerySet",
    "Patient",
    "AssessmentMode",
    "Clearance",
    "ClearanceQuerySet",
    "AssessmentQuerySet",
    "Assessment",
    "PrescriptionStatus",
    "StopReason",
    "PrescriptionQuerySet",
    "Prescription",
    "PrescribedPhaseQuerySet",
    "PrescribedPhase",
    "PrescribedExerciseQuerySet",
    "PrescribedExercise",
    "PrescriptionChangeQuerySet",
    "PrescriptionChange",
    "Symptom",
    "PainCheckReason",
    "SessionLogQuerySet",
    "SessionLog",
    "ExerciseLogQuerySet",
    "ExerciseLog",
    "AlertKind",
    "AlertQuerySet",
    "Alert",
    "DigestQuerySet",
    "AlertDigest",
    "AdherenceDayQuerySet",
    "AdherenceDay",
    "ReminderKind",
    "ReminderOutcome",
    "ReminderQuerySet",
    "Reminder",
    "ProgramNoticeQuerySet",
    "ProgramNotice",
    "CheckInQuerySet",
    "WeeklyCheckIn",
    "Condition",
    "PatientConditionQuerySet",
    "PatientCondition",
    "CautionOverrideQuerySet",
    "CautionOverride",
    "MicroBreakLogQuerySet",
    "MicroBreakLog",
]
