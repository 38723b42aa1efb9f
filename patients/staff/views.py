"""Pages for therapists and managers: the caseload and one patient's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.access import staff_required
from patients import selectors, services
from patients.engagement import checkins
from patients.models import (
    Alert,
    CautionOverride,
    Condition,
    Patient,
    PatientCondition,
    PrescribedExercise,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
)
from patients.reporting.caseload import caseload as caseload_rows
from patients.rules import limits
from patients.services import contraindications
from patients.staff import forms


@staff_required
def caseload(request):
    """Every patient of the therapist with adherence, pain, phase, readiness and alerts."""
    manager = request.viewer.is_manager
    search = forms.CaseloadSearchForm(request.GET or None, user=request.user, manager=manager)
    filters = search.cleaned_data if search.is_valid() else {}
    therapist = filters.get("therapist")
    rows = caseload_rows(
        request.user, therapist_id=therapist.pk if therapist else None, search=filters.get("q", "")
    )
    context = {
        "rows": rows,
        "search": search,
        "manager": manager,
        "filtered": bool(filters.get("q") or therapist),
        "clinic_requires_2fa": request.viewer.clinic.require_two_factor,
    }
    return render(request, "staff/caseload.html", context)


@staff_required
def patient_detail(request, pk):
    """One patient: assessment, program, the patient's charts, history, alerts, actions."""
    patient = get_object_or_404(
        Patient.objects.visible_to(request.user).select_related("user", "clinic"), pk=pk
    )
    progress = selectors.patient_progress(patient)
    review = None if progress.prescription else selectors.review_progress(patient)
    held = review.prescription if review else None
    shown = progress.prescription or held
    context = {
        "patient": patient,
        "progress": progress,
        "held": held,
        "assessment": selectors.latest_assessment(patient),
        "changes": PrescriptionChange.objects.filter(prescription=shown)
        .select_related("changed_by")
        .order_by("-changed_at")[:20]
        if shown
        else [],
        "review": review,
        "recent_sessions": list(reversed((review or progress).sessions[-30:])),
        "held_exercises": [
            item
            for phase in progress.prescription.phases.all()
            for item in phase.exercises.all()
            if item.held_since
        ]
        if progress.prescription
        else [],
        "checkins": checkins.patient_trend(patient),
        "paused": None
        if progress.prescription
        else Prescription.objects.filter(patient=patient, status=PrescriptionStatus.PAUSED)
        .order_by("-start_date", "-id")
        .first(),
        **_conditions_context(patient, progress),
    }
    return render(request, "staff/patient.html", context)


def _conditions_context(patient, progress) -> dict:
    """The conditions form, the exercises kept despite them, and what advancing would meet."""
    recorded = {row.condition: row for row in PatientCondition.objects.filter(patient=patient)}
    next_phase_conflicts = []
    if progress.prescription and progress.next_phase:
        next_phase_conflicts = contraindications.pending(
            patient=patient,
            exercises=contraindications.program_exercises(
                progress.prescription, phases=[progress.next_phase]
            ),
            prescription=progress.prescription,
        )
    return {
        "condition_rows": [
            {"code": code, "label": label, "row": recorded.get(code)}
            for code, label in Condition.choices
        ],
        "conditions_recorded": list(recorded.values()),
        "caution_overrides": CautionOverride.objects.filter(prescription__patient=patient)
        .select_related("exercise", "overridden_by", "prescription")
        .order_by("-overridden_at", "-id"),
        "next_phase_conflicts": next_phase_conflicts,
    }


@staff_required
@require_POST
def set_conditions(request, pk):
    """The therapist records the patient's conditions and precautions (the whole set)."""
    patient = get_object_or_404(Patient.objects.editable_by(request.user), pk=pk)
    chosen = request.POST.getlist("condition")
    try:
        services.set_conditions(
            patient=patient,
            conditions={code: request.POST.get(f"details-{code}", "") for code in chosen},
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Conditions and precautions saved."))
    return redirect("staff:patient", pk=patient.pk)


@staff_required
@require_POST
def advance_phase(request, pk):
    """The therapist confirms a move to the next phase."""
    prescription = get_object_or_404(Prescription.objects.editable_by(request.user), pk=pk)
    # A missing or mangled phase id reads as a phase that changed: the service says reload.
    from_phase = request.POST.get("from_phase", "")
    try:
        phase = services.advance_phase(
            prescription=prescription,
            by=request.user,
            from_phase_id=int(from_phase) if from_phase.isdigit() else 0,
            override_reason=request.POST.get("override_reason", "")[: limits.REASON_MAX_LENGTH],
            caution_reason=request.POST.get("caution_reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Moved to %(phase)s.") % {"phase": phase.name})
    return redirect("staff:patient", pk=prescription.patient_id)


@staff_required
@require_POST
def resume_after_review(request, pk):
    """The therapist has reviewed the red flag and resumes the program, saying why."""
    prescription = get_object_or_404(Prescription.objects.editable_by(request.user), pk=pk)
    try:
        services.resume_after_review(
            prescription=prescription,
            by=request.user,
            reason=request.POST.get("reason", "")[: limits.REASON_MAX_LENGTH],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Program resumed; your review is in its history."))
    return redirect("staff:patient", pk=prescription.patient_id)


@staff_required
@require_POST
def acknowledge_alert(request, pk):
    alert = get_object_or_404(Alert.objects.visible_to(request.user), pk=pk)
    services.acknowledge_alert(alert=alert, by=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect("staff:patient", pk=alert.patient_id)


@staff_required
@require_POST
def review_hold(request, pk):
    """The therapist has reviewed an exercise held after it hurt: back in the program."""
    item = get_object_or_404(
        PrescribedExercise.objects.editable_by(request.user).select_related(
            "phase__prescription", "exercise"
        ),
        pk=pk,
    )
    try:
        services.review_hold(
            prescribed_exercise=item, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(exercise)s is back in the program.") % {"exercise": item.exercise.name}
        )
    return redirect("staff:patient", pk=item.phase.prescription.patient_id)
