"""The one place that decides which clinical rows a user may see.

Every page, admin screen and API endpoint gets its querysets through
``Model.objects.visible_to(user)``; nothing filters by clinic by hand. A user
who is neither staff of a clinic nor a patient sees nothing.
"""

from dataclasses import dataclass, replace

from django.db import models
from django.db.models import Q
from django.dispatch import Signal

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
        )
    elif _has_relation(user, "patient_profile"):
        profile = user.patient_profile
        if profile.is_active:
            viewer = Viewer(
                clinic_id=profile.clinic_id,
                role=PATIENT,
                patient_id=profile.pk,
                time_zone=profile.clinic.time_zone,
            )
    if user.is_superuser:
        viewer = replace(viewer, is_superuser=True)
    user._viewer = viewer
    return viewer


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

    def editable_by(self, user):
        """Rows this user may change: staff of the clinic (patients write through services)."""
        viewer = viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_staff_member:
            return self.filter(**{f"{self.clinic_path}_id": viewer.clinic_id})
        return self.none()


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
