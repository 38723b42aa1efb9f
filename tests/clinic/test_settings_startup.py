"""Settings come from the environment and refuse to start insecurely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="clinic.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set and DEBUG is off" in result.stderr


def test_debug_without_secret_key_starts_for_local_development():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_production_with_secret_key_starts():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="clinic.example")
    assert result.returncode == 0, result.stderr


def test_an_ambiguous_debug_value_is_refused():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def settings_values(names, **env):
    """The given settings as a fresh process sees them, with ``env`` (None: unset)."""
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        f"print(*(eval('s.' + n) for n in {names!r}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in env}
    clean.update({k: v for k, v in env.items() if v is not None})
    clean.update(DEBUG="true", DJANGO_SETTINGS_MODULE="clinic.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_database_url_selects_the_database_and_sqlite_is_the_default():
    engine = ["DATABASES['default']['ENGINE']"]
    assert settings_values(engine, DATABASE_URL=None) == ["django.db.backends.sqlite3"]
    assert settings_values(engine, DATABASE_URL="postgres://u@db.example:5432/hep") == [
        "django.db.backends.postgresql"
    ]


def test_redis_url_moves_the_shared_cache_to_redis():
    backend = ["CACHES['default']['BACKEND']"]
    assert settings_values(backend, REDIS_URL=None) == [
        "django.core.cache.backends.db.DatabaseCache"
    ]
    assert settings_values(backend, REDIS_URL="redis://127.0.0.1:6379/0") == [
        "django.core.cache.backends.redis.RedisCache"
    ]
    timeouts = ["CACHES['default']['OPTIONS']['socket_timeout']"]
    assert settings_values(timeouts, REDIS_URL="redis://127.0.0.1:6379/0") == ["2"]
