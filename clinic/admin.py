"""Admin for the tenant: clinics and users for superusers, staff memberships for managers."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic import onboarding, two_factor
from clinic.admin_scoping import ClinicScopedAdmin
from clinic.models import AuditEvent, Clinic, Membership, User
from clinic.tenancy import viewer_for
from clinic.text import visible_text

admin.site.site_header = _("Home exercise programs")
admin.site.site_title = _("Clinic admin")
admin.site.index_title = _("Your clinic")
admin.site.unregister(Group)
# Staff manage their own authenticator on the two-factor page; django-otp's device admin
# (with its secret-key pages) is not offered.
admin.site.unregister(TOTPDevice)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Platform-wide records: only the platform's superusers manage them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(Clinic)
class ClinicAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "slug", "time_zone"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(SuperuserOnlyAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("first_name", "last_name")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class NewStaffForm(forms.ModelForm):
    """Adds a colleague: creates their sign-in account with the membership."""

    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[visible_text])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[visible_text])

    class Meta:
        model = Membership
        fields = ["role"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


@admin.register(Membership)
class MembershipAdmin(ClinicScopedAdmin):
    list_display = ["user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "clinic"]
    write_roles = ("manager",)
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor sign-in (a lost phone)"))
    def reset_two_factor(self, request, queryset):
        for member in queryset.select_related("user"):
            two_factor.reset_second_factor(request, member)
        self.message_user(request, _("Their authenticator apps were removed."))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewStaffForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "first_name", "last_name", "role"]
        return ["user", "role"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            obj.user = User.objects.create_user(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_staff=True,
            )
        super().save_model(request, obj, form, change)
        if not change:
            onboarding.invite_staff(user=obj.user, clinic=obj.clinic, invited_by=request.user)
            self.message_user(
                request,
                _("An invitation to choose a password is on its way to %(email)s.")
                % {"email": obj.user.email},
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The clinic's audit log for its manager: read-only, filterable."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "ip", "status_code"]
    list_filter = ["action", "at", "object_type"]
    search_fields = ["actor_id", "object_type", "object_id", "ip"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        # Rows hold only the user's id (see clinic.audit); their current email is looked up
        # in the same query, so an anonymised patient shows as their anonymous address.
        email = User.objects.filter(pk=OuterRef("actor_id")).values("email")
        return AuditEvent.objects.visible_to(request.user).annotate(actor_email=Subquery(email))

    @admin.display(description=_("user"), ordering="actor_email")
    def actor(self, event):
        return event.actor_email or (event.actor_id or "")

    def has_module_permission(self, request):
        viewer = viewer_for(request.user)
        return viewer.is_superuser or viewer.is_manager

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
