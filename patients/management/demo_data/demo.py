"""Demo clinics, staff and patients so a first run shows something real. Demo only."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Membership, Role, User
from patients import selectors, services
from patients.models import (
    Alert,
    AlertKind,
    Assessment,
    AssessmentMode,
    ExerciseLog,
    Patient,
    SessionLog,
    Symptom,
)
from patients.rules.codes import AlertCode
from patients.rules.schedule import schedule
from programs.models import Protocol

DEMO_PASSWORD = "physio-demo"

#: Phone numbers from the range kept for fiction (555-01xx): the stop message shows them.
CLINICS = [
    ("northside", "Northside Physiotherapy", "America/Toronto", "416-555-0142"),
    ("southside", "Southside Physio & Rehab", "America/Vancouver", "604-555-0187"),
]
STAFF = [
    ("manager", "Morgan", "Lee", Role.MANAGER),
    ("therapist", "Sam", "Rivera", Role.THERAPIST),
    ("therapist2", "Alex", "Chen", Role.THERAPIST),
]
PATIENTS = [
    ("patient", "Pat", "Morrison", "therapist", "upper-back-pain"),
    ("patient2", "Jordan", "Blake", "therapist", "scapular-control-virtual-assessment"),
    ("patient3", "Robin", "Okafor", "therapist2", "wall-push-up-progression"),
]
PROGRAM_WEEKS = 8


def _user(email: str, first: str, last: str, *, is_staff: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=is_staff,
        )
    return user


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create what is missing of the demo data; returns the (email, role) logins."""
    logins = []
    for slug, name, tz, phone in CLINICS:
        clinic, _ = Clinic.objects.get_or_create(
            slug=slug, defaults={"name": name, "time_zone": tz, "phone": phone}
        )
        staff = {}
        for local, first, last, role in STAFF:
            email = f"{local}@{slug}.example"
            user = _user(email, first, last, is_staff=True)
            Membership.objects.get_or_create(user=user, defaults={"clinic": clinic, "role": role})
            staff[local] = user
            logins.append((email, role.label))
        for local, first, last, therapist, protocol_slug in PATIENTS:
            email = f"{local}@{slug}.example"
            user = _user(email, first, last, is_staff=False)
            patient, _ = Patient.objects.get_or_create(
                user=user, defaults={"clinic": clinic, "primary_therapist": staff[therapist]}
            )
            if not patient.prescriptions.exists():
                protocol = Protocol.objects.filter(clinic=None, slug=protocol_slug).first()
                if protocol is not None:
                    _demo_program(
                        patient,
                        protocol,
                        staff[therapist],
                        red_flag=local == "patient2",
                        ready=local == "patient3",
                    )
            logins.append((email, "Patient"))
    return logins


def _demo_program(
    patient: Patient, protocol: Protocol, therapist: User, *, red_flag: bool, ready: bool
):
    """An assessment, a prescription started eight weeks ago, and its history of sessions."""
    rng = random.Random(patient.user.email)
    today = selectors.clinic_today(patient.clinic)
    start = today - timedelta(weeks=PROGRAM_WEEKS)
    Assessment.objects.create(
        clinic=patient.clinic,
        patient=patient,
        therapist=therapist,
        assessed_on=start - timedelta(days=2),
        mode=AssessmentMode.VIRTUAL,
        problem_areas="Upper back between the shoulder blades; rounded shoulders.",
        findings="Weak lower trapezius and serratus; tight pec minor; limited thoracic extension.",
        baseline_pain=6,
        red_flag_numbness=False,
        red_flag_sharp_pain=False,
        red_flag_trauma=False,
        red_flag_persistent=False,
        plan=f"{protocol.name}, reviewed every two weeks.",
        consent_given=True,
        consent_given_by=patient.name,
        consent_given_at=timezone.now() - timedelta(weeks=PROGRAM_WEEKS, days=2),
    )
    prescription = services.prescribe(
        patient=patient, protocol=protocol, therapist=therapist, start_date=start, by=therapist
    )
    # The therapist advanced the patient at each phase's first week, up to the present.
    phases = list(prescription.phases.order_by("order"))
    for phase in phases[1:]:
        began = start + timedelta(weeks=phase.week_start - 1)
        if began > today - timedelta(days=3):
            break
        phase.started_on, phase.advanced_by = began, therapist
        phase.save(update_fields=["started_on", "advanced_by"])
        prescription.current_phase = phase
    prescription.save(update_fields=["current_phase"])
    _demo_sessions(patient, prescription, today, rng, red_flag=red_flag, ready=ready)


def _demo_sessions(patient, prescription, today, rng, *, red_flag: bool, ready: bool):
    """Sessions on most scheduled days; a ``ready`` patient did every recent one well."""
    prescription = selectors.prescriptions_with_plan(
        type(prescription).objects.filter(pk=prescription.pk)
    ).get()
    plan = selectors.plan_for(prescription)
    due_by_day = schedule(plan, today - timedelta(days=1))
    days = [day for day, due in due_by_day.items() if due]
    phase_on = {p.phase_id: p for p in plan.phases}
    flag_day = days[len(days) * 2 // 3] if red_flag and days else None
    total = len(days)
    sessions, logs = [], []
    for index, day in enumerate(days):
        recent = day >= today - timedelta(days=14)
        if rng.random() < 0.18 and day != flag_day and not (ready and recent):
            continue  # a missed day
        pain_before = max(1, round(6 - 3 * index / max(total, 1) + rng.uniform(-0.8, 0.8)))
        pain_after = max(0, pain_before - rng.choice([0, 1, 1, 2]))
        if rng.random() < 0.07 and not (ready and recent):
            pain_after = min(10, pain_before + 1)
        symptoms = [Symptom.NUMBNESS_TINGLING] if day == flag_day else []
        phase_id = max(
            (p for p in phase_on.values() if p.started_on <= day), key=lambda p: p.started_on
        ).phase_id
        session = SessionLog(
            clinic_id=patient.clinic_id,
            patient=patient,
            prescription=prescription,
            phase_id=phase_id,
            performed_on=day,
            logged_at=timezone.make_aware(
                datetime.combine(day, time(18, rng.randint(0, 59))), patient.clinic.tzinfo
            ),
            pain_before=pain_before,
            pain_after=pain_after,
            effort=rng.randint(3, 6),
            symptoms=symptoms,
            red_flag=bool(symptoms),
            note="Tingling in my left hand after the rows." if symptoms else "",
            idempotency_key=uuid.uuid4(),
        )
        sessions.append((session, due_by_day[day]))
    SessionLog.objects.bulk_create([session for session, _ in sessions])
    for session, due in sessions:
        well = ready and session.performed_on >= today - timedelta(days=14)
        for item in due:
            done = well or rng.random() > 0.1
            logs.append(
                ExerciseLog(
                    session=session,
                    prescribed_exercise_id=item.prescribed_exercise_id,
                    done=done,
                    sets_done=rng.randint(1, 3) if done else None,
                    good_form=(well or rng.random() > 0.15) if done else None,
                )
            )
        if session.red_flag:
            Alert.objects.create(
                clinic_id=patient.clinic_id,
                patient=patient,
                kind=AlertKind.RED_FLAG,
                session=session,
                cause_key=f"session-red-flag:{session.performed_on.isoformat()}",
                code=AlertCode.RED_FLAG_REPORTED,
                params={
                    "day": session.performed_on.isoformat(),
                    "symptoms": [Symptom.NUMBNESS_TINGLING.value],
                },
            )
    ExerciseLog.objects.bulk_create(logs)
