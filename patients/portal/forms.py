"""Forms of the patient portal: the session log and its per-exercise rows."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.models import PainCheckReason, Symptom
from patients.rules import limits

SCALE = [(n, str(n)) for n in range(limits.SCALE_MIN, limits.SCALE_MAX + 1)]
YES_NO = [("", _("Not sure")), ("yes", _("Yes")), ("no", _("No"))]


def scale_field(label, required=True):
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE if required else [("", _("Skip")), *SCALE],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={
            "invalid_choice": _("Choose a number from %(min)d to %(max)d.")
            % {"min": limits.SCALE_MIN, "max": limits.SCALE_MAX}
        },
    )


class SessionLogForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    prescription = forms.IntegerField(widget=forms.HiddenInput)
    performed_on = forms.DateField(
        label=_("Date of the session"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )
    pain_before = scale_field(_("Pain before you started"))
    pain_after = scale_field(_("Pain now, after the session"))
    effort = scale_field(_("How hard did it feel?"), required=False)
    symptoms = forms.MultipleChoiceField(
        label=_("Did you notice any of these?"),
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Anything to tell your therapist? (optional)"),
        required=False,
        max_length=limits.SESSION_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PainCheckStopForm(forms.Form):
    """Stopping at the quick pain check before the first exercise: why, and the pain now."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    prescription = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("What happened?"),
        choices=PainCheckReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say what happened.")},
    )
    pain = scale_field(_("Pain now (0 = none, 10 = worst)"))


class ExerciseLogForm(forms.Form):
    prescribed_exercise_id = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.BooleanField(label=_("I did this exercise"), required=False)
    sets_done = forms.IntegerField(
        label=_("Sets"), min_value=0, max_value=limits.SETS_DONE_MAX, required=False
    )
    reps_done = forms.IntegerField(
        label=_("Reps"), min_value=0, max_value=limits.REPS_DONE_MAX, required=False
    )
    hold_seconds_done = forms.IntegerField(
        label=_("Hold (seconds)"),
        min_value=0,
        max_value=limits.HOLD_SECONDS_DONE_MAX,
        required=False,
    )
    good_form = forms.TypedChoiceField(
        label=_("Good form?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    painful = forms.BooleanField(label=_("It hurt (sharp or worse pain)"), required=False)


ExerciseLogFormSet = forms.formset_factory(ExerciseLogForm, extra=0, max_num=60, validate_max=True)
