"""Alerts stored in English before codes: the data migration gives them code and parameters."""

import importlib

import pytest
from django.apps import apps

from patients.models import Alert, AlertKind
from patients.rules.codes import AlertCode
from tests.conftest import log_stretch, prescribe_small_program

migration = importlib.import_module("patients.migrations.0008_alert_codes_from_messages")


def old_alert(actors, kind, cause_key, message, session=None):
    return Alert.objects.create(
        clinic=actors.clinic,
        patient=actors.patient,
        kind=kind,
        cause_key=cause_key,
        message=message,
        session=session,
    )


@pytest.mark.parametrize(
    ("kind", "cause_key", "message", "code", "params"),
    [
        (
            AlertKind.RED_FLAG,
            "session-red-flag:2026-01-07",
            "Red flag reported on 7 Jan 2026: the patient was told to stop and contact the clinic.",
            AlertCode.RED_FLAG,
            {"day": "2026-01-07"},
        ),
        (
            AlertKind.PAIN_RISE,
            "pain-rise:2026-01-07",
            "Pain 6/10 on 7 Jan 2026, up 3 from a baseline of 3/10.",
            AlertCode.PAIN_RISE,
            {"pain": 6, "day": "2026-01-07", "rise": 3, "baseline": 3},
        ),
        (
            AlertKind.PAIN_AFTER_WORSE,
            "pain-after-worse:2026-01-07",
            "Pain worse after exercising two sessions in a row (up to 7 Jan 2026).",
            AlertCode.PAIN_AFTER_WORSE,
            {"day": "2026-01-07", "sessions": 2},
        ),
        (
            AlertKind.INACTIVE,
            "inactive:2026-01-07",
            "No session logged for 4 days (the last on 7 Jan 2026).",
            AlertCode.INACTIVE,
            {"days": 4, "last": "2026-01-07"},
        ),
        (
            AlertKind.INACTIVE,
            "inactive:2026-01-05",
            "No session logged since the program started on 5 Jan 2026.",
            AlertCode.INACTIVE_SINCE_START,
            {"start": "2026-01-05"},
        ),
        (
            AlertKind.NO_IMPROVEMENT,
            "no-improvement:2026-W02",
            "No improvement after two weeks of steady exercise (adherence 92%): average pain "
            "before 5.0, then 5.3. Consider a review.",
            AlertCode.NO_IMPROVEMENT,
            {"weeks": 2, "percent": 92, "first": 5.0, "last": 5.3},
        ),
    ],
)
def test_each_old_message_becomes_its_code_and_parameters(
    north, kind, cause_key, message, code, params
):
    alert = old_alert(north, kind, cause_key, message)
    migration.forwards(apps, None)
    alert.refresh_from_db()
    assert (alert.code, alert.params, alert.message) == (code, params, "")


def test_an_old_red_flag_takes_its_symptoms_from_the_session(north):
    program = prescribe_small_program(north)
    session = log_stretch(north.patient, program, symptoms=("recent_injury", "worse_after"))
    Alert.objects.all().delete()
    alert = old_alert(
        north,
        AlertKind.RED_FLAG,
        f"session-red-flag:{session.performed_on.isoformat()}",
        "Reported: A recent fall, accident or injury",
        session=session,
    )
    migration.forwards(apps, None)
    alert.refresh_from_db()
    assert alert.code == AlertCode.RED_FLAG_REPORTED
    assert alert.params == {
        "day": session.performed_on.isoformat(),
        "symptoms": ["recent_injury"],
    }


def test_a_message_that_does_not_match_its_pattern_is_kept_as_it_was(north):
    alert = old_alert(
        north, AlertKind.PAIN_RISE, "pain-rise:2026-01-07", "Pain went up a lot (typed by hand)."
    )
    migration.forwards(apps, None)
    alert.refresh_from_db()
    assert (alert.code, alert.params) == ("", {})
    assert alert.message == "Pain went up a lot (typed by hand)."
