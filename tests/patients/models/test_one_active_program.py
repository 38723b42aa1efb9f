"""One active program per patient: a database constraint, and a migration that gets there."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from patients.models import Prescription, PrescriptionChange, PrescriptionStatus
from tests.conftest import prescribe_small_program

BEFORE = [("patients", "0013_program_standing")]
AFTER = [("patients", "0014_safety_stop_and_gates")]


def test_the_database_refuses_a_second_active_program(north):
    program = prescribe_small_program(north)
    older = prescribe_small_program(north, patient=north.other_patient)
    with pytest.raises(IntegrityError), transaction.atomic():
        Prescription.objects.filter(pk=older.prescription.pk).update(
            patient=program.prescription.patient
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_pauses_older_active_programs_and_says_so_in_their_history(north):
    newest = prescribe_small_program(north).prescription
    older = prescribe_small_program(north, patient=north.other_patient).prescription
    Prescription.objects.filter(pk=older.pk).update(
        patient=north.patient, start_date=newest.start_date - timedelta(days=30), status="paused"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    # Before the constraint, a patient could run two programs at once.
    old_apps.get_model("patients", "Prescription").objects.filter(pk=older.pk).update(
        status="active"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # and any later migration

    newest.refresh_from_db()
    older.refresh_from_db()
    assert newest.status == PrescriptionStatus.ACTIVE
    assert older.status == PrescriptionStatus.PAUSED
    change = PrescriptionChange.objects.filter(prescription=older).first()
    assert change.details == {"status": ["active", "paused"], "one_active_program": newest.pk}
    assert newest.name in change.summary
    assert change.changed_by_id == older.therapist_id
