"""Telling people what happened: program-change notices, red-flag emails, alert digests.

The receivers (patients.engagement.receivers) record what happened and queue the email with
``transaction.on_commit``, so a rolled-back change never emails anyone and no email is
sent inside a request. Each email is claimed once before it is sent: a notice or alert by
setting its ``emailed_at`` only where it is still empty, a digest by its unique
(therapist, day) row.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from clinic.models import Clinic, User
from patients.engagement.emails import send_templated_email, site_url
from patients.models import (
    Alert,
    AlertDigest,
    AlertKind,
    Patient,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
    ProgramNotice,
)
from patients.services import builder, portal_changed, refresh_alerts

# Program-change notices.


def record_notice(
    *, prescription: Prescription, change: PrescriptionChange, title: str, lines: list[str]
) -> ProgramNotice:
    """Show the patient what changed (on Today until dismissed); the email is a task."""
    notice = ProgramNotice.objects.create(
        clinic_id=prescription.clinic_id,
        patient_id=prescription.patient_id,
        prescription=prescription,
        change=change,
        title=title[:200],
        lines=[str(line) for line in lines],
    )
    portal_changed(patient_id=prescription.patient_id)
    return notice


def dose_change_notice(prescription, change, exercise_name: str, before: str, after: str):
    return record_notice(
        prescription=prescription,
        change=change,
        title=_("Your therapist adjusted %(exercise)s") % {"exercise": exercise_name},
        lines=[
            _("Before: %(dose)s") % {"dose": before},
            _("Now: %(dose)s") % {"dose": after},
        ],
    )


STATUS_LINES = {
    PrescriptionStatus.PAUSED: (
        gettext_noop("Your program is paused"),
        gettext_noop(
            "Nothing is due while it is paused, and you will not get reminders. Your "
            "therapist will tell you when to start again."
        ),
    ),
    PrescriptionStatus.ACTIVE: (
        gettext_noop("Your program is running again"),
        gettext_noop("Today's page shows what is due. Start gently if you had a long break."),
    ),
    PrescriptionStatus.COMPLETED: (
        gettext_noop("Your program is complete"),
        gettext_noop(
            "Well done. Keep moving as your therapist advised; contact the clinic if pain returns."
        ),
    ),
}


def status_change_notice(prescription, change, status: str):
    title, line = STATUS_LINES[status]
    return record_notice(
        prescription=prescription,
        change=change,
        title=f"{_(title)}: {prescription.name}",
        lines=[_(line)],
    )


TAILORED_TITLES = {
    builder.ADDED: gettext_noop("Your therapist added %(exercise)s to your program"),
    builder.REMOVED: gettext_noop("Your therapist took %(exercise)s out of your program"),
    builder.SWAPPED: gettext_noop("Your therapist changed an exercise: now %(exercise)s"),
    builder.PROGRESSED: gettext_noop("Your therapist moved you on to %(exercise)s"),
    builder.REGRESSED: gettext_noop("Your therapist eased %(replaced)s to %(exercise)s"),
    builder.MOVED: gettext_noop("Your therapist changed the order of your exercises"),
    builder.PHASE_ADDED: gettext_noop("Your therapist added a phase: %(phase)s"),
    builder.PROTOCOL_ADDED: gettext_noop("Your therapist added exercises from %(protocol)s"),
}


def tailored_notice(prescription, change, action: str, details: dict):
    """One notice for one tailoring change, in the patient's words."""
    names = {key: details.get(key, "") for key in ("exercise", "replaced", "phase", "protocol")}
    lines = []
    if details.get("replaced"):
        lines.append(_("Instead of: %(name)s") % {"name": details["replaced"]})
    after = details.get("after")
    if isinstance(after, dict) and after.get("dose"):
        lines.append(_("Now: %(dose)s") % {"dose": after["dose"]})
    if details.get("exercises"):
        lines.append(", ".join(details["exercises"]))
    if details.get("phases"):
        lines.append(", ".join(details["phases"]))
    return record_notice(
        prescription=prescription,
        change=change,
        title=_(TAILORED_TITLES[action]) % names,
        lines=lines,
    )


def phase_change_notice(prescription, change, phase: PrescribedPhase):
    exercises = phase.exercises.select_related("exercise").order_by("order")
    return record_notice(
        prescription=prescription,
        change=change,
        title=_("Your therapist moved you on to %(phase)s") % {"phase": phase.name},
        lines=[
            _("Your exercises from today:"),
            *(f"{item.exercise.name}: {item.dose_summary}" for item in exercises),
        ],
    )


