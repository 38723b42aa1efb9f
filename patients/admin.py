"""Therapist admin for patients, assessments and prescriptions, scoped to the clinic."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled

from clinic.admin_scoping import ClinicScopedAdmin, ScopedInline
from clinic.models import User
from clinic.tenancy import viewer_for
from clinic.text import visible_text
from patients import services, texts
from patients.models import (
    Alert,
    Assessment,
    CautionOverride,
    Clearance,
    Patient,
    PatientCondition,
    PrescribedExercise,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
)
from patients.rules import limits
from patients.services import contraindications, rights
from programs.models import DOSE_FIELDS


class NewPatientForm(forms.ModelForm):
    """A new patient: their account is created and an invitation link is emailed."""

    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[visible_text])
    last_name = forms.CharField(label=_("Last name"), max_length=150, validators=[visible_text])

    class Meta:
        model = Patient
        fields = ["primary_therapist", "date_of_birth", "phone"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


class PatientConditionInline(ScopedInline, admin.TabularInline):
    """The patient's conditions and precautions, screened against every program change."""

    model = PatientCondition
    extra = 0
    fields = ["condition", "details", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]


class ReadOnlyInline(ScopedInline, admin.TabularInline):
    """Rows the clinic's staff read beside their parent and never edit here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CautionOverrideInline(ReadOnlyInline):
    """Exercises kept despite the patient's conditions, with the therapist's reason."""

    model = CautionOverride
    fk_name = "prescription"
    fields = ["overridden_at", "overridden_by", "exercise", "condition", "what_it_asks", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("Exercises kept despite the patient's conditions")

    @admin.display(description=_("caution tags"))
    def what_it_asks(self, obj):
        return texts.caution_labels(obj.tags)


def caution_reason_field():
    """The admin's box for a reason to keep exercises the patient's conditions rule out."""
    return forms.CharField(
        label=_("Reason to keep exercises the patient's conditions rule out"),
        required=False,
        max_length=limits.CAUTION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when the screen names a conflict; kept in the history."),
    )


@admin.register(Patient)
class PatientAdmin(ClinicScopedAdmin):
    list_display = [
        "name",
        "email",
        "primary_therapist",
        "is_active",
        "invited_at",
        "closure_requested_at",
    ]
    list_filter = [
        "is_active",
        "primary_therapist",
        ("closure_requested_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "primary_therapist"]
    actions = ["send_invitations", "anonymise"]
    inlines = [PatientConditionInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not PatientCondition:
            return super().save_formset(request, form, formset, change)
        for row in formset.save(commit=False):
            row.clinic_id = form.instance.clinic_id
            row.recorded_by = request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        return None

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewPatientForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "email",
                "first_name",
                "last_name",
                "primary_therapist",
                "date_of_birth",
                "phone",
            ]
        return ["user", "primary_therapist", "date_of_birth", "phone", "is_active", "invited_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "invited_at"] if obj is not None else []

    def get_changeform_initial_data(self, request):
        return {"primary_therapist": request.user.pk}

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        return services.create_patient(
            clinic_id=data["primary_therapist"].membership.clinic_id,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            primary_therapist=data["primary_therapist"],
            date_of_birth=data.get("date_of_birth"),
            phone=data.get("phone", ""),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new patient was saved by save_form; the invitation waits for their program.

    def response_add(self, request, obj, post_url_continue=None):
        """A new patient goes on through the intake: assessment, program, review, send."""
        self.message_user(
            request,
            _("%(name)s is saved. Next: the assessment; the invitation goes with the program.")
            % {"name": obj.name},
        )
        return redirect("staff:intake_assessment", pk=obj.pk)

    def save_related(self, request, form, formsets, change):
        # A new patient was saved whole by the service; the form has nothing left to save.
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description=_("Anonymise (after the patient asked to close the account)"))
    def anonymise(self, request, queryset):
        done = 0
        for patient in queryset:
            if patient.closure_requested_at is None:
                self.message_user(
                    request,
                    _("%(p)s has not asked to close the account; left as is.") % {"p": patient},
                    messages.WARNING,
                )
                continue
            try:
                rights.anonymise_patient(patient=patient, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{patient}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)d patient(s) anonymised.") % {"n": done})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not viewer_for(request.user).is_manager and not request.user.is_superuser:
            actions.pop("anonymise", None)
        return actions

    @admin.action(description=_("Email a new invitation link"))
    def send_invitations(self, request, queryset):
        sent = 0
        for patient in queryset.select_related("user", "clinic"):
            try:
                services.send_invitation(
                    patient=patient, by=request.user, base_url=settings.SITE_URL
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{patient}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                sent += 1
        self.message_user(
            request,
            ngettext("%d invitation sent.", "%d invitations sent.", sent) % sent,
            messages.SUCCESS,
        )


class AssessmentForm(forms.ModelForm):
    """An assessment is never dated in the future (the clinic's today)."""

    def clean(self):
        data = super().clean()
        if data.get("patient") and data.get("assessed_on"):
            services.check_assessed_on(data["assessed_on"], data["patient"].clinic)
        return data


@admin.register(Assessment)
class AssessmentAdmin(ClinicScopedAdmin):
    form = AssessmentForm
    list_display = ["patient", "assessed_on", "mode", "red_flags_found", "consent_given"]
    list_filter = ["mode", "assessed_on", "consent_given"]
    search_fields = ["patient__user__first_name", "patient__user__last_name", "problem_areas"]
    list_select_related = ["patient__user"]
    date_hierarchy = "assessed_on"
    fieldsets = (
        (None, {"fields": ("patient", "therapist", "assessed_on", "mode", "baseline_pain")}),
        (_("Findings"), {"fields": ("problem_areas", "findings")}),
        (
            _("Red-flag screen"),
            {
                "fields": (
                    "red_flag_numbness",
                    "red_flag_sharp_pain",
                    "red_flag_trauma",
                    "red_flag_persistent",
                    "red_flag_notes",
                )
            },
        ),
        (
            _("Plan and consent"),
            {"fields": ("plan", "consent_given", "consent_given_by", "consent_given_at")},
        ),
    )

    @admin.display(boolean=True, description=_("red flags"))
    def red_flags_found(self, obj):
        return obj.red_flags_found

    def get_changeform_initial_data(self, request):
        return {"therapist": request.user.pk}

    def save_model(self, request, obj, form, change):
        obj.clinic_id = obj.patient.clinic_id
        super().save_model(request, obj, form, change)
        # The admin saves in one transaction: the dashboard's baseline changes with it.
        services.portal_changed(patient_id=obj.patient_id)
        services.assessment_recorded(obj)


with scopes_disabled():

    class ClearanceForm(forms.ModelForm):
        """Clear the latest assessment of a patient for prescribing: who (you), when (now), why."""

        class Meta:
            model = Clearance
            fields = ["assessment", "reason"]

        request_user = None  # set by the admin for the checks in clean()

        def clean(self):
            data = super().clean()
            if not self.errors:
                data["reason"] = services.check_clearable(
                    assessment=data["assessment"], reason=data["reason"], by=self.request_user
                )
            return data


@admin.register(Clearance)
class ClearanceAdmin(ClinicScopedAdmin):
    """Clearances are recorded, never edited: the history of who cleared whom, when and why."""

    list_display = ["patient", "assessment", "cleared_by", "cleared_at", "reason"]
    list_select_related = ["patient__user", "assessment", "cleared_by"]
    search_fields = ["patient__user__first_name", "patient__user__last_name", "reason"]
    readonly_fields = ["patient", "assessment", "cleared_by", "cleared_at", "reason"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("ClearanceForm", (ClearanceForm,), {"request_user": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["assessment", "reason"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_changeform_initial_data(self, request):
        return {"assessment": request.GET.get("assessment")}

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_form(self, request, form, change):
        return services.record_clearance(by=request.user, **form.cleaned_data)

    def save_model(self, request, obj, form, change):
        """The service saved the clearance whole."""

    def save_related(self, request, form, formsets, change):
        """A clearance has no related rows to save."""


# Building a model form makes a choice field per foreign key from the default manager, at
# import, where no clinic scope is open (clinic.tenancy). The admin replaces those fields
# per request with the viewer's rows (ScopedForeignKeysMixin), so defining the class is
# system code.
with scopes_disabled():

    class PrescribeForm(forms.ModelForm):
        """Assign a protocol: the phases and doses are copied into the patient's prescription."""

        caution_reason = caution_reason_field()

        class Meta:
            model = Prescription
            fields = ["patient", "protocol", "therapist", "start_date"]

        request_user = None  # set by the admin for the checks in clean()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["protocol"].required = True

        def clean(self):
            data = super().clean()
            if not self.errors:
                services.check_start_date(data["start_date"], data["patient"].clinic)
                services.check_prescribable(
                    patient=data["patient"],
                    protocol=data["protocol"],
                    therapist=data["therapist"],
                    by=self.request_user,
                    caution_reason=data.get("caution_reason", ""),
                )
            return data


class PrescriptionChangeInline(ReadOnlyInline):
    model = PrescriptionChange
    fields = ["changed_at", "changed_by", "summary", "caution_override"]
    readonly_fields = fields
    verbose_name_plural = _("History of changes")

    @admin.display(description=_("kept despite the patient's conditions"))
    def caution_override(self, obj):
        return texts.caution_override_summary(obj.details) or "—"


class CautionActionForm(admin.helpers.ActionForm):
    """The actions' form with the reason a resume may need (conditions screened again)."""

    caution_reason = forms.CharField(
        label=_("Reason to keep exercises the patient's conditions rule out"),
        required=False,
        max_length=limits.CAUTION_REASON_MAX_LENGTH,
    )


@admin.register(Prescription)
class PrescriptionAdmin(ClinicScopedAdmin):
    list_display = ["patient", "name", "status", "start_date", "current_phase", "therapist"]
    list_filter = ["status", "therapist", "start_date"]
    search_fields = ["patient__user__first_name", "patient__user__last_name", "name"]
    list_select_related = ["patient__user", "current_phase", "therapist"]
    actions = ["pause", "resume", "complete"]
    action_form = CautionActionForm
    inlines = [PrescriptionChangeInline, CautionOverrideInline]
    readonly_fields = ["patient", "name", "protocol", "start_date", "status", "program"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("PrescribeForm", (PrescribeForm,), {"request_user": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["patient", "protocol", "therapist", "start_date", "caution_reason"]
        return ["patient", "name", "protocol", "therapist", "start_date", "status", "program"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_changeform_initial_data(self, request):
        initial = {"therapist": request.user.pk, "start_date": timezone.localdate()}
        initial.update(super().get_changeform_initial_data(request))
        return initial

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("patient__user")

    @admin.display(description=_("Program (phases, exercises and doses)"))
    def program(self, obj):
        phases = obj.phases.prefetch_related("exercises__exercise").order_by("order")
        return render_to_string(
            "admin/patients/prescription_program.html", {"phases": phases, "prescription": obj}
        )

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        return services.prescribe(by=request.user, **form.cleaned_data)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            services.portal_changed(patient_id=obj.patient_id)  # e.g. the program's name

    def save_related(self, request, form, formsets, change):
        # A new prescription was saved whole by the service; the form has nothing left to save.
        if change:
            super().save_related(request, form, formsets, change)

    def _move(self, request, queryset, status):
        moved = 0
        for prescription in queryset:
            try:
                services.set_status(
                    prescription=prescription,
                    status=status,
                    by=request.user,
                    caution_reason=request.POST.get("caution_reason", ""),
                )
                moved += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{prescription}: {' '.join(error.messages)}", messages.WARNING
                )
        if moved:
            self.message_user(request, _("%(n)d prescription(s) updated.") % {"n": moved})

    @admin.action(description=_("Pause the selected prescriptions"))
    def pause(self, request, queryset):
        self._move(request, queryset, PrescriptionStatus.PAUSED)

    @admin.action(description=_("Resume the selected prescriptions"))
    def resume(self, request, queryset):
        self._move(request, queryset, PrescriptionStatus.ACTIVE)

    @admin.action(description=_("Mark the selected prescriptions completed"))
    def complete(self, request, queryset):
        self._move(request, queryset, PrescriptionStatus.COMPLETED)


class DoseForm(forms.ModelForm):
    """One prescribed exercise's dose; one the patient's conditions rule out needs a reason."""

    caution_reason = caution_reason_field()

    class Meta:
        model = PrescribedExercise
        fields = list(DOSE_FIELDS)

    def clean(self):
        data = super().clean()
        if set(self.changed_data) & set(DOSE_FIELDS):
            prescription = self.instance.phase.prescription
            contraindications.screen(
                patient=prescription.patient,
                exercises=[self.instance.exercise],
                prescription=prescription,
                reason=data.get("caution_reason", ""),
            )
        return data


class HeldExerciseForm(DoseForm):
    """A held exercise's page: the dose, and the therapist's review that puts it back."""

    review_hold = forms.BooleanField(
        label=_("Reviewed: put it back in the program"),
        required=False,
        help_text=_("The patient marked it as hurting; it is off their program until then."),
    )
    review_note = forms.CharField(
        label=_("Review note"), required=False, max_length=services.REVIEW_NOTE_MAX_LENGTH
    )


@admin.register(PrescribedExercise)
class PrescribedExerciseAdmin(ClinicScopedAdmin):
    """Adjust one patient's dose; every change is kept in the prescription's history."""

    form = DoseForm

    list_display = ["exercise", "phase", "dose_summary"]
    list_select_related = ["exercise", "phase__prescription__patient__user"]
    fields = ["exercise", "phase", *DOSE_FIELDS, "caution_reason"]
    readonly_fields = ["exercise", "phase", "held_since"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.held_since is not None:
            kwargs["form"] = HeldExerciseForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.held_since is not None:
            return [
                "exercise",
                "phase",
                "held_since",
                "review_hold",
                "review_note",
                *self.fields[2:],
            ]
        return self.fields

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.change_dose(
            prescribed_exercise=obj,
            changes={
                name: form.cleaned_data[name] for name in form.changed_data if name in DOSE_FIELDS
            },
            by=request.user,
            caution_reason=form.cleaned_data.get("caution_reason", ""),
        )
        if form.cleaned_data.get("review_hold"):
            services.review_hold(
                prescribed_exercise=obj, by=request.user, note=form.cleaned_data["review_note"]
            )

    def response_change(self, request, obj):
        return redirect("admin:patients_prescription_change", obj.phase.prescription_id)


@admin.register(Alert)
class AlertAdmin(ClinicScopedAdmin):
    """The clinic's alerts, read only: raised by the rules, acknowledged on the patient page."""

    list_display = ["patient", "kind", "text", "raised_at", "acknowledged_at"]
    list_filter = ["kind", ("acknowledged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["patient__user"]
    fields = [
        "patient",
        "kind",
        "text",
        "session",
        "raised_at",
        "acknowledged_by",
        "acknowledged_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("what happened"))
    def text(self, obj):
        return texts.alert_text(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
