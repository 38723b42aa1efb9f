"""Patient rights: download all my data; after closing, the manager anonymises."""

import datetime
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clinic.models import User
from patients import services
from patients.engagement import checkins
from patients.engagement.checkins import CheckInAnswers
from patients.models import (
    Assessment,
    Patient,
    Reminder,
    ReminderKind,
    ReminderOutcome,
    SessionLog,
    WeeklyCheckIn,
)
from patients.services import rights
from tests.conftest import PASSWORD, log_stretch, make_clinic_actors, prescribe_small_program
from tests.factories import AssessmentFactory


@pytest.fixture
def history(north, north_program):
    log_stretch(north.patient, north_program, pain=(5, 3), note="Felt it in my left shoulder")
    AssessmentFactory(
        patient=north.patient,
        therapist=north.therapist,
        problem_areas="Upper back after a fall at home",
    )
    return north


def test_the_export_holds_everything_about_the_patient_as_json(history):
    data = rights.export_patient_data(history.patient)
    json.dumps(data)  # plain JSON
    assert data["patient"]["email"] == history.patient.user.email
    assert data["sessions"][0]["note"] == "Felt it in my left shoulder"
    assert data["assessments"][0]["problem_areas"].startswith("Upper back")
    assert data["prescribed_exercises"] and data["exercise_logs"] and data["phases"]


def test_the_export_holds_nobody_elses_data(history):
    data = json.dumps(rights.export_patient_data(history.other_patient))
    assert "left shoulder" not in data and history.patient.user.email not in data


def test_anonymising_removes_identity_and_text_but_keeps_the_numbers(history):
    patient = rights.anonymise_patient(patient=history.patient, by=history.manager)
    patient.user.refresh_from_db()
    assert patient.user.email.endswith("@anonymised.invalid")
    assert (patient.user.first_name, patient.user.last_name, patient.user.is_active) == (
        "",
        "",
        False,
    )
    session = SessionLog.objects.get(patient=patient)
    assert (session.pain_before, session.pain_after, session.note) == (5, 3, "[removed]")
    assert set(
        Assessment.objects.filter(patient=patient).values_list("problem_areas", flat=True)
    ) == {"[removed]"}
    assert session.exercise_logs.count() == 1


def test_only_the_clinics_manager_may_anonymise(history, south):
    for user in (history.therapist, south.manager, history.patient.user):
        with pytest.raises(PermissionDenied):
            rights.anonymise_patient(patient=history.patient, by=user)


