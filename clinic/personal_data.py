"""The register of personal data: what every installed model holds about people, and how
the patient's data export, their anonymisation and the audit log treat it.

How a model declares itself
---------------------------
A model of this project carries a ``personal_data`` class attribute, written in the
class body itself (a declaration is not inherited)::

    from clinic.personal_data import REMOVED, Holds, PersonalData

    class Clearance(models.Model):
        ...
        personal_data = PersonalData(
            Holds.PATIENT,
            "Who cleared the patient to exercise, and the clinician's reason.",
            rows="patient",                     # ORM path from this model to patients.Patient
            section="clearances",               # key in the patient's export
            export=("cleared_on", "reason"),    # what the patient gets (None: not exported)
            anonymise={"reason": REMOVED},      # or KEEP (nothing identifying left) or DELETE
            audited=True,                       # every change is written to the audit log
        )

A model that holds nothing about a person says so and why:
``PersonalData(Holds.NOTHING, "The exercise library: no one's data.")``.

Models of other packages (Django's auth, sessions and admin log, axes, django-otp, the task
queue...) cannot carry the attribute; they are declared by label in ``THIRD_PARTY`` below.

Nothing else needs changing: ``patients.services.rights`` exports and anonymises by
walking this register, and ``clinic.audit`` audits exactly the models declared
``audited``. The system check ``clinic.E001`` (``manage.py check``; the test suite runs
``problems()``) fails on any installed model without a declaration, on a ``THIRD_PARTY``
label that names no installed model, and on a declaration naming a field its model lacks.
"""

import enum
import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

#: What free text becomes when a patient is anonymised.
REMOVED = "[removed]"


class Holds(enum.StrEnum):
    """Whose data a model's rows hold."""

    #: Nothing about a person (the exercise library, permissions, content types).
    NOTHING = "nothing"
    #: About staff only (their memberships, digests): outside a patient's rights.
    STAFF = "staff"
    #: May hold data about a patient: the declaration says how to find one patient's rows,
    #: what their export contains and what anonymisation does to them.
    PATIENT = "patient"


class Treatment(enum.Enum):
    """What anonymisation does to a patient's rows, when it is not a field-by-field change."""

    #: The rows stay as they are: once the account is anonymous they identify nobody.
    KEEP = "keep"
    #: The rows are deleted.
    DELETE = "delete"


KEEP = Treatment.KEEP
DELETE = Treatment.DELETE

#: Field name -> new value, or a function of the old value that returns the new one.
Replacements = Mapping[str, object]


@dataclass(frozen=True)
class PersonalData:
    """One model's entry in the register (see the module docstring)."""

    holds: Holds
    #: One line: what personal data the rows hold, or why there is none.
    why: str
    #: How to find one patient's rows: an ORM path from this model to patients.Patient
    #: ("patient", "session__patient", "patient_profile"), or a function of the patient
    #: that returns a ``Q`` on this model. Required for ``Holds.PATIENT``.
    rows: str | Callable[[object], Q] | None = None
    #: Key of this model's rows in the patient's export (default: the model name).
    section: str = ""
    #: Fields given to the patient in their export: names, or a mapping of export key to
    #: ORM lookup. ``None``: not exported (``why`` says why).
    export: tuple[str, ...] | Mapping[str, str] | None = None
    #: The export holds one object (the patient's own record) rather than a list.
    single: bool = False
    #: What anonymisation does: KEEP, DELETE, or field replacements.
    anonymise: Treatment | Replacements = KEEP
    #: Every change to a row is recorded in the audit log (clinic.audit).
    audited: bool = False

    def __post_init__(self):
        if self.holds is Holds.PATIENT and self.rows is None:
            raise ValueError("A model holding patient data must say how to find their rows.")
        if self.holds is not Holds.PATIENT and (self.export or self.anonymise is not KEEP):
            raise ValueError("Only patient data is exported or anonymised.")

    @property
    def export_fields(self) -> dict[str, str]:
        """Export key -> ORM lookup."""
        if self.export is None:
            return {}
        if isinstance(self.export, Mapping):
            return dict(self.export)
        return {name: name for name in self.export}

    def rows_of(self, model, patient):
        """This model's rows about ``patient``, through the plain base manager.

        The patient's clinic was checked by the caller (the patient themself, or their
        clinic's manager); the rows are then selected by patient, never by clinic.
        """
        condition = Q(**{self.rows: patient}) if isinstance(self.rows, str) else self.rows(patient)
        return model._base_manager.filter(condition)


