"""Pages that keep a patient on their program: settings and calendar link, the weekly
check-in, program-change notices, and the printable handout (patient and staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scopes_disabled

from clinic.access import patient_required, staff_required
from clinic.tenancy import patient_scope
from patients import services
from patients.engagement import calendar, checkins, handout
from patients.engagement.forms import CheckInForm, ReminderSettingsForm
from patients.models import Patient, ProgramNotice, WeeklyCheckIn

# Settings and the calendar feed.


@patient_required
def reminder_settings(request, patient):
    """Reminder times, reminders on or off, and the private calendar link."""
    form = ReminderSettingsForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        patient.save(update_fields=["reminders_enabled", "reminder_time", "nudge_time"])
        messages.success(request, _("Your settings are saved."))
        return redirect("patients:settings")
    url = calendar.feed_url(patient)
    context = {
        "form": form,
        "patient": patient,
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[-1],
    }
    return render(request, "patients/settings.html", context, status=400 if form.errors else 200)


@patient_required
@require_POST
def new_calendar_link(request, patient):
    """Revoke the calendar address: a new one replaces it at once."""
    calendar.new_calendar_link(patient=patient)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with it; the old one has stopped."),
    )
    return redirect("patients:settings")


@require_GET
def calendar_feed(request, token):
    """The patient's sessions as iCalendar; the secret token in the address is the key.

    No one is signed in, so no clinic scope is open: the token is looked up across clinics
    (it is unique and unguessable), and the feed is then built in that patient's scope.
    """
    with scopes_disabled():
        patient = (
            Patient.objects.select_related("clinic", "user")
            .filter(calendar_token=token, is_active=True, user__is_active=True)
            .first()
        )
    if patient is None:
        raise Http404
    with patient_scope(patient):
        body = calendar.feed(patient)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="exercises.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The weekly check-in.


@patient_required
def weekly_checkin(request, patient):
    """This week's check-in; answering again the same week corrects it."""
    week = checkins.this_week(patient)
    existing = WeeklyCheckIn.objects.filter(patient=patient, week=week).first()
    initial = {}
    if existing is not None:
        initial = {
            "pain_average": existing.pain_average,
            "adherence_rating": existing.adherence_rating,
            "easier": existing.easier,
            "work_minutes": existing.work_minutes,
            **{f"score_{n}": item["score"] for n, item in enumerate(existing.psfs, start=1)},
        }
    form = CheckInForm(request.POST or None, activities=patient.psfs_activities, initial=initial)
    if request.method == "POST" and form.is_valid():
        activities, scores = form.chosen()
        answers = checkins.CheckInAnswers(
            pain_average=form.cleaned_data["pain_average"],
            adherence_rating=form.cleaned_data["adherence_rating"],
            scores=scores,
            activities=activities,
            easier=form.cleaned_data["easier"],
            work_minutes=form.cleaned_data["work_minutes"],
        )
        try:
            checkins.submit_checkin(patient=patient, answers=answers)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Thank you. Your check-in is saved."))
            return redirect("patients:progress")
    context = {"form": form, "existing": existing, "week": week, "patient": patient}
    return render(request, "patients/checkin.html", context, status=400 if form.errors else 200)


@patient_required
def checkin_detail(request, patient, pk):
    checkin = get_object_or_404(
        WeeklyCheckIn.objects.visible_to(request.user).filter(patient=patient), pk=pk
    )
    return render(request, "patients/checkin_detail.html", {"checkin": checkin})


# Program-change notices.


@patient_required
@require_POST
def dismiss_notice(request, patient, pk):
    notice = get_object_or_404(
        ProgramNotice.objects.visible_to(request.user).filter(patient=patient), pk=pk
    )
    if notice.dismissed_at is None:
        with transaction.atomic():
            notice.dismissed_at = timezone.now()
            notice.save(update_fields=["dismissed_at"])
            services.portal_changed(patient_id=patient.pk)
    return redirect("patients:today")


# The printable handout.


def _handout_response(request, patient, pdf: bool, back_url: str = "", pdf_url: str = ""):
    data = handout.handout_for(patient)
    if pdf:
        response = HttpResponse(handout.handout_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="home-exercises.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    context = {"handout": data, "back_url": back_url, "pdf_url": pdf_url}
    return render(request, "patients/handout.html", context)


@patient_required
def my_handout(request, patient):
    return _handout_response(
        request,
        patient,
        pdf=False,
        back_url=reverse("patients:today"),
        pdf_url=reverse("patients:handout_pdf"),
    )


@patient_required
def my_handout_pdf(request, patient):
    return _handout_response(request, patient, pdf=True)


def _staff_patient(request, pk) -> Patient:
    return get_object_or_404(
        Patient.objects.visible_to(request.user).select_related("user", "clinic"), pk=pk
    )


@staff_required
def patient_handout(request, pk):
    patient = _staff_patient(request, pk)
    return _handout_response(
        request,
        patient,
        pdf=False,
        back_url=reverse("staff:patient", args=[pk]),
        pdf_url=reverse("staff:handout_pdf", args=[pk]),
    )


@staff_required
def patient_handout_pdf(request, pk):
    return _handout_response(request, _staff_patient(request, pk), pdf=True)
