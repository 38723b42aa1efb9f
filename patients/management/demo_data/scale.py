"""A realistic large clinic for load tests and benchmarks, written with bulk inserts.

Therapists each follow a caseload; every patient has an assessment and a prescription of
one of the shipped protocols started ``weeks`` ago and advanced phase by phase, with
sessions on most scheduled days, pain drifting down, a few flares and the odd red flag.
"""

import random
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic, Membership, Role, User
from patients.models import (
    AdherenceDay,
    Alert,
    AlertKind,
    Assessment,
    AssessmentMode,
    ExerciseLog,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    SessionLog,
    Symptom,
)
from patients.reporting.ledger import HORIZON_DAYS, pain_summary
from patients.rules.codes import AlertCode
from patients.rules.schedule import ProgramPlan, schedule
from patients.selectors import planned_phase
from patients.services import copy_exercise, copy_phase
from programs.models import Protocol

BATCH = 500  # patients written per transaction
FIRST_NAMES = ["Ava", "Ben", "Chloé", "Dev", "Emma", "Farah", "Gus", "Hana", "Ian", "Jun", "Kai"]
LAST_NAMES = ["Tremblay", "Roy", "Singh", "Martin", "Nguyen", "Li", "Smith", "Côté", "Brown"]


@dataclass
class GenerateResult:
    clinic: Clinic
    patients: int = 0
    sessions: int = 0
    exercise_logs: int = 0
    seconds: float = 0.0


