"""The database itself rejects insane clinical data, on SQLite and on PostgreSQL."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from patients.models import Assessment, Prescription, SessionLog
from programs.models import Exercise, Phase
from tests.factories import AssessmentFactory, ExerciseFactory, PhaseFactory, ProtocolFactory


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
        # PostgreSQL checks deferred triggers at commit; make them fire now.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def dose(**overrides):
    values = {
        "slug": "x",
        "name": "X",
        "kind": "stretch",
        "region": "neck",
        "steps": ["a"],
        "sets": 1,
        "frequency": "daily",
    }
    values.update(overrides)
    return values


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        {"sets": 0},
        {"reps": 0},
        {"reps": 12, "reps_max": 8},
        {"reps_max": 8},
        {"hold_seconds": 30, "hold_seconds_max": 15},
        {"passes": 0},
        {"times_per_day": 0},
        {"frequency": "hourly"},
        {"frequency": "days_per_week"},
        {"frequency": "days_per_week", "days_per_week": 8},
        {"frequency": "daily", "days_per_week": 3},
        {"kind": "yoga"},
        {"resistance": "rocks"},
    ],
    ids=lambda bad: ",".join(f"{k}={v}" for k, v in bad.items()),
)
def test_database_rejects_an_insane_dose(bad):
    assert_rejected(lambda: Exercise.objects.create(**dose(**bad)))


@pytest.mark.django_db
def test_database_accepts_a_sane_dose():
    Exercise.objects.create(**dose(reps=8, reps_max=12, frequency="days_per_week", days_per_week=3))
    assert Exercise.objects.count() == 1


@pytest.mark.django_db
def test_shared_exercise_slugs_are_unique():
    ExerciseFactory(slug="cat-cow")
    assert_rejected(lambda: ExerciseFactory(slug="cat-cow"))


@pytest.mark.django_db
def test_phase_week_range_must_not_run_backwards():
    assert_rejected(lambda: PhaseFactory(week_start=3, week_end=2))


@pytest.mark.django_db
def test_phases_of_a_protocol_must_not_overlap():
    protocol = ProtocolFactory()
    PhaseFactory(protocol=protocol, order=1, week_start=1, week_end=2)
    assert_rejected(lambda: PhaseFactory(protocol=protocol, order=2, week_start=2, week_end=4))


@pytest.mark.django_db
def test_phases_of_a_protocol_must_ascend_in_order():
    protocol = ProtocolFactory()
    PhaseFactory(protocol=protocol, order=2, week_start=5, week_end=6)
    assert_rejected(lambda: PhaseFactory(protocol=protocol, order=1, week_start=7, week_end=8))


@pytest.mark.django_db
def test_only_the_last_phase_may_be_open_ended():
    protocol = ProtocolFactory()
    PhaseFactory(protocol=protocol, order=1, week_start=1, week_end=None)
    assert_rejected(lambda: PhaseFactory(protocol=protocol, order=2, week_start=3, week_end=4))


@pytest.mark.django_db
def test_following_phases_are_accepted():
    protocol = ProtocolFactory()
    PhaseFactory(protocol=protocol, order=1, week_start=1, week_end=2)
    PhaseFactory(protocol=protocol, order=2, week_start=3, week_end=4)
    PhaseFactory(protocol=protocol, order=3, week_start=5, week_end=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Phase.objects.filter(protocol=protocol).count() == 3


def session_values(north, **overrides):
    prescription = Prescription.objects.create(
        clinic=north.clinic,
        patient=north.patient,
        therapist=north.therapist,
        name="Program",
        start_date=timezone.localdate(),
    )
    values = {
        "clinic": north.clinic,
        "patient": north.patient,
        "prescription": prescription,
        "performed_on": timezone.localdate(),
        "logged_at": timezone.now(),
        "pain_before": 3,
        "pain_after": 2,
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize("bad", [{"pain_before": 11}, {"pain_after": 11}, {"effort": 11}], ids=str)
def test_database_rejects_pain_outside_zero_to_ten(north, bad):
    values = session_values(north, **bad)
    assert_rejected(lambda: SessionLog.objects.create(**values))


def test_database_rejects_negative_pain(north):
    values = session_values(north, pain_before=-1)
    assert_rejected(lambda: SessionLog.objects.create(**values))


def test_database_allows_one_active_prescription_per_patient_per_protocol(north):
    protocol = ProtocolFactory()
    common = {
        "clinic": north.clinic,
        "patient": north.patient,
        "therapist": north.therapist,
        "protocol": protocol,
        "name": "P",
        "start_date": timezone.localdate(),
    }
    Prescription.objects.create(**common)
    Prescription.objects.create(**common, status="completed")
    assert_rejected(lambda: Prescription.objects.create(**common))


def test_consent_must_say_who_and_when(north):
    assert_rejected(
        lambda: Assessment.objects.create(
            clinic=north.clinic,
            patient=north.patient,
            therapist=north.therapist,
            assessed_on=timezone.localdate(),
            mode="virtual",
            problem_areas="Upper back",
            red_flag_numbness=False,
            red_flag_sharp_pain=False,
            red_flag_trauma=False,
            red_flag_persistent=False,
            consent_given=True,
        )
    )


@pytest.mark.parametrize("year", [1500, 1999, 2100])
def test_database_rejects_a_program_start_outside_2000_to_2099(north, year):
    assert_rejected(
        lambda: Prescription.objects.create(
            clinic=north.clinic,
            patient=north.patient,
            therapist=north.therapist,
            name="Program",
            start_date=date(year, 6, 1),
        )
    )


def test_database_rejects_an_assessment_dated_before_2000(north):
    assert_rejected(
        lambda: AssessmentFactory(patient=north.patient, assessed_on=date(1999, 12, 31))
    )


def test_database_rejects_a_session_before_its_program_started(north):
    values = session_values(north)
    values["performed_on"] = values["prescription"].start_date - timedelta(days=1)
    assert_rejected(lambda: SessionLog.objects.create(**values))


def test_database_rejects_a_session_moved_before_its_program(north):
    session = SessionLog.objects.create(**session_values(north))
    assert_rejected(
        lambda: SessionLog.objects.filter(pk=session.pk).update(
            performed_on=session.performed_on - timedelta(days=1)
        )
    )


def test_database_rejects_a_program_start_moved_after_its_sessions(north):
    session = SessionLog.objects.create(**session_values(north))
    assert_rejected(
        lambda: Prescription.objects.filter(pk=session.prescription_id).update(
            start_date=session.performed_on + timedelta(days=1)
        )
    )


def test_database_accepts_a_session_on_its_programs_first_day(north):
    values = session_values(north)
    values["performed_on"] = values["prescription"].start_date
    SessionLog.objects.create(**values)
    assert SessionLog.objects.count() == 1
