"""The one place that decides which clinical rows a user may see.

Every page, admin screen and API endpoint gets its querysets through
``Model.objects.visible_to(user)``; nothing filters by clinic by hand. A user
who is neither staff of a clinic nor a patient sees nothing.

Behind that, a second line that cannot be forgotten (django-scopes, as pretix uses it):
the default manager of every clinical model refuses to run unless a clinic scope is open.
``clinic.middleware.ViewerMiddleware`` opens the viewer's scope for each request (and
``clinic.api.ViewerScopeMixin`` again once the API has read a token), so a query that
forgets ``visible_to`` is still limited to the viewer's clinic, and one made where no
viewer is known raises ``ScopeError`` instead of reading every clinic's rows. Code that
runs for the system itself is marked: management commands derive from ``SystemCommand``,
task functions are declared with ``system_task``, and anything else uses
``django_scopes.scopes_disabled()`` around the few lines that need every clinic.
"""

from dataclasses import dataclass, field, replace

from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.tasks import task
from django_scopes import ScopedManager, scope, scopes_disabled

# Role names as stored on clinic.models.Membership (kept here to avoid an import cycle).
MANAGER = "manager"
THERAPIST = "therapist"
PATIENT = "patient"


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their clinic, their role, and their patient record if they are one."""

    clinic_id: int | None = None
    role: str | None = None
    patient_id: int | None = None
    is_superuser: bool = False
    time_zone: str | None = None
    #: The clinic row itself, loaded with the user (clinic.backends), for pages that show it.
    clinic: models.Model | None = field(default=None, compare=False, repr=False)

    @property
    def is_staff_member(self) -> bool:
        return self.role in (MANAGER, THERAPIST)

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    @property
    def is_patient(self) -> bool:
        return self.role == PATIENT


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """Resolve (and cache on the user object) who this user is in clinic terms."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_viewer", None)
    if cached is not None:
        return cached
    viewer = ANONYMOUS
    membership = getattr(user, "membership", None) if _has_relation(user, "membership") else None
    if membership is not None:
        viewer = Viewer(
            clinic_id=membership.clinic_id,
            role=membership.role,
            time_zone=membership.clinic.time_zone,
            clinic=membership.clinic,
        )
    elif _has_relation(user, "patient_profile"):
        profile = user.patient_profile
        if profile.is_active:
            viewer = Viewer(
                clinic_id=profile.clinic_id,
                role=PATIENT,
                patient_id=profile.pk,
                time_zone=profile.clinic.time_zone,
                clinic=profile.clinic,
            )
    if user.is_superuser:
        viewer = replace(viewer, is_superuser=True)
    user._viewer = viewer
    return viewer


def viewer_scope(viewer: Viewer):
    """The scope a request by this viewer runs in (a context manager).

    Two dimensions: the clinic, and the patient for models a patient reaches
    (``patient_path``). Staff: their clinic's rows, every patient's. A patient: their
    clinic, their own rows. A superuser: everything (the admin is theirs). Anyone else:
    neither, so a clinical query raises ``ScopeError``.
    """
    if viewer.is_superuser:
        return scope(clinic=None, patient=None)
    if viewer.is_patient:
        return scope(clinic=viewer.clinic_id, patient=viewer.patient_id)
    if viewer.is_staff_member:
        return scope(clinic=viewer.clinic_id, patient=None)
    return scope()


def patient_scope(patient):
    """The scope of one patient's own request, for a page a secret link opens (no sign-in)."""
    return scope(clinic=patient.clinic_id, patient=patient.pk)


class SystemCommand(BaseCommand):
    """A management command: the system at work across clinics, so no clinic scope."""

    def execute(self, *args, **options):
        with scopes_disabled():
            return super().execute(*args, **options)


def system_task(function):
    """``django.tasks.task`` for work the system does (reminders, emails): no clinic scope.

    The worker runs a task outside any request; with the immediate backend it runs inside
    the request that queued it. Either way it reads the rows its arguments name.
    """
    unscoped = scopes_disabled()(function)
    unscoped.runs_as_system = True
    return task(unscoped)


def _has_relation(user, name: str) -> bool:
    try:
        getattr(user, name)
    except models.ObjectDoesNotExist:
        return False
    return True


#: Bulk writes skip model signals; this one tells the audit log (clinic.audit listens).
#: Arguments: ``action``, ``queryset``, ``count``.
bulk_written = Signal()


