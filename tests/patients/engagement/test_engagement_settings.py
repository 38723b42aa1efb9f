"""Settings for background work and reminders come from the environment, validated."""

from tests.clinic.test_settings_startup import run_check


def test_an_unknown_tasks_backend_is_refused():
    result = run_check(DEBUG="true", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate, dummy" in result.stderr


def test_a_bad_digest_time_is_refused():
    result = run_check(DEBUG="true", ALERT_DIGEST_TIME="7am")
    assert result.returncode != 0
    assert "ALERT_DIGEST_TIME must be a time such as 07:30" in result.stderr


def test_the_database_queue_is_the_default_and_passes_its_checks():
    assert run_check(DEBUG="true").returncode == 0
    assert (
        run_check(DEBUG="true", TASKS_BACKEND="immediate", ALERT_DIGEST_TIME="18:45").returncode
        == 0
    )
