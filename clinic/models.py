"""The tenant: clinics, the people who sign in, and their roles."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from clinic import tenancy, tokens
from clinic.personal_data import Holds, PersonalData, pseudonymous_email, unusable_password
from clinic.tenancy import MembershipQuerySet
from clinic.text import visible_text


def validate_time_zone(value: str) -> None:
    """Accept only IANA time zone names such as America/Toronto."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Clinic(models.Model):
    """A physiotherapy clinic: every row of clinical data belongs to exactly one."""

    name = models.CharField(_("name"), max_length=120, validators=[visible_text])
    slug = models.SlugField(_("short name"), unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in for all staff"),
        default=False,
        help_text=_("Set by the clinic's manager."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(Holds.NOTHING, "A clinic's business name and contact details.")

    class Meta:
        ordering = ["name"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class UserManager(BaseUserManager):
    """Users sign in with their email address; addresses are stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def clinic_staff(self, user):
        """The one query for "this clinic's staff": the people a form or the API may offer
        as a therapist to this user (a superuser sees every clinic's staff)."""
        viewer = tenancy.viewer_for(user)
        staff = self.filter(membership__isnull=False)
        return (
            staff if viewer.is_superuser else staff.filter(membership__clinic_id=viewer.clinic_id)
        )


class User(AbstractUser):
    """Anyone who signs in: clinic staff (through a membership) or a patient."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[visible_text]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[visible_text]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "Name and email of everyone who signs in; a patient's are exported with their record.",
        rows="patient_profile",
        anonymise={
            "email": pseudonymous_email,
            "first_name": "",
            "last_name": "",
            "is_active": False,
            "password": unusable_password,
        },
    )

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            # Like its sessions (Django checks a hash of the password), its API tokens end.
            tokens.revoke_all(self)


class Role(models.TextChoices):
    MANAGER = tenancy.MANAGER, _("Manager")
    THERAPIST = tenancy.THERAPIST, _("Therapist")


class Membership(models.Model):
    """A staff user's place in one clinic. A staff user belongs to exactly one clinic."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    personal_data = PersonalData(Holds.STAFF, "A staff user's clinic and role.", audited=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.clinic})"


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    BULK_UPDATE = "bulk_update", _("Bulk update")
    BULK_DELETE = "bulk_delete", _("Bulk delete")
    EXPORT = "export", _("Export")
    DENIED = "denied", _("Access refused")
    LOGIN = "login", _("Sign-in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Sign-out")
    SECURITY = "security", _("Sign-in security changed")


class AuditEventQuerySet(models.QuerySet):
    """Append-only: rows are never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")

    def visible_to(self, user):
        viewer = tenancy.viewer_for(user)
        if viewer.is_superuser:
            return self
        if viewer.is_manager:
            return self.filter(clinic_id=viewer.clinic_id)
        return self.none()


class AuditEvent(models.Model):
    """Who did what to which record, when (UTC) and from where. Never holds clinical text.

    Append-only: the model refuses changes and deletion, and a database trigger refuses
    UPDATE and DELETE on the table whatever the client (see migration 0002).
    """

    at = models.DateTimeField(_("when (UTC)"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    clinic_id = models.BigIntegerField(_("clinic id"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=80, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    personal_data = PersonalData(
        Holds.PATIENT,
        "The security record: user id, record type and id, address. No names, emails or text, "
        "so it is kept as it is (append-only) when a patient is anonymised.",
        rows=lambda patient: Q(actor_id=patient.user_id),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["clinic_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} user {self.actor_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
