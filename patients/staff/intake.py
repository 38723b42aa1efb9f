"""One intake flow: new patient → assessment → protocol → tailor → review → send.

The invitation goes out only at "send", once the patient has a program to open. Each step is
a page of its own, so a therapist can stop and come back; the patient's page links to the
step they reached.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clinic.access import staff_required
from clinic.tenancy import viewer_for
from patients import selectors, services
from patients.models import Assessment, Patient, Prescription, PrescriptionStatus
from patients.staff import forms

STEPS = (
    ("patient", gettext_lazy("Patient")),
    ("assessment", gettext_lazy("Assessment")),
    ("program", gettext_lazy("Protocol")),
    ("tailor", gettext_lazy("Tailor")),
    ("send", gettext_lazy("Review and send")),
)


def _patient(request, pk) -> Patient:
    return get_object_or_404(
        Patient.objects.editable_by(request.user).select_related("user", "clinic"), pk=pk
    )


def _current_program(patient) -> Prescription | None:
    return (
        Prescription.objects.filter(patient=patient)
        .exclude(status=PrescriptionStatus.COMPLETED)
        .order_by("-start_date", "-id")
        .first()
    )


def _render(request, template, step, context):
    context["steps"] = STEPS
    context["step"] = step
    return render(request, template, context)


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_required
def new_patient(request):
    """Step 1: the patient's account (no email yet)."""
    form = forms.IntakePatientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patient = services.create_patient(
                clinic_id=viewer_for(request.user).clinic_id,
                email=data["email"].lower(),
                first_name=data["first_name"],
                last_name=data["last_name"],
                primary_therapist=data["primary_therapist"],
                date_of_birth=data["date_of_birth"],
                phone=data["phone"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            return redirect("staff:intake_assessment", pk=patient.pk)
    return _render(request, "staff/intake_patient.html", "patient", {"form": form})


@staff_required
def assessment(request, pk):
    """Step 2: the assessment with its red-flag screen and consent."""
    patient = _patient(request, pk)
    form = forms.IntakeAssessmentForm(
        request.POST or None,
        patient=patient,
        initial={"assessed_on": selectors.clinic_today(patient.clinic)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(assessment=form.instance, patient=patient, by=request.user)
        except ValidationError as error:
            _apply(form, error)
        else:
            return redirect("staff:intake_program", pk=patient.pk)
    context = {
        "patient": patient,
        "form": form,
        "latest": Assessment.objects.filter(patient=patient).order_by("-assessed_on").first(),
    }
    return _render(request, "staff/intake_assessment.html", "assessment", context)


@staff_required
def program(request, pk):
    """Step 3: the protocol to start from; the safety gates and screens apply here."""
    patient = _patient(request, pk)
    current = _current_program(patient)
    form = forms.IntakeProgramForm(
        request.POST or None,
        user=request.user,
        initial={"start_date": selectors.clinic_today(patient.clinic)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_start_date(data["start_date"], patient.clinic)
            prescription = services.prescribe(
                patient=patient,
                protocol=data["protocol"],
                therapist=patient.primary_therapist,
                start_date=data["start_date"],
                by=request.user,
                caution_reason=data["caution_reason"],
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            return redirect("staff:program", pk=prescription.pk)
    context = {"patient": patient, "form": form, "current": current}
    return _render(request, "staff/intake_program.html", "program", context)


@staff_required
def review(request, pk):
    """Step 5: the program as the patient will get it, and the button that sends it."""
    patient = _patient(request, pk)
    current = _current_program(patient)
    if current is None:
        messages.info(request, _("Choose a protocol first."))
        return redirect("staff:intake_program", pk=patient.pk)
    plan = selectors.prescriptions_with_plan(Prescription.objects.filter(pk=current.pk)).get()
    context = {"patient": patient, "prescription": plan}
    return _render(request, "staff/intake_review.html", "send", context)


@staff_required
@require_POST
def send_invitation(request, pk):
    """Email the invitation (first time or again); only a patient with a program gets one."""
    patient = _patient(request, pk)
    try:
        services.send_invitation(patient=patient, by=request.user, base_url=settings.SITE_URL)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:intake_program", pk=patient.pk)
    messages.success(request, _("Invitation emailed to %(email)s.") % {"email": patient.user.email})
    if request.POST.get("next") == "patient":
        return redirect("staff:patient", pk=patient.pk)
    return redirect("staff:intake_sent", pk=patient.pk)


@staff_required
def sent(request, pk):
    """The end of the intake: the printable handout with its QR code back to the program."""
    patient = _patient(request, pk)
    context = {"patient": patient, "prescription": _current_program(patient)}
    return _render(request, "staff/intake_sent.html", "send", context)


@staff_required
@require_POST
def set_status(request, pk):
    """Pause, resume or complete the patient's program from their page."""
    prescription = get_object_or_404(Prescription.objects.editable_by(request.user), pk=pk)
    status = request.POST.get("status", "")
    if status not in PrescriptionStatus.values:
        messages.error(request, _("Choose pause, resume or complete."))
    else:
        try:
            services.set_status(prescription=prescription, status=status, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The program is now %(status)s.")
                % {"status": PrescriptionStatus(status).label.lower()},
            )
    return redirect("staff:patient", pk=prescription.patient_id)