def deliver_notice(notice_id: int) -> bool:
    """Email a program-change notice once; returns whether this call sent it."""
    with transaction.atomic():
        claimed = ProgramNotice.objects.filter(pk=notice_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        notice = ProgramNotice.objects.select_related(
            "patient__user", "patient__clinic", "prescription"
        ).get(pk=notice_id)
        patient = notice.patient
        if not (patient.is_active and patient.user.is_active):
            return False
        send_templated_email(
            "program_notice",
            {"notice": notice, "patient": patient, "today_url": site_url("patients:today")},
            [patient.user.email],
            clinic=patient.clinic,
        )
    return True


# Alerts for therapists.


def deliver_red_flag(alert_id: int) -> bool:
    """Email the patient's therapist about a red flag, once; returns whether this call sent."""
    with transaction.atomic():
        claimed = Alert.objects.filter(
            pk=alert_id, kind=AlertKind.RED_FLAG, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())
        if not claimed:
            return False
        alert = Alert.objects.select_related(
            "patient__user", "patient__clinic", "patient__primary_therapist"
        ).get(pk=alert_id)
        therapist = alert.patient.primary_therapist
        send_templated_email(
            "red_flag",
            {
                "alert": alert,
                "patient": alert.patient,
                "therapist": therapist,
                "patient_url": site_url("staff:patient", alert.patient_id),
            },
            [therapist.email],
            clinic=alert.patient.clinic,
        )
    return True


@dataclass(frozen=True)
class DueDigest:
    therapist_id: int
    day: date


def digest_due_at(clock) -> bool:
    hour, minute = settings.ALERT_DIGEST_TIME
    return (clock.hour, clock.minute) >= (hour, minute)


def due_digests(now: datetime | None = None) -> list[DueDigest]:
    """Therapists whose daily digest time has come in their clinic and who have none today.

    A therapist here is anyone who is the primary therapist of an active patient.
    """
    now = now or timezone.now()
    found = []
    for clinic in Clinic.objects.all():
        local = now.astimezone(clinic.tzinfo)
        if not digest_due_at(local.time()):
            continue
        day = local.date()
        therapists = set(
            Patient.objects.filter(
                clinic=clinic,
                is_active=True,
                primary_therapist__is_active=True,
                primary_therapist__membership__clinic=clinic,
            ).values_list("primary_therapist_id", flat=True)
        )
        done = set(
            AlertDigest.objects.filter(clinic=clinic, day=day).values_list(
                "therapist_id", flat=True
            )
        )
        found.extend(DueDigest(pk, day) for pk in sorted(therapists - done))
    return found


def deliver_digest(*, therapist_id: int, day: date) -> int | None:
    """Send a therapist the alerts raised since their last digest, once a day.

    Alerts are refreshed first (inactivity, pain trends). Returns the number of alerts in
    the email (0: nothing new, no email), or None when another worker has this digest.
    """
    therapist = (
        User.objects.select_related("membership__clinic")
        .filter(pk=therapist_id, is_active=True, membership__isnull=False)
        .first()
    )
    if therapist is None:
        return None
    clinic = therapist.membership.clinic
    if day != timezone.localdate(timezone=clinic.tzinfo):
        return None
    _refresh_caseload_alerts(therapist)
    try:
        with transaction.atomic():
            digest = AlertDigest.objects.create(clinic=clinic, therapist=therapist, day=day)
            previous = (
                AlertDigest.objects.filter(therapist=therapist, day__lt=day)
                .order_by("-day")
                .first()
            )
            since = previous.created_at if previous else digest.created_at - timedelta(days=1)
            alerts = list(
                Alert.objects.filter(
                    clinic=clinic,
                    patient__primary_therapist=therapist,
                    raised_at__gt=since,
                    acknowledged_at__isnull=True,
                )
                .select_related("patient__user")
                .order_by("patient__user__last_name", "patient_id", "-raised_at")
            )
            digest.alert_count = len(alerts)
            digest.save(update_fields=["alert_count"])
            if alerts:
                send_templated_email(
                    "alert_digest",
                    {
                        "therapist": therapist,
                        "alerts": alerts,
                        "day": day,
                        "caseload_url": site_url("staff:caseload"),
                    },
                    [therapist.email],
                    clinic=clinic,
                )
    except IntegrityError:
        return None
    except OperationalError as error:
        if "locked" not in str(error).lower():
            raise
        return None
    return len(alerts)


def _refresh_caseload_alerts(therapist: User) -> None:
    patients = (
        Patient.objects.filter(
            primary_therapist=therapist,
            is_active=True,
            prescriptions__status=PrescriptionStatus.ACTIVE,
        )
        .select_related("clinic")
        .distinct()
    )
    for patient in patients:
        refresh_alerts(patient=patient)
