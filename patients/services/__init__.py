"""Every write about patients, one transaction each, used by admin, pages and the API.

Callers write ``services.log_session(...)``; the modules below say where each lives.
"""

from patients.services.alerts import (
    acknowledge_alert,
    assessment_recorded,
    refresh_after_change,
    refresh_alerts,
)
from patients.services.contraindications import CautionConflict, set_conditions
from patients.services.dates import check_assessed_on, check_start_date
from patients.services.holds import REVIEW_NOTE_MAX_LENGTH, review_hold
from patients.services.micro_breaks import log_micro_break
from patients.services.patients import (
    InvitationTokenGenerator,
    check_therapist,
    create_patient,
    invitation_tokens,
    invitation_url,
    record_assessment,
    send_invitation,
)
from patients.services.portal import portal_changed
from patients.services.prescriptions import (
    STATUS_MOVES,
    advance_phase,
    change_dose,
    check_clearable,
    check_prescribable,
    copy_exercise,
    copy_phase,
    prescribe,
    record_clearance,
    resume_after_review,
    set_status,
)
from patients.services.sessions import (
    ExerciseEntry,
    IdempotencyConflict,
    SessionInFlight,
    SessionReport,
    log_session,
    pain_check_stop_report,
    session_report,
)

__all__ = [
    "REVIEW_NOTE_MAX_LENGTH",
    "STATUS_MOVES",
    "CautionConflict",
    "set_conditions",
    "log_micro_break",
    "ExerciseEntry",
    "IdempotencyConflict",
    "InvitationTokenGenerator",
    "SessionInFlight",
    "SessionReport",
    "acknowledge_alert",
    "assessment_recorded",
    "check_assessed_on",
    "check_start_date",
    "advance_phase",
    "change_dose",
    "check_clearable",
    "check_prescribable",
    "check_therapist",
    "copy_exercise",
    "copy_phase",
    "create_patient",
    "invitation_tokens",
    "invitation_url",
    "log_session",
    "portal_changed",
    "prescribe",
    "record_assessment",
    "record_clearance",
    "resume_after_review",
    "refresh_after_change",
    "refresh_alerts",
    "review_hold",
    "send_invitation",
    "pain_check_stop_report",
    "session_report",
    "set_status",
]