# Helpers for declarations.


def pseudonymous_email(_old) -> str:
    """A unique address that reaches no one, marking the account as anonymised."""
    return f"{uuid.uuid4().hex}{ANONYMISED_DOMAIN}"


ANONYMISED_DOMAIN = "@anonymised.invalid"


def unusable_password(_old) -> str:
    return make_password(None)


def scrub_key(key: str) -> Callable[[list], list]:
    """For a JSON list of objects: replace one key's text, keep the rest (the scores)."""

    def scrub(items):
        return [{**item, key: REMOVED} if key in item else item for item in items or []]

    return scrub


# How to find one patient's rows in third-party tables.


def _typed_email(patient) -> Q:
    # Sign-in logs hold the address as typed (any case), for failures as for successes.
    return Q(username__iexact=patient.user.email)


def _sessions(patient) -> Q:
    # Session data is encoded; the only way to find a user's sessions is to read them.
    session_model = apps.get_model("sessions", "Session")
    user_id = str(patient.user_id)
    keys = [
        session.session_key
        for session in session_model._base_manager.iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    return Q(session_key__in=keys)


def _admin_log(patient) -> Q:
    # The admin log names each changed row by its str(), which for the project's clinical
    # rows starts with the patient's name: find the log entries of all the patient's rows.
    content_type = apps.get_model("contenttypes", "ContentType")
    condition = Q(pk__in=[])
    for model, declaration in declared_models():
        ours = model.__dict__.get("personal_data") is declaration
        if ours and declaration.holds is Holds.PATIENT:
            rows = declaration.rows_of(model, patient).values_list("pk", flat=True)
            ids = [str(pk) for pk in rows]
            if ids:
                kind = content_type.objects.get_for_model(model)
                condition |= Q(content_type=kind, object_id__in=ids)
    return condition


def _tasks(patient) -> Q:
    # Task arguments are row ids; a failed email's traceback may quote the address.
    return (
        Q(args_kwargs__kwargs__patient_id=patient.pk)
        | Q(args_kwargs__kwargs__notice_id__in=list(patient.notices.values_list("pk", flat=True)))
        | Q(args_kwargs__kwargs__alert_id__in=list(patient.alerts.values_list("pk", flat=True)))
    )


_NOTHING_AUTH = "Django's permission machinery: names of models and permissions."
_SIGN_IN_LOG = ("attempt_time", "ip_address", "user_agent", "path_info")

#: Models of other packages, by label. Checked against the installed models.
THIRD_PARTY: dict[str, PersonalData] = {
    "admin.LogEntry": PersonalData(
        Holds.PATIENT,
        "Staff edits in the admin; each entry names its row by str(), i.e. the patient's name.",
        rows=_admin_log,
        anonymise={"object_repr": REMOVED},
    ),
    "auth.Permission": PersonalData(Holds.NOTHING, _NOTHING_AUTH),
    "auth.Group": PersonalData(Holds.NOTHING, _NOTHING_AUTH),
    "contenttypes.ContentType": PersonalData(Holds.NOTHING, "The names of installed models."),
    "sessions.Session": PersonalData(
        Holds.PATIENT,
        "Signed-in browsers: a user id and a password hash digest. Deleted: signs them out.",
        rows=_sessions,
        anonymise=DELETE,
    ),
    "knox.AuthToken": PersonalData(
        Holds.PATIENT,
        "API tokens of an account (digests only); never exported, deleted on anonymisation.",
        rows="user__patient_profile",
        anonymise=DELETE,
    ),
    "axes.AccessAttempt": PersonalData(
        Holds.PATIENT,
        "Failed sign-ins: the email as typed, address, browser and the form's data.",
        rows=_typed_email,
        section="failed_sign_ins",
        export=(*_SIGN_IN_LOG, "failures_since_start"),
        anonymise=DELETE,
    ),
    "axes.AccessAttemptExpiration": PersonalData(
        Holds.NOTHING, "When a failed-sign-in record expires; deleted with it."
    ),
    "axes.AccessFailureLog": PersonalData(
        Holds.PATIENT,
        "Each failed sign-in: the email as typed, address and browser.",
        rows=_typed_email,
        section="failed_sign_in_log",
        export=(*_SIGN_IN_LOG, "locked_out"),
        anonymise=DELETE,
    ),
    "axes.AccessLog": PersonalData(
        Holds.PATIENT,
        "Each sign-in and sign-out: the email, address and browser.",
        rows=_typed_email,
        section="sign_ins",
        export=(*_SIGN_IN_LOG, "logout_time"),
        anonymise=DELETE,
    ),
    "otp_totp.TOTPDevice": PersonalData(
        Holds.PATIENT,
        "Authenticator secrets (staff only today; a patient's would be deleted).",
        rows="user__patient_profile",
        anonymise=DELETE,
    ),
    "django_tasks_database.DBTaskResult": PersonalData(
        Holds.PATIENT,
        "Queued emails: row ids as arguments; a failed send's traceback may quote the address.",
        rows=_tasks,
        anonymise={"traceback": ""},
    ),
}


def declaration_for(model) -> PersonalData | None:
    """The model's entry in the register; a proxy model shares its concrete model's."""
    model = model._meta.concrete_model
    own = model.__dict__.get("personal_data")
    if isinstance(own, PersonalData):
        return own
    return THIRD_PARTY.get(model._meta.label)


def declared_models() -> list[tuple[type, PersonalData]]:
    """Every installed concrete model with its declaration, in app order (undeclared ones
    are left out here; ``problems`` reports them)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        declaration = declaration_for(model)
        if declaration is not None:
            found.append((model, declaration))
    return found


@functools.cache
def is_audited(model) -> bool:
    """Whether changes to ``model`` are written to the audit log (declared ``audited``)."""
    declaration = declaration_for(model)
    return declaration is not None and declaration.audited


def _field_problems(model, declaration) -> list[str]:
    problems = []
    names = list(declaration.export_fields.values())
    if isinstance(declaration.anonymise, Mapping):
        names += list(declaration.anonymise)
    for name in names:
        try:
            _resolve(model, name)
        except FieldDoesNotExist:
            problems.append(f"{model._meta.label}: the register names no field {name!r}.")
    return problems


def _resolve(model, lookup: str) -> None:
    for part in lookup.split("__"):
        found = model._meta.get_field(part)
        model = found.related_model or model


def problems() -> list[str]:
    """Everything wrong with the register: undeclared models, third-party labels that
    name no installed model, declared fields that do not exist."""
    found = []
    installed = {model._meta.label: model for model in apps.get_models()}
    for label, model in installed.items():
        own = model._meta.concrete_model.__dict__.get("personal_data")
        if model._meta.proxy:
            continue
        declaration = declaration_for(model)
        if declaration is None:
            found.append(f"{label} is not in the personal-data register (clinic.personal_data).")
        elif own is not None and label in THIRD_PARTY:
            found.append(f"{label} is declared twice (on the model and in THIRD_PARTY).")
        else:
            found += _field_problems(model, declaration)
    for label in THIRD_PARTY:
        if label not in installed:
            found.append(f"THIRD_PARTY names {label}, which is not an installed model.")
        elif installed[label]._meta.proxy:
            found.append(f"THIRD_PARTY names the proxy {label}; declare its concrete model.")
    return found


@checks.register(checks.Tags.models)
def check_register(app_configs=None, **kwargs):
    """System check: every installed model is in the register, and the register is right."""
    return [checks.Error(message, id="clinic.E001") for message in problems()]
