"""Settings for the home-exercise platform, read from environment variables.

Every value a deployment changes comes from the environment (12-factor). A bad
or missing value needed for a safe production start stops the process with a
message that says what to set, rather than running insecurely.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; refuse anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY to a long random value "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development only."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "clinic",
    "programs",
    "patients",
    "django_tasks_db",
]

MIDDLEWARE = [
    "clinic.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware (its slash redirect never sees an API path) and outside
    # everything that can answer an API request with HTML (axes' lockout included).
    "clinic.api.ApiContractMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Who is asking, and the clinic scope every later step and the view run in.
    "clinic.middleware.ViewerMiddleware",
    "clinic.two_factor.TwoFactorMiddleware",
    "clinic.audit.AuditMiddleware",
    "clinic.middleware.SessionLimitsMiddleware",
    "clinic.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a lockout into a clear answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"
ASGI_APPLICATION = "clinic.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.viewer",
            ],
        },
    },
    {
        # Plain text (email subjects and bodies): nothing is HTML-escaped ("Siobhán & Seán").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# SQLite file when DATABASE_URL is unset, so a newcomer needs nothing installed.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiler costs more than it saves (measured ~1 s
    # of compilation on the clinic report).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clinic.User"
AUTHENTICATION_BACKENDS = [
    # Brute-force protection on every sign-in (pages, admin, API token): django-axes locks
    # an account from one address for a cool-off, and above it the whole account is slowed
    # (never locked) with an unlock link emailed to its owner (clinic/signin.py).
    "clinic.signin.SignInGuardBackend",
    "clinic.backends.ClinicModelBackend",
]
# The reverse proxies in front of the app that append to X-Forwarded-For (each one that
# does counts). 0: the header is ignored and the connection's address is the client's.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_TLS_PROXY", False) else "0")
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Our sign-in forms and the token endpoint all pass the email as "username"; every spelling
# of one email counts as one account, and the address is the client's, not the proxy's.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "clinic.signin.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "clinic.network.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "clinic.signin.lockout_response"
AXES_VERBOSE = False
# Failures for one account from all addresses within the cool-off after which the account
# takes one attempt per LOGIN_ACCOUNT_SLOW_SECONDS, from anywhere.
LOGIN_ACCOUNT_FAILURE_CEILING = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_CEILING", "20"))
LOGIN_ACCOUNT_SLOW_SECONDS = int(os.environ.get("LOGIN_ACCOUNT_SLOW_SECONDS", "30"))
# Password reset: one email per account per this many minutes, this many requests an hour
# from one address.
PASSWORD_RESET_EMAIL_MINUTES = int(os.environ.get("PASSWORD_RESET_EMAIL_MINUTES", "5"))
PASSWORD_RESET_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_HOUR", "20"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Invitation links stay valid for three days, then the therapist sends a new one.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("INVITATION_TIMEOUT_SECONDS", str(3 * 24 * 3600)))

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("fr-ca", "Français (Canada)")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Uploads (clinics' own photos and videos) are read and written only through this
    # storage; an S3-compatible store is a backend and its options away (README).
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "clinic@localhost")

# Background work (reminders, program-change notices, alert emails and digests) runs through
# Django's tasks framework. The default queue lives in the database, so no extra service is
# needed: run `manage.py db_worker` beside the app servers (`make run` starts one).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "database").strip().lower()
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {_tasks_backend!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}


def env_time(name: str, default: str) -> tuple[int, int]:
    """Read a clock time such as 07:30 (24-hour) into (hour, minute); refuse anything else."""
    raw = os.environ.get(name) or default
    try:
        hour, minute = (int(part) for part in raw.strip().split(":"))
    except ValueError:
        hour = minute = -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ImproperlyConfigured(f"{name} must be a time such as 07:30, not {raw!r}.")
    return hour, minute


# How long a computed clinic report is reused for paging and sorting (seconds).
REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", "60"))
# How long a rendered part of a patient's Today or progress page may be reused (seconds).
# Every write about the patient that the pages show (sessions, program changes, assessments,
# notices, check-ins) shows at once whatever this is; it bounds how long an edit the reuse
# cannot see (a library exercise renamed or given another type) takes to show. 0 turns the
# reuse off, the default with DEBUG so that an edited template shows at once.
PORTAL_CACHE_SECONDS = int(os.environ.get("PORTAL_CACHE_SECONDS", "0" if DEBUG else "600"))
# The name of the running release (a tag or commit): parts rendered by another release are
# not reused, so set a new one with each deployment that changes templates or code.
RELEASE = os.environ.get("RELEASE", "")

# When each therapist's daily alert digest goes out, in their clinic's time zone.
ALERT_DIGEST_TIME = env_time("ALERT_DIGEST_TIME", "07:00")
# How many days ahead a patient's calendar feed lists sessions.
CALENDAR_FEED_DAYS = int(os.environ.get("CALENDAR_FEED_DAYS", "42"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A cache shared by every app server: the database by default (no extra service),
# Redis when REDIS_URL is set. It carries the sign-in limits, reports and portal parts.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that hangs must not hold app workers: give up after two seconds.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CACHES["bookkeeping"] = CACHES["default"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # Room for every active patient's two portal parts (the default, 300, would
            # cull a third of the table every few visits in a clinic of a few hundred).
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        # Request bookkeeping (API request-rate counts, in-flight markers) in each
        # process's memory: see clinic/bookkeeping.py for why that is safe.
        "bookkeeping": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bookkeeping",
        },
    }

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "clinic.api.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "clinic.throttling.AnonRateThrottle",
        "clinic.throttling.UserRateThrottle",
        "clinic.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "120/min"),
        "user": os.environ.get("API_RATE_USER", "1200/min"),
        "auth": os.environ.get("API_RATE_AUTH", "10/min"),
    },
    # Token first, so an anonymous caller gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "clinic.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "clinic.api.ClinicAutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "clinic.api_lists.StrictFilterBackend",
        "clinic.api_lists.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "clinic.api_lists.Pagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Home exercise program API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ExerciseKindEnum": "programs.models.Kind.choices",
        "AlertKindEnum": "patients.models.AlertKind.choices",
        "AlertCodeEnum": "patients.api.views.ALERT_CODES",
        "ReadinessCodeEnum": "patients.api.views.READINESS_CODES",
    },
    # Swagger UI served from the project's own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Reads model metadata with no clinic scope open (clinic.api.SchemaGenerator).
    "DEFAULT_GENERATOR_CLASS": "clinic.api.SchemaGenerator",
}

OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Home exercise programs")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff are signed out after this much idle time, and after this long in all.
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
STAFF_SESSION_MAX_MINUTES = int(os.environ.get("STAFF_SESSION_MAX_MINUTES", str(12 * 60)))
# API tokens (django-rest-knox, clinic/tokens.py): a staff token lasts this many hours at
# most and ends after STAFF_IDLE_MINUTES unused; a patient's lasts this many days.
API_TOKEN_STAFF_HOURS = int(os.environ.get("API_TOKEN_STAFF_HOURS", "12"))
API_TOKEN_PATIENT_DAYS = int(os.environ.get("API_TOKEN_PATIENT_DAYS", "30"))
# Knox's own settings: the header stays "Authorization: Token <key>"; lifetimes are ours.
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": None}
# Content Security Policy (Django's own): scripts only from this site, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per failed sign-in is in the audit log already.
    "loggers": {"axes": {"level": "WARNING"}},
}