def generate_clinic(
    *, slug: str, patients: int, weeks: int, per_therapist: int = 500, seed: int = 1
) -> GenerateResult:
    """Add ``patients`` patients with ``weeks`` of history to clinic ``slug`` (created if new).

    Logins: ``manager@<slug>.example`` and ``therapist<N>@<slug>.example``, each therapist
    following ``per_therapist`` patients; all with the demo password.
    """
    started = time.monotonic()
    rng = random.Random(seed)
    clinic, _ = Clinic.objects.get_or_create(
        slug=slug, defaults={"name": f"{slug.title()} Physiotherapy"}
    )
    password = make_password("physio-demo")
    protocols = list(
        Protocol.objects.filter(clinic=None)
        .order_by("slug")
        .prefetch_related("phases__exercises__exercise")
    )
    if not protocols:
        raise ValueError("Load the exercise library first (manage.py load_library).")
    offset = Patient.objects.filter(clinic=clinic).count()
    therapists = _staff(clinic, password, -(-(offset + patients) // per_therapist))
    today = timezone.localdate(timezone=clinic.tzinfo)
    result = GenerateResult(clinic=clinic)
    for first in range(0, patients, BATCH):
        count = min(BATCH, patients - first)
        with transaction.atomic():
            context = _Batch(clinic, therapists, protocols, password, rng, today, weeks)
            sessions, logs = context.write(offset + first, count, per_therapist)
        result.patients += count
        result.sessions += sessions
        result.exercise_logs += logs
    result.seconds = time.monotonic() - started
    return result


def _staff(clinic, password, therapist_count) -> list[User]:
    manager_email = f"manager@{clinic.slug}.example"
    if not User.objects.filter(email=manager_email).exists():
        manager = User.objects.create(
            email=manager_email, password=password, is_staff=True, first_name="Clinic"
        )
        Membership.objects.create(user=manager, clinic=clinic, role=Role.MANAGER)
    therapists = []
    for n in range(1, therapist_count + 1):
        email = f"therapist{n}@{clinic.slug}.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password,
                is_staff=True,
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=f"Therapist {n}",
            )
            Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
        therapists.append(user)
    return therapists


@dataclass
class _Batch:
    clinic: Clinic
    therapists: list
    protocols: list
    password: str
    rng: random.Random
    today: date
    weeks: int

    def write(self, offset: int, count: int, per_therapist: int) -> tuple[int, int]:
        start = self.today - timedelta(weeks=self.weeks)
        users = User.objects.bulk_create(
            User(
                email=f"patient{offset + i + 1}@{self.clinic.slug}.example",
                password=self.password,
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
            )
            for i in range(count)
        )
        patients = Patient.objects.bulk_create(
            Patient(
                clinic=self.clinic,
                user=user,
                primary_therapist=self.therapists[(offset + i) // per_therapist],
            )
            for i, user in enumerate(users)
        )
        Assessment.objects.bulk_create(
            Assessment(
                clinic=self.clinic,
                patient=patient,
                therapist=patient.primary_therapist,
                assessed_on=start - timedelta(days=2),
                mode=self.rng.choice(AssessmentMode.values),
                problem_areas="Upper back between the shoulder blades",
                baseline_pain=self.rng.randint(4, 8),
                red_flag_numbness=False,
                red_flag_sharp_pain=False,
                red_flag_trauma=False,
                red_flag_persistent=False,
            )
            for patient in patients
        )
        chosen = [self.rng.choice(self.protocols) for _ in patients]
        prescriptions = Prescription.objects.bulk_create(
            Prescription(
                clinic=self.clinic,
                patient=patient,
                therapist=patient.primary_therapist,
                protocol=protocol,
                name=protocol.name,
                start_date=start,
            )
            for patient, protocol in zip(patients, chosen, strict=True)
        )
        plans = self._copy_phases(prescriptions, chosen, start)
        Prescription.objects.bulk_update(prescriptions, ["current_phase"], batch_size=2000)
        return self._history(prescriptions, plans)

    def _copy_phases(self, prescriptions, chosen, start) -> dict[int, ProgramPlan]:
        """The snapshot of each protocol, each phase started at its first week."""
        rows, templates = [], []
        for prescription, protocol in zip(prescriptions, chosen, strict=True):
            for phase in protocol.phases.all():
                began = start + timedelta(weeks=phase.week_start - 1)
                rows.append(
                    copy_phase(
                        phase, prescription, started_on=began if began <= self.today else None
                    )
                )
                templates.append(phase)
        phases = PrescribedPhase.objects.bulk_create(rows, batch_size=2000)
        items = PrescribedExercise.objects.bulk_create(
            (
                copy_exercise(pe, copy)
                for copy, phase in zip(phases, templates, strict=True)
                for pe in phase.exercises.all()
            ),
            batch_size=2000,
        )
        items_of: dict[int, list] = {}
        for item in items:
            items_of.setdefault(item.phase_id, []).append(item)
        phases_of: dict[int, list] = {}
        for phase in phases:
            if phase.started_on is not None:
                phases_of.setdefault(phase.prescription_id, []).append(phase)
        plans = {}
        for prescription in prescriptions:
            started = phases_of[prescription.pk]
            prescription.current_phase = started[-1]
            plans[prescription.pk] = ProgramPlan(
                start_date=start,
                phases=tuple(planned_phase(phase, items_of.get(phase.pk, [])) for phase in started),
            )
        return plans

    def _history(self, prescriptions, plans) -> tuple[int, int]:
        """Sessions, exercise logs, the adherence ledger and red-flag alerts."""
        sessions, dues = [], []
        yesterday = self.today - timedelta(days=1)
        for prescription in prescriptions:
            keen = self.rng.uniform(0.55, 0.97)  # how reliably this patient shows up
            first_pain = self.rng.randint(4, 8)
            calendar = [
                plans[prescription.pk].start_date + timedelta(days=n)
                for n in range((yesterday - plans[prescription.pk].start_date).days + 1)
            ]
            attends = {day: self.rng.random() <= keen for day in calendar}
            flares = {day: self.rng.random() < 0.04 for day in calendar}
            plan, days = _with_rest_days(plans[prescription.pk], yesterday, attends, flares)
            plans[prescription.pk] = plan
            due_days = [day for day, due in days.items() if due]
            for index, day in enumerate(due_days):
                if not attends[day]:
                    continue
                trend = first_pain - 3 * index / max(len(due_days), 1)
                before = max(0, min(9, round(trend + self.rng.uniform(-1, 1))))
                after = before + 1 if flares[day] else max(0, before - self.rng.choice([0, 1, 2]))
                flag = self.rng.random() < 0.002
                sessions.append(
                    SessionLog(
                        clinic=self.clinic,
                        patient_id=prescription.patient_id,
                        prescription=prescription,
                        phase_id=_phase_on(plan, day),
                        performed_on=day,
                        logged_at=timezone.make_aware(
                            datetime.combine(day, clock(18, self.rng.randint(0, 59))),
                            self.clinic.tzinfo,
                        ),
                        pain_before=before,
                        pain_after=after,
                        effort=self.rng.randint(2, 7),
                        symptoms=[Symptom.NUMBNESS_TINGLING] if flag else [],
                        red_flag=flag,
                        idempotency_key=uuid.uuid4(),
                    )
                )
                dues.append(days[day])
        SessionLog.objects.bulk_create(sessions, batch_size=2000)
        logs = [
            ExerciseLog(
                session=session,
                prescribed_exercise_id=item.prescribed_exercise_id,
                done=(done := self.rng.random() < 0.92),
                sets_done=self.rng.randint(1, 3) if done else None,
                good_form=self.rng.random() < 0.9 if done else None,
            )
            for session, due in zip(sessions, dues, strict=True)
            for item in due
        ]
        ExerciseLog.objects.bulk_create(logs, batch_size=5000)
        self._ledger(prescriptions, plans, sessions, logs)
        self._pain_summaries(prescriptions, sessions)
        Alert.objects.bulk_create(
            Alert(
                clinic=self.clinic,
                patient_id=session.patient_id,
                kind=AlertKind.RED_FLAG,
                session=session,
                cause_key=f"session-red-flag:{session.performed_on.isoformat()}",
                code=AlertCode.RED_FLAG_REPORTED,
                params={
                    "day": session.performed_on.isoformat(),
                    "symptoms": [Symptom.NUMBNESS_TINGLING.value],
                },
            )
            for session in sessions
            if session.red_flag
        )
        return len(sessions), len(logs)

    def _pain_summaries(self, prescriptions, sessions) -> None:
        """First and latest pain and last session day, by the rule sync_ledger keeps them."""
        by_prescription: dict[int, list] = {}
        for session in sessions:  # in day order within each prescription
            by_prescription.setdefault(session.prescription_id, []).append(session)
        for prescription in prescriptions:
            for field, value in pain_summary(by_prescription.get(prescription.pk, [])).items():
                setattr(prescription, field, value)
        Prescription.objects.bulk_update(
            prescriptions, ["first_pain", "latest_pain", "last_session_on"], batch_size=2000
        )

    def _ledger(self, prescriptions, plans, sessions, logs) -> None:
        counted = {log.session.pk for log in logs if log.done}
        completed = {(s.prescription_id, s.performed_on) for s in sessions if s.pk in counted}
        horizon = self.today + timedelta(days=HORIZON_DAYS)
        AdherenceDay.objects.bulk_create(
            (
                AdherenceDay(
                    clinic=self.clinic,
                    patient_id=prescription.patient_id,
                    prescription=prescription,
                    day=day,
                    completed=(prescription.pk, day) in completed,
                )
                for prescription in prescriptions
                for day, due in schedule(plans[prescription.pk], horizon).items()
                if due
            ),
            batch_size=5000,
        )


def _with_rest_days(plan: ProgramPlan, until: date, attends: dict, flares: dict):
    """The plan with the rest days that follow the generated pain flares.

    A flare only happens on a day a session was due and attended, and a flare makes the
    next day a rest day, which can move later strengthening days: repeat until stable
    (the schedule is causal, so this settles in a few rounds).
    """
    rose: frozenset[date] = frozenset()
    while True:
        current = replace(plan, pain_rose_on=rose)
        days = schedule(current, until)
        found = frozenset(day for day, due in days.items() if due and attends[day] and flares[day])
        if found == rose:
            return current, days
        rose = found


def _phase_on(plan: ProgramPlan, day: date) -> int:
    return max((p for p in plan.phases if p.started_on <= day), key=lambda p: p.started_on).phase_id