class ClinicScopedQuerySet(models.QuerySet):
    """Clinical data: staff see their clinic's rows, a patient sees only their own.

    Subclasses say how a row reaches its clinic (``clinic_path``) and its
    patient (``patient_path``; ``None`` when patients never see the model).
    """

    clinic_path = "clinic"
    patient_path: str | None = None

    @classmethod
    def as_manager(cls):
        """The model's default manager: scoped by clinic (and patient), refusing to run
        with no scope open.

        Outside a scope, every query on it raises ``django_scopes.ScopeError`` (``none()``
        still works, for class-level defaults). ``visible_to`` stays the rule pages follow;
        the scope is the net under it.
        """
        dimensions = {"clinic": cls.clinic_path}
        if cls.patient_path is not None:
            dimensions["patient"] = cls.patient_path
        manager = ScopedManager(_manager_class=models.Manager.from_queryset(cls), **dimensions)
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_staff_member:
            return self.filter(**{f"{self.clinic_path}_id": viewer.clinic_id})
        if viewer.is_patient and self.patient_path is not None:
            return self.filter(
                **{f"{self.clinic_path}_id": viewer.clinic_id, self.patient_path: viewer.patient_id}
            )
        return self.none()

    def update(self, **kwargs):
        count = super().update(**kwargs)
        bulk_written.send(sender=self.model, action="bulk_update", queryset=self, count=count)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        bulk_written.send(sender=self.model, action="create", queryset=self, count=len(created))
        return created

    #: How a row reaches the therapist who writes it: its patient's primary therapist.
    #: Derived from ``patient_path``; a model patients never see but that belongs to a
    #: patient (alerts) names it. ``None``: the row is no patient's (written by all staff).
    writer_path: str | None = None

    @classmethod
    def _writer_path(cls) -> str | None:
        if cls.writer_path is not None or cls.patient_path is None:
            return cls.writer_path
        if cls.patient_path == "id":
            return "primary_therapist"
        return cls.patient_path.removesuffix("_id") + "__primary_therapist"

    def written_by(self, user):
        """Clinical rows this user may write. **The one rule of who writes what**:

        - A patient's clinical records (assessments, conditions, prescriptions and all in
          them, alerts) are written by the patient's primary therapist, and by nobody else
          on the staff; every staff member of the clinic reads them.
        - The manager reads everything of the clinic and writes the patient record itself:
          reassigning the patient to another therapist, contact details, invitations
          (``editable_by``), never their clinical records.
        - Rows that are no patient's (the clinic's library) are written by all its staff.
        - A superuser writes anything (the platform's admin).

        Pages, the admin, the API and the report all go through these querysets
        (the services check them under a row lock), so the rule holds everywhere at once.
        """
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if not viewer.is_staff_member:
            return self.none()
        rows = self.filter(**{f"{self.clinic_path}_id": viewer.clinic_id})
        writer = self._writer_path()
        return rows if writer is None else rows.filter(**{f"{writer}_id": user.pk})

    def editable_by(self, user):
        """Rows this user may change (``written_by``; on the patient record the manager too)."""
        viewer = viewer_for(user)
        if viewer.is_manager and self._writer_path() == "primary_therapist":
            return self.filter(**{f"{self.clinic_path}_id": viewer.clinic_id})
        return self.written_by(user)


class LibraryQuerySet(models.QuerySet):
    """Library content: the shared rows (no clinic) plus the viewer's own clinic's rows.

    Shared rows are read-only to clinics. A patient sees only what is prescribed to
    them (``prescribed_path`` names the link to their prescriptions).
    """

    clinic_path = "clinic"
    prescribed_path = ""

    def shared(self):
        return self.filter(**{f"{self.clinic_path}__isnull": True})

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_staff_member:
            return self.filter(
                Q(**{f"{self.clinic_path}__isnull": True})
                | Q(**{f"{self.clinic_path}_id": viewer.clinic_id})
            )
        if viewer.is_patient and self.prescribed_path:
            return self.filter(
                pk__in=self.model.objects.filter(
                    **{self.prescribed_path: viewer.patient_id}
                ).values("pk")
            )
        return self.none()

    def editable_by(self, user):
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_staff_member:
            return self.filter(**{f"{self.clinic_path}_id": viewer.clinic_id})
        return self.none()


class MembershipQuerySet(models.QuerySet):
    """Staff memberships: visible to the clinic's staff, editable by its manager."""

    def visible_to(self, user):
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_staff_member:
            return self.filter(clinic_id=viewer.clinic_id)
        return self.none()

    def editable_by(self, user):
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_manager:
            return self.filter(clinic_id=viewer.clinic_id)
        return self.none()
