"""The program builder: a therapist tailors one patient's program (patients.services.builder)."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.access import staff_required
from patients import selectors
from patients.models import Prescription
from patients.services import builder
from patients.staff import forms
from programs.models import Exercise, Phase, Protocol


def _prescription(request, pk):
    return get_object_or_404(
        Prescription.objects.editable_by(request.user).select_related("patient__user"), pk=pk
    )


@staff_required
def program_builder(request, pk):
    """The program by phase with its actions, and the library to add or swap from."""
    prescription = _prescription(request, pk)
    search = forms.LibrarySearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    page = selectors.program_builder(prescription, request.user, filters)
    target = filters.get("target", "")
    items = {f"item-{item.pk}": item for phase in page.phases for item in phase.exercises.all()}
    context = {
        "page": page,
        "prescription": prescription,
        "patient": prescription.patient,
        "search": search,
        "target": target if target in items or target.startswith("phase-") else "",
        "swapping": items.get(target),
        "target_phase_id": int(target[6:])
        if target.startswith("phase-") and target[6:].isdigit()
        else None,
        "phase_form": forms.PhaseForm(initial={"week_start": builder.next_free_week(prescription)}),
        "save_form": forms.SaveAsProtocolForm(initial={"name": prescription.name}),
        "editable": prescription.status != "completed",
    }
    return render(request, "staff/program_builder.html", context)


def _exercise(request, pk):
    return Exercise.objects.visible_to(request.user).filter(pk=pk).first() or Exercise(pk=pk)


def _place(request, prescription, form):
    kind, number = form.cleaned_data["target"]
    exercise = _exercise(request, form.cleaned_data["exercise"])
    reason = form.cleaned_data["override_reason"]
    if kind == "phase":
        item = builder.add_exercise(
            prescription=prescription,
            phase_id=number,
            exercise=exercise,
            by=request.user,
            override_reason=reason,
        )
        return _("Added %(name)s.") % {"name": item.exercise.name}
    item = builder.swap_exercise(
        prescription=prescription,
        item_id=number,
        exercise=exercise,
        by=request.user,
        override_reason=reason,
    )
    return _("Swapped in %(name)s.") % {"name": item.exercise.name}


def _remove(request, prescription, form):
    item = builder.remove_exercise(
        prescription=prescription, item_id=form.cleaned_data["item"], by=request.user
    )
    return _("Removed %(name)s.") % {"name": item.exercise.name}


def _move(request, prescription, form):
    item = builder.move_exercise(
        prescription=prescription,
        item_id=form.cleaned_data["item"],
        position=form.cleaned_data["position"] or 1,
        by=request.user,
    )
    return _("Moved %(name)s.") % {"name": item.exercise.name}


def _step(harder):
    def step(request, prescription, form):
        chosen = form.cleaned_data["to_exercise"]
        item = builder.step_exercise(
            prescription=prescription,
            item_id=form.cleaned_data["item"],
            harder=harder,
            to_exercise=_exercise(request, chosen) if chosen else None,
            by=request.user,
            override_reason=form.cleaned_data["override_reason"],
        )
        return _("Now %(name)s.") % {"name": item.exercise.name}

    return step


def _add_phase(request, prescription, form):
    phase = builder.add_phase(prescription=prescription, by=request.user, **form.cleaned_data)
    return _("Added the phase %(name)s.") % {"name": phase.name}


def _combine(request, prescription, form):
    kind, number = form.cleaned_data["source"]
    protocols = Protocol.objects.visible_to(request.user)
    if kind == "phase":
        phase = Phase.objects.filter(pk=number, protocol__in=protocols).first()
        protocol, phase_id = (phase.protocol, phase.pk) if phase else (Protocol(pk=0), None)
    else:
        protocol, phase_id = protocols.filter(pk=number).first() or Protocol(pk=0), None
    builder.add_protocol_phases(
        prescription=prescription,
        protocol=protocol,
        phase_id=phase_id,
        into_phase_id=form.cleaned_data["into"],
        by=request.user,
        override_reason=form.cleaned_data["override_reason"],
    )
    return _("Added from %(name)s.") % {"name": protocol.name}


def _save_as(request, prescription, form):
    protocol = builder.save_as_protocol(
        prescription=prescription, by=request.user, **form.cleaned_data
    )
    return _("Saved as the clinic protocol %(name)s.") % {"name": protocol.name}


ANCHOR = re.compile(r"[a-z]+(-\d+)?")

ACTIONS = {
    "place": (forms.PlaceForm, _place),
    "remove": (forms.ItemForm, _remove),
    "move": (forms.ItemForm, _move),
    "harder": (forms.ItemForm, _step(True)),
    "easier": (forms.ItemForm, _step(False)),
    "phase": (forms.PhaseForm, _add_phase),
    "combine": (forms.CombineForm, _combine),
    "save": (forms.SaveAsProtocolForm, _save_as),
}


@staff_required
@require_POST
def program_builder_action(request, pk, action):
    """One change to the program; the outcome is shown on the builder page."""
    if action not in ACTIONS:
        raise Http404
    prescription = _prescription(request, pk)
    form_class, run = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": _errors(form)})
    else:
        try:
            messages.success(request, run(request, prescription, form))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    url = reverse("staff:program", args=[prescription.pk])
    anchor = request.POST.get("anchor", "")
    return redirect(f"{url}#{anchor}" if ANCHOR.fullmatch(anchor) else url)


def _errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )
