"""Tailoring one patient's program: the program builder's writes.

Each function is one transaction that locks the prescription row (two therapists editing at
once take turns), checks the change against the viewer's clinic, records it in the program
history with what it was before and after, raises the program's version and sends one
``events.program_tailored`` (engagement turns it into one notice for the patient).

Adding or swapping in an exercise goes through ``screen_exercise``, the one place the safety
rules look at an exercise entering a program. Strengthening is never scheduled on two days in
a row whatever the doses say (``patients.rules.schedule``), so no tailoring can break the
48-hour rule.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clinic.errors import StateConflict
from clinic.models import User
from patients.models import (
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
    PrescriptionStatus,
)
from patients.services import contraindications, events
from patients.services.alerts import refresh_after_change
from patients.services.prescriptions import _record_change, copy_exercise, copy_phase
from programs.models import DOSE_FIELDS, Exercise, Phase, PhaseExercise, Protocol

#: What a tailoring change did, as the history and the patient's notice name it.
ADDED, REMOVED, SWAPPED, MOVED, PROGRESSED, REGRESSED = (
    "added",
    "removed",
    "swapped",
    "moved",
    "progressed",
    "regressed",
)
PHASE_ADDED, PROTOCOL_ADDED = "phase_added", "protocol_added"


def _lock(prescription: Prescription, by: User) -> Prescription:
    locked = (
        Prescription.objects.editable_by(by)
        .select_for_update()
        .select_related("patient", "clinic")
        .filter(pk=prescription.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    if locked.status == PrescriptionStatus.COMPLETED:
        raise StateConflict({"program": _("A completed program cannot be changed.")})
    return locked


def _phase_in(locked: Prescription, phase_id: int) -> PrescribedPhase:
    phase = PrescribedPhase.objects.filter(prescription=locked, pk=phase_id).first()
    if phase is None:
        raise ValidationError({"phase": _("Choose a phase of this program.")})
    return phase


def _item_in(locked: Prescription, item_id: int) -> PrescribedExercise:
    item = (
        PrescribedExercise.objects.filter(phase__prescription=locked, pk=item_id)
        .select_related("exercise", "phase")
        .first()
    )
    if item is None:
        raise ValidationError({"exercise": _("This exercise is not in the program any more.")})
    return item


def _library_exercise(exercise: Exercise, by: User) -> Exercise:
    found = Exercise.objects.visible_to(by).filter(pk=exercise.pk).first()
    if found is None:
        raise ValidationError({"exercise": _("Choose an exercise of your clinic's library.")})
    return found


def _not_in_phase(phase: PrescribedPhase, exercise: Exercise) -> None:
    if PrescribedExercise.objects.filter(phase=phase, exercise=exercise).exists():
        raise ValidationError(
            {"exercise": _("%(name)s is already in this phase.") % {"name": exercise.name}}
        )


def screen_exercise(
    *, prescription: Prescription, exercise: Exercise, by: User, override_reason: str = ""
) -> dict:
    """The safety rules an exercise entering this patient's program must pass.

    Returns what the history keeps of the screening (an override's reason), or raises a
    ``ValidationError`` naming the conflict.
    """
    return screen_exercises(
        prescription=prescription, exercises=[exercise], by=by, override_reason=override_reason
    )


def screen_exercises(
    *, prescription: Prescription, exercises: list[Exercise], by: User, override_reason: str = ""
) -> dict:
    """``screen_exercise`` for several exercises at once (one refusal names them all).

    The patient's conditions against each exercise's caution tags
    (``services.contraindications``): a conflict not yet overridden on this program needs
    ``override_reason`` (``CautionConflict`` otherwise); ``_finish`` keeps the overrides.
    """
    reason = override_reason.strip()
    overridden = contraindications.screen(
        patient=prescription.patient, exercises=exercises, prescription=prescription, reason=reason
    )
    details = {"override_reason": reason} if reason else {}
    return details | contraindications.override_details(overridden, exercises, reason)


def _finish(locked: Prescription, by: User, summary: str, action: str, **details):
    """Record the change, raise the version, tell the patient once, refresh derived data."""
    Prescription.objects.filter(pk=locked.pk).update(version=locked.version + 1)
    locked.version += 1
    change = _record_change(locked, by, summary, action=action, **details)
    contraindications.record_overrides(change=change, by=by)
    events.program_tailored.send(
        sender=Prescription, prescription=locked, change=change, action=action, details=details
    )
    refresh_after_change(locked)
    return change


def _dose_of(item) -> dict:
    return {name: getattr(item, name) for name in DOSE_FIELDS}


def _renumber(phase: PrescribedPhase, items: list[PrescribedExercise]) -> None:
    for position, item in enumerate(items, start=1):
        item.order = position
    PrescribedExercise.objects.bulk_update(items, ["order"])


def _ordered(phase: PrescribedPhase) -> list[PrescribedExercise]:
    return list(
        PrescribedExercise.objects.filter(phase=phase)
        .select_related("exercise")
        .order_by("order", "id")
    )


@transaction.atomic
def add_exercise(
    *,
    prescription: Prescription,
    phase_id: int,
    exercise: Exercise,
    by: User,
    dose: dict | None = None,
    override_reason: str = "",
) -> PrescribedExercise:
    """Add a library exercise to one phase, last in its place, with its default dose (or
    ``dose``, a dict of dose fields over it)."""
    locked = _lock(prescription, by)
    phase = _phase_in(locked, phase_id)
    exercise = _library_exercise(exercise, by)
    _not_in_phase(phase, exercise)
    screening = screen_exercise(
        prescription=locked, exercise=exercise, by=by, override_reason=override_reason
    )
    values = exercise.dose_values()
    for name, value in (dose or {}).items():
        if name not in DOSE_FIELDS:
            raise ValidationError({name: _("Not a dose field.")})
        values[name] = value
    last = PrescribedExercise.objects.filter(phase=phase).aggregate(n=Max("order"))["n"] or 0
    item = PrescribedExercise(phase=phase, exercise=exercise, order=last + 1, **values)
    item.full_clean(exclude=["phase", "exercise"])
    item.save()
    _finish(
        locked,
        by,
        _("Added %(exercise)s to %(phase)s") % {"exercise": exercise.name, "phase": phase.name},
        ADDED,
        phase=phase.name,
        exercise=exercise.name,
        before=None,
        after={"exercise": exercise.slug, "dose": item.dose_summary},
        **screening,
    )
    return item


@transaction.atomic
def remove_exercise(*, prescription: Prescription, item_id: int, by: User) -> PrescribedExercise:
    """Take an exercise out of the program. Its row stays for the sessions that logged it."""
    locked = _lock(prescription, by)
    item = _item_in(locked, item_id)
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at"])
    _finish(
        locked,
        by,
        _("Removed %(exercise)s from %(phase)s")
        % {"exercise": item.exercise.name, "phase": item.phase.name},
        REMOVED,
        phase=item.phase.name,
        exercise=item.exercise.name,
        before={"exercise": item.exercise.slug, "dose": item.dose_summary},
        after=None,
    )
    return item


def _replace(locked, item, exercise, by, *, action, summary, keep_dose, override_reason):
    _not_in_phase(item.phase, exercise)
    screening = screen_exercise(
        prescription=locked, exercise=exercise, by=by, override_reason=override_reason
    )
    before = {"exercise": item.exercise.slug, "dose": item.dose_summary}
    item.removed_at = timezone.now()
    item.save(update_fields=["removed_at"])
    replacement = PrescribedExercise(
        phase=item.phase,
        exercise=exercise,
        order=item.order,
        **(_dose_of(item) if keep_dose else exercise.dose_values()),
    )
    replacement.full_clean(exclude=["phase", "exercise"])
    replacement.save()
    _finish(
        locked,
        by,
        summary,
        action,
        phase=item.phase.name,
        exercise=exercise.name,
        replaced=item.exercise.name,
        before=before,
        after={"exercise": exercise.slug, "dose": replacement.dose_summary},
        **screening,
    )
    return replacement


@transaction.atomic
def swap_exercise(
    *,
    prescription: Prescription,
    item_id: int,
    exercise: Exercise,
    by: User,
    override_reason: str = "",
) -> PrescribedExercise:
    """Put another library exercise in this one's place, with the new exercise's dose."""
    locked = _lock(prescription, by)
    item = _item_in(locked, item_id)
    exercise = _library_exercise(exercise, by)
    return _replace(
        locked,
        item,
        exercise,
        by,
        action=SWAPPED,
        summary=_("Swapped %(old)s for %(new)s")
        % {"old": item.exercise.name, "new": exercise.name},
        keep_dose=False,
        override_reason=override_reason,
    )


def variants(exercise: Exercise, by: User) -> tuple[Exercise | None, list[Exercise]]:
    """The harder variant of an exercise and its easier ones, from the viewer's library."""
    visible = Exercise.objects.visible_to(by)
    harder = visible.filter(pk=exercise.harder_id).first() if exercise.harder_id else None
    return harder, list(visible.filter(harder=exercise).order_by("name"))


@transaction.atomic
def step_exercise(
    *,
    prescription: Prescription,
    item_id: int,
    harder: bool,
    by: User,
    to_exercise: Exercise | None = None,
    override_reason: str = "",
) -> PrescribedExercise:
    """Progress (``harder``) or regress one exercise to its linked variant, keeping its dose.

    An exercise with several easier variants needs ``to_exercise``, one of them.
    """
    locked = _lock(prescription, by)
    item = _item_in(locked, item_id)
    up, downs = variants(item.exercise, by)
    options = [up] if harder and up else ([] if harder else downs)
    if to_exercise is not None:
        options = [option for option in options if option.pk == to_exercise.pk]
    if len(options) != 1:
        message = (
            _("%(name)s has no harder variant.")
            if harder
            else _("%(name)s has no easier variant.")
            if not downs
            else _("Choose which easier variant of %(name)s.")
        )
        raise ValidationError({"exercise": message % {"name": item.exercise.name}})
    target = options[0]
    summary = (
        _("Progressed %(old)s to %(new)s") if harder else _("Regressed %(old)s to %(new)s")
    ) % {"old": item.exercise.name, "new": target.name}
    return _replace(
        locked,
        item,
        target,
        by,
        action=PROGRESSED if harder else REGRESSED,
        summary=summary,
        keep_dose=True,
        override_reason=override_reason,
    )


@transaction.atomic
def move_exercise(
    *, prescription: Prescription, item_id: int, position: int, by: User
) -> PrescribedExercise:
    """Put an exercise at ``position`` (1 is first) in its phase; the others close up."""
    locked = _lock(prescription, by)
    item = _item_in(locked, item_id)
    items = _ordered(item.phase)
    old = next(index for index, other in enumerate(items) if other.pk == item.pk)
    new = min(max(position, 1), len(items)) - 1
    if new == old:
        return item
    items.insert(new, items.pop(old))
    before = [other.exercise.slug for other in _ordered(item.phase)]
    _renumber(item.phase, items)
    _finish(
        locked,
        by,
        _("Moved %(exercise)s to place %(n)s in %(phase)s")
        % {"exercise": item.exercise.name, "n": new + 1, "phase": item.phase.name},
        MOVED,
        phase=item.phase.name,
        exercise=item.exercise.name,
        before=before,
        after=[other.exercise.slug for other in items],
    )
    return next(other for other in items if other.pk == item.pk)


def _next_order(locked: Prescription) -> int:
    return (PrescribedPhase.objects.filter(prescription=locked).aggregate(n=Max("order"))["n"]) or 0


def next_free_week(prescription: Prescription) -> int:
    """The first week after the program's phases (an open-ended one counted as two weeks)."""
    weeks = PrescribedPhase.objects.filter(prescription=prescription).values_list(
        "week_start", "week_end"
    )
    return max((end if end is not None else start + 1 for start, end in weeks), default=0) + 1


def _make_room(locked: Prescription, week_start: int, week_end: int | None) -> dict:
    """Check new weeks follow the program; an open-ended last phase ends the week before.

    Returns what the history keeps of that (the phase and its new last week)."""
    if week_start < 1 or (week_end is not None and week_end < week_start):
        raise ValidationError({"week_end": _("The last week must be on or after the first.")})
    last = PrescribedPhase.objects.filter(prescription=locked).order_by("-order").first()
    if last is None:
        return {}
    if week_start <= (last.week_end if last.week_end is not None else last.week_start):
        raise ValidationError(
            {
                "week_start": _("Start after week %(n)s, the end of %(phase)s.")
                % {"n": last.week_end or last.week_start, "phase": last.name}
            }
        )
    if last.week_end is not None:
        return {}
    last.week_end = week_start - 1
    last.save(update_fields=["week_end"])
    return {"closed_phase": [last.name, last.week_end]}


@transaction.atomic
def add_phase(
    *,
    prescription: Prescription,
    name: str,
    week_start: int,
    week_end: int | None,
    by: User,
    advancement_criteria: str = "",
) -> PrescribedPhase:
    """Add an empty phase after the program's last one."""
    locked = _lock(prescription, by)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the phase.")})
    closed = _make_room(locked, week_start, week_end)
    phase = PrescribedPhase(
        prescription=locked,
        order=_next_order(locked) + 1,
        name=name[:120],
        week_start=week_start,
        week_end=week_end,
        advancement_criteria=advancement_criteria,
    )
    phase.full_clean(exclude=["prescription"])
    phase.save()
    _finish(
        locked,
        by,
        _("Added the phase %(phase)s") % {"phase": phase.name},
        PHASE_ADDED,
        phase=phase.name,
        before=None,
        after={"phase": phase.name, "weeks": [week_start, week_end]},
        **closed,
    )
    return phase


@transaction.atomic
def add_protocol_phases(
    *,
    prescription: Prescription,
    protocol: Protocol,
    by: User,
    phase_id: int | None = None,
    into_phase_id: int | None = None,
    override_reason: str = "",
) -> list[PrescribedPhase]:
    """Combine another protocol into this program.

    Without ``into_phase_id``, its phases (or only ``phase_id``) follow this program's last
    phase, their weeks shifted to come after it. With ``into_phase_id``, the exercises of its
    phase ``phase_id`` join that phase of this program (those already there are left as
    they are). Every exercise is screened like one added by hand.
    """
    locked = _lock(prescription, by)
    if not Protocol.objects.visible_to(by).filter(pk=protocol.pk).exists():
        raise ValidationError({"protocol": _("Choose a protocol of your clinic's library.")})
    template = Phase.objects.filter(protocol=protocol).order_by("order")
    if phase_id is not None:
        template = template.filter(pk=phase_id)
    template = list(template.prefetch_related("exercises__exercise"))
    if not template:
        raise ValidationError({"protocol": _("This protocol has no such phase.")})
    screening = screen_exercises(
        prescription=locked,
        exercises=[item.exercise for phase in template for item in phase.exercises.all()],
        by=by,
        override_reason=override_reason,
    )
    if into_phase_id is not None:
        target = _phase_in(locked, into_phase_id)
        return [_merge_into(locked, target, template, protocol, by, screening)]
    shift = next_free_week(locked) - template[0].week_start
    end = template[-1].week_end
    closed = _make_room(
        locked, template[0].week_start + shift, None if end is None else end + shift
    )
    order = _next_order(locked)
    copies = []
    for index, phase in enumerate(template, start=1):
        copy = copy_phase(phase, locked)
        copy.order = order + index
        copy.week_start = phase.week_start + shift
        copy.week_end = None if phase.week_end is None else phase.week_end + shift
        copies.append(copy)
    phases = PrescribedPhase.objects.bulk_create(copies)
    PrescribedExercise.objects.bulk_create(
        copy_exercise(item, copy)
        for copy, phase in zip(phases, template, strict=True)
        for item in phase.exercises.all()
    )
    _finish(
        locked,
        by,
        _("Added %(protocol)s: %(phases)s")
        % {"protocol": protocol.name, "phases": ", ".join(p.name for p in phases)},
        PROTOCOL_ADDED,
        protocol=protocol.name,
        phases=[p.name for p in phases],
        before=None,
        after={"phases": [p.name for p in phases]},
        **screening,
        **closed,
    )
    return phases


def _merge_into(locked, target, template, protocol, by, screening) -> PrescribedPhase:
    present = set(
        PrescribedExercise.objects.filter(phase=target).values_list("exercise_id", flat=True)
    )
    last = PrescribedExercise.objects.filter(phase=target).aggregate(n=Max("order"))["n"] or 0
    added = []
    for phase in template:
        for item in phase.exercises.all():
            if item.exercise_id in present:
                continue
            present.add(item.exercise_id)
            copy = copy_exercise(item, target)
            copy.order = last + len(added) + 1
            added.append(copy)
    if not added:
        raise ValidationError({"protocol": _("Every exercise of that phase is already here.")})
    PrescribedExercise.objects.bulk_create(added)
    names = [item.exercise.name for item in added]
    _finish(
        locked,
        by,
        _("Added to %(phase)s from %(protocol)s: %(names)s")
        % {"phase": target.name, "protocol": protocol.name, "names": ", ".join(names)},
        PROTOCOL_ADDED,
        protocol=protocol.name,
        phase=target.name,
        exercises=names,
        before=None,
        after={"exercises": [item.exercise.slug for item in added]},
        **screening,
    )
    return target


def _unique_slug(clinic_id: int, name: str) -> str:
    base = slugify(name)[:70] or "protocol"
    taken = set(
        Protocol.objects.filter(clinic_id=clinic_id, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def save_as_protocol(
    *, prescription: Prescription, name: str, by: User, condition: str = ""
) -> Protocol:
    """Turn a tailored program into a template of the clinic's own library."""
    source = (
        Prescription.objects.editable_by(by)
        .filter(pk=prescription.pk)
        .select_related("clinic")
        .first()
    )
    if source is None:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the protocol.")})
    if Protocol.objects.filter(clinic_id=source.clinic_id, name__iexact=name).exists():
        raise ValidationError({"name": _("Your clinic already has a protocol of that name.")})
    phases = list(
        PrescribedPhase.objects.filter(prescription=source)
        .order_by("order")
        .prefetch_related("exercises")
    )
    protocol = Protocol.objects.create(
        clinic_id=source.clinic_id,
        slug=_unique_slug(source.clinic_id, name),
        name=name[:120],
        condition=condition[:120],
        description=_("Made from a tailored program."),
    )
    templates = Phase.objects.bulk_create(
        Phase(
            protocol=protocol,
            order=index,
            name=phase.name,
            week_start=phase.week_start,
            week_end=phase.week_end,
            advancement_criteria=phase.advancement_criteria,
        )
        for index, phase in enumerate(phases, start=1)
    )
    PhaseExercise.objects.bulk_create(
        PhaseExercise(
            phase=template, exercise_id=item.exercise_id, order=item.order, **_dose_of(item)
        )
        for template, phase in zip(templates, phases, strict=True)
        for item in phase.exercises.all()
    )
    _record_change(
        source,
        by,
        _("Saved as the clinic protocol %(name)s") % {"name": protocol.name},
        action="saved_as_protocol",
        protocol=protocol.slug,
    )
    return protocol
