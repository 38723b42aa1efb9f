"""The patient portal: Today, an exercise, logging a session, history, invitations."""

import uuid

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.access import patient_required
from clinic.audit import record
from clinic.models import AuditAction
from patients import selectors, services
from patients.engagement import checkins
from patients.models import PrescribedExercise, ProgramNotice, SessionLog, WeeklyCheckIn
from patients.portal import cache as portal_cache
from patients.portal.forms import ExerciseLogFormSet, PainCheckStopForm, SessionLogForm
from patients.services import rights
from programs.models import ExerciseMedia


def _checkin_due(patient, day) -> bool:
    return not WeeklyCheckIn.objects.filter(patient=patient, week=checkins.iso_week(day)).exists()


def _today_part(request, patient, day) -> dict:
    page = selectors.today_page(patient, day)
    held = page.paused_for_review
    if page.prescription is None:
        program, checkin_due = None, False
    else:
        context = {"page": page}
        program = render_to_string("patients/_today_program.html", context, request)
        checkin_due = _checkin_due(patient, day)
    unread = ProgramNotice.objects.filter(patient=patient).unread().exists()
    # Plain data: their one-tap forms (with a CSRF token) are drawn fresh on each visit.
    micro_breaks = [
        {
            "id": due.item.pk,
            "name": due.item.exercise.name,
            "dose": due.item.dose_summary,
            "times": due.times_per_day,
            "done": due.done_today,
        }
        for due in page.micro_breaks
    ]
    return {
        "program": program,
        "held": held,
        "checkin_due": checkin_due,
        "unread_notices": unread,
        "micro_breaks": micro_breaks,
    }


@patient_required
def today(request, patient):
    """Today's exercises in session order, with what is done so far."""
    day = selectors.clinic_today(patient.clinic)
    part = portal_cache.part("today", patient, day, lambda: _today_part(request, patient, day))
    # The notices carry a dismiss form (with its CSRF token): read, never kept.
    notices = []
    if part["unread_notices"]:
        notices = list(ProgramNotice.objects.filter(patient=patient).unread()[:5])
    context = {
        "day": day,
        "patient": patient,
        "program": part["program"],
        "held": part["held"],
        "notices": notices,
        "checkin_due": part["checkin_due"],
        "micro_breaks": [{**entry, "key": uuid.uuid4()} for entry in part.get("micro_breaks", [])],
    }
    return render(request, "patients/today.html", context)


@patient_required
@require_POST
def micro_break_done(request, patient, pk):
    """One tap on Today: the patient took this micro-break (a retry counts once)."""
    try:
        key = uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        messages.error(request, _("That tap could not be read; please try again."))
        return redirect("patients:today")
    try:
        log, created = services.log_micro_break(patient=patient, prescribed_exercise_id=pk, key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                _("%(name)s: done. Thank you!") % {"name": log.prescribed_exercise.exercise.name},
            )
    return redirect("patients:today")


def _progress_part(request, patient, day) -> dict:
    progress = selectors.patient_progress(patient, day, with_sessions=False)
    if progress.prescription is None:
        return {"program": None, "checkins": None, "checkin_due": False}
    trend = {"checkins": checkins.patient_trend(patient), "checkin_links": True}
    return {
        "program": render_to_string(
            "patients/_progress_program.html", {"progress": progress}, request
        ),
        "checkins": render_to_string("patients/_checkin_trend.html", trend, request),
        "checkin_due": _checkin_due(patient, day),
    }


@patient_required
def my_progress(request, patient):
    """The patient's dashboard: pain trend, adherence, streak, phase and what comes next."""
    day = selectors.clinic_today(patient.clinic)
    part = portal_cache.part(
        "progress", patient, day, lambda: _progress_part(request, patient, day)
    )
    return render(request, "patients/progress.html", {"patient": patient, **part})


@patient_required
def exercise_detail(request, patient, pk):
    """One prescribed exercise: steps, dose, equipment, cautions, picture and a timer."""
    item = get_object_or_404(
        PrescribedExercise.objects.visible_to(request.user).select_related("exercise", "phase"),
        pk=pk,
    )
    clinic_media = ExerciseMedia.objects.visible_to(request.user).filter(exercise=item.exercise)
    return render(
        request,
        "patients/exercise.html",
        {"item": item, "exercise": item.exercise, "clinic_media": list(clinic_media)},
    )


def _entries_initial(page):
    if page.due:
        items = [due.item for due in page.due]
    elif page.phase is not None:
        items = [
            item
            for item in page.phase.exercises.all()
            if not item.exercise.micro_break and item.held_since is None
        ]
    else:
        items = []
    return items, [{"prescribed_exercise_id": item.pk} for item in items]