def test_a_patient_downloads_their_data_as_json(client, history):
    client.force_login(history.patient.user)
    response = client.get(reverse("patients:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["sessions"][0]["note"] == "Felt it in my left shoulder"


def test_a_patient_asks_to_close_and_the_manager_anonymises(client, history):
    client.force_login(history.patient.user)
    client.post(reverse("patients:close_account"), {"confirm": "yes"})
    history.patient.refresh_from_db()
    assert history.patient.closure_requested_at is not None
    assert not history.patient.reminders_enabled
    client.force_login(history.therapist)
    changelist = client.get("/admin/patients/patient/")
    assert "anonymise" not in changelist.context["action_form"].fields["action"].choices.__str__()
    client.force_login(history.manager)
    client.post(
        "/admin/patients/patient/",
        {"action": "anonymise", "_selected_action": [history.patient.pk, history.other_patient.pk]},
    )
    history.patient.user.refresh_from_db()
    history.other_patient.user.refresh_from_db()
    assert history.patient.user.email.endswith("@anonymised.invalid")
    assert not history.other_patient.user.email.endswith("@anonymised.invalid")  # never asked


def test_closing_needs_a_confirmation(client, history):
    client.force_login(history.patient.user)
    client.post(reverse("patients:close_account"), {})
    history.patient.refresh_from_db()
    assert history.patient.closure_requested_at is None


def answer_checkin(patient, easier="", activities=("Walking the dog", "Gardening", "Stairs")):
    return checkins.submit_checkin(
        patient=patient,
        answers=CheckInAnswers(
            pain_average=4,
            adherence_rating=7,
            scores=(3,) * len(activities),
            activities=activities,
            easier=easier,
        ),
    )[0]


def test_the_export_holds_checkins_psfs_notices_reminder_settings_and_sign_ins(
    client, north, north_program
):
    answer_checkin(north.patient, easier="Carrying the shopping")
    services.change_dose(
        prescribed_exercise=north_program.strengthen, changes={"reps": 12}, by=north.therapist
    )
    Reminder.objects.create(
        clinic=north.clinic,
        patient=north.patient,
        day=datetime.date(2026, 3, 2),
        kind=ReminderKind.REMINDER,
        outcome=ReminderOutcome.SENT,
    )
    client.post(reverse("login"), {"username": north.patient.user.email, "password": PASSWORD})

    data = rights.export_patient_data(north.patient)

    json.dumps(data)
    assert data["patient"]["psfs_activities"] == ["Walking the dog", "Gardening", "Stairs"]
    assert (data["patient"]["reminders_enabled"], data["patient"]["reminder_time"]) == (
        True,
        "08:00:00",
    )
    assert data["patient"]["nudge_time"] == "18:00:00"
    [checkin] = data["checkins"]
    assert checkin["easier"] == "Carrying the shopping"
    assert checkin["psfs"][0] == {"activity": "Walking the dog", "score": 3}
    [notice] = data["notices"]
    assert notice["title"] == "Your therapist adjusted Wall push-up"
    assert [(r["day"], r["outcome"]) for r in data["reminders"]] == [("2026-03-02", "sent")]
    assert len(data["sign_ins"]) == 1 and data["sign_ins"][0]["ip_address"] == "127.0.0.1"
    assert "checkins" in json.dumps(rights.export_patient_data(north.other_patient))
    assert "shopping" not in json.dumps(rights.export_patient_data(north.other_patient))


# Anonymisation, checked against a full dump of the database.


def full_dump() -> str:
    """Every row of every table, as the database itself dumps it."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    # pg_dump must be of the server's major version (or newer): Debian installs each
    # version's client under /usr/lib/postgresql/<major>/bin.
    major = connection.pg_version // 10000
    versioned = Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")
    pg_dump = str(versioned) if versioned.exists() else shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to check anonymisation on PostgreSQL"
    result = subprocess.run(
        [
            pg_dump,
            "--no-owner",
            "--host",
            settings["HOST"] or "localhost",
            "--port",
            str(settings["PORT"] or 5432),
            "--username",
            settings["USER"],
            settings["NAME"],
        ],
        env={**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def tables_holding(dump: str, marker: str) -> set[str]:
    """The tables whose rows in the dump contain ``marker`` (any case)."""
    found, table = set(), None
    for line in dump.splitlines():
        # SQLite: INSERT INTO "table" VALUES(...); PostgreSQL: COPY public.table (...) FROM stdin;
        if line.startswith(("INSERT INTO ", "COPY ")):
            table = line.split()[2 if line.startswith("INSERT") else 1].strip('"')
            table = table.removeprefix("public.")
        if table and marker in line.lower():
            found.add(table)
    return found


PLANTED = {
    "clinic_user",
    "patients_patient",
    "patients_sessionlog",
    "patients_weeklycheckin",
    "patients_assessment",
    "axes_accesslog",
    "axes_accessattempt",
    "django_admin_log",
    "django_tasks_database_dbtaskresult",
}


@pytest.mark.django_db(transaction=True)
def test_after_anonymising_no_trace_of_the_patient_is_left_in_a_full_database_dump(client):
    # Committed rows (transaction=True), so that pg_dump, another connection, sees them.
    north = make_clinic_actors("north")
    program = prescribe_small_program(north)
    marker = f"zq{uuid.uuid4().hex[:10]}"
    patient, user = north.patient, north.patient.user
    User.objects.filter(pk=user.pk).update(
        email=f"{marker}@example.test", first_name=f"Ann{marker}", last_name=f"Lee{marker}"
    )
    Patient.objects.filter(pk=patient.pk).update(phone=f"+1 555 {marker}")
    patient.refresh_from_db()
    user.refresh_from_db()
    # Everything the patient can write: a session note, check-in text, their activities.
    log_stretch(patient, program, note=f"Sore after the {marker} walk")
    answer_checkin(
        patient, easier=f"Lifting {marker}", activities=(f"Gardening {marker}", "Stairs", "Cycling")
    )
    AssessmentFactory(
        patient=patient,
        therapist=north.therapist,
        problem_areas=f"Neck {marker}",
        findings=f"Tight {marker}",
        plan=f"Plan {marker}",
    )
    # Signing in, then failing to with the email in capitals (axes keeps it as typed).
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": user.email.upper(), "password": "wrong"})
    # A staff edit in the admin (its log names the row), and an email that failed to send.
    LogEntry.objects.log_actions(north.manager.pk, [patient], CHANGE, "Changed phone.")
    DBTaskResult.objects.create(
        task_path="patients.engagement.tasks.send_reminder",
        args_kwargs={"args": [], "kwargs": {"patient_id": patient.pk, "day": "2026-03-02"}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        status="FAILED",
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=f"SMTPRecipientsRefused: {{'{user.email}': (550, b'No such user')}}",
    )
    assert tables_holding(full_dump(), marker) >= PLANTED

    rights.anonymise_patient(patient=patient, by=north.manager)

    assert tables_holding(full_dump(), marker) == set()
    session = SessionLog.objects.get(patient=patient)
    assert (session.pain_before, session.pain_after) == (4, 3)
    checkin = WeeklyCheckIn.objects.get(patient=patient)
    assert checkin.psfs[0] == {"activity": "[removed]", "score": 3}