@patient_required
def log_session(request, patient):
    """The session log form. A double submit or retry makes one session (idempotency key)."""
    page = selectors.today_page(patient)
    if page.paused_for_review:
        return redirect("patients:today")  # which shows the stop message
    if page.prescription is None:
        messages.info(request, _("You have no active program yet."))
        return redirect("patients:today")
    items, initial = _entries_initial(page)
    by_id = {
        item.pk: item for phase in page.prescription.phases.all() for item in phase.exercises.all()
    }
    if request.method == "POST":
        form = SessionLogForm(request.POST)
        formset = ExerciseLogFormSet(request.POST, prefix="ex")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            report = services.session_report(
                prescription_id=data["prescription"],
                performed_on=data["performed_on"],
                pain_before=data["pain_before"],
                pain_after=data["pain_after"],
                effort=data["effort"],
                symptoms=data["symptoms"],
                note=data["note"],
                entries=[row for row in formset.cleaned_data if row],
            )
            try:
                session, created = services.log_session(
                    patient=patient,
                    report=report,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except services.IdempotencyConflict as conflict:
                messages.warning(request, _("This session was already saved."))
                return redirect("patients:session_detail", pk=conflict.session.pk)
            except services.SessionInFlight:
                # A double tap: the first submit is still saving; it will appear in history.
                messages.info(request, _("This session is being saved; it will appear here."))
                return redirect("patients:history")
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if not created:
                    messages.info(request, _("This session was already saved."))
                elif not session.red_flag:  # a red flag: the saved page shows the stop message
                    messages.success(request, _("Session saved. Well done!"))
                return redirect("patients:session_detail", pk=session.pk)
        # Re-show the rows the patient posted, with their labels.
        rows = [(f, by_id.get(_int(f["prescribed_exercise_id"].value()))) for f in formset.forms]
        status = 400
    else:
        form = SessionLogForm(
            initial={"prescription": page.prescription.pk, "performed_on": page.day}
        )
        formset = ExerciseLogFormSet(initial=initial, prefix="ex")
        rows = list(zip(formset.forms, items, strict=True))
        status = 200
    context = {"form": form, "formset": formset, "rows": rows, "page": page}
    return render(request, "patients/log_session.html", context, status=status)


@patient_required
def pain_check(request, patient):
    """The quick pain check before the first exercise: gentle shoulder rolls. Pain that gets
    worse or spreads into the arm stops the session, recorded with its reason."""
    page = selectors.today_page(patient)
    if page.prescription is None:
        messages.info(request, _("You have no active program yet."))
        return redirect("patients:today")
    status = 200
    if request.method == "POST":
        form = PainCheckStopForm(request.POST)
        if form.is_valid():
            report = services.pain_check_stop_report(
                prescription_id=form.cleaned_data["prescription"],
                performed_on=page.day,
                pain=form.cleaned_data["pain"],
                reason=form.cleaned_data["reason"],
            )
            try:
                session, _created = services.log_session(
                    patient=patient,
                    report=report,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except services.IdempotencyConflict as conflict:
                return redirect("patients:session_detail", pk=conflict.session.pk)
            except services.SessionInFlight:
                return redirect("patients:history")
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("patients:session_detail", pk=session.pk)
        status = 400
    else:
        form = PainCheckStopForm(initial={"prescription": page.prescription.pk})
    return render(request, "patients/pain_check.html", {"form": form, "page": page}, status=status)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@patient_required
def history(request, patient):
    """Past sessions, newest first."""
    sessions = (
        SessionLog.objects.visible_to(request.user)
        .filter(patient=patient)
        .select_related("phase")
        .order_by("-performed_on", "-logged_at")[:200]
    )
    return render(request, "patients/history.html", {"sessions": sessions})


@patient_required
def session_detail(request, patient, pk):
    """One logged session; after a red flag, clear stop-and-contact advice."""
    session = get_object_or_404(
        SessionLog.objects.visible_to(request.user).prefetch_related(
            "exercise_logs__prescribed_exercise__exercise"
        ),
        pk=pk,
    )
    return render(
        request, "patients/session_detail.html", {"session": session, "clinic": patient.clinic}
    )


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: the patient chooses a password, then signs in as usual."""

    token_generator = services.invitation_tokens
    template_name = "patients/accept_invitation.html"
    success_url = reverse_lazy("login")
    reset_url_token = "set-password"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Please sign in."))
        return response


@patient_required
def my_data(request, patient):
    """Download everything the clinic holds about me, as JSON."""
    record(AuditAction.EXPORT, object_type="patients.patient:own-data", object_id=patient.pk)
    response = JsonResponse(rights.export_patient_data(patient), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-exercise-program-data.json"'
    return response


@patient_required
@require_POST
def close_account(request, patient):
    """Ask the clinic to close my account; the manager then removes my identity."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm you want your account closed."))
        return redirect("patients:settings")
    rights.request_closure(patient=patient)
    messages.success(
        request,
        _("Your clinic has been asked to close your account. You can still sign in until then."),
    )
    return redirect("patients:settings")
