"""Forms for reminders settings and the weekly check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.engagement.checkins import ACTIVITY_MAX_LENGTH, MAX_ACTIVITIES, MIN_ACTIVITIES
from patients.models import Patient
from patients.portal.forms import scale_field
from patients.rules import limits


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["reminders_enabled", "reminder_time", "nudge_time"]
        widgets = {
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "nudge_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "reminders_enabled": _("Email me a reminder on days with exercises"),
            "reminder_time": _("Reminder at"),
            "nudge_time": _("Second reminder at, if I have not logged my session yet"),
        }
        help_texts = {"nudge_time": _("Leave empty for no second reminder.")}

    def clean(self):
        data = super().clean()
        first, second = data.get("reminder_time"), data.get("nudge_time")
        if first and second and second <= first:
            self.add_error("nudge_time", _("Choose a time later than the first reminder."))
        return data


class CheckInForm(forms.Form):
    """This week's answers. The activities are asked for only the first time."""

    pain_average = scale_field(_("Your average pain this week (0 = none, 10 = worst)"))
    adherence_rating = scale_field(
        _("How well did you keep to your program this week? (0 = not at all, 10 = every session)")
    )
    work_minutes = forms.IntegerField(
        label=_(
            "How long can you work (at a desk or at your usual tasks) before discomfort starts?"
        ),
        help_text=_("In minutes, e.g. 45. Put 0 if it starts straight away."),
        min_value=0,
        max_value=limits.WORK_MINUTES_MAX,
    )
    easier = forms.CharField(
        label=_("What got easier this week? (optional)"),
        required=False,
        max_length=limits.CHECKIN_EASIER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = tuple(activities)
        self.choosing = not self.activities
        if self.choosing:
            for number in range(1, MAX_ACTIVITIES + 1):
                self.fields[f"activity_{number}"] = forms.CharField(
                    label=_("Activity %(n)d") % {"n": number},
                    required=number <= MIN_ACTIVITIES,
                    max_length=ACTIVITY_MAX_LENGTH,
                )
            for number in range(1, MAX_ACTIVITIES + 1):
                self.fields[f"score_{number}"] = scale_field(
                    _("How well can you do activity %(n)d now?") % {"n": number},
                    required=False,
                )
        else:
            for number, name in enumerate(self.activities, start=1):
                self.fields[f"score_{number}"] = scale_field(
                    _("%(activity)s: how well can you do it now?") % {"activity": name}
                )

    def clean(self):
        data = super().clean()
        if self.choosing:
            for number in range(1, MAX_ACTIVITIES + 1):
                named = bool(data.get(f"activity_{number}"))
                rated = data.get(f"score_{number}") is not None
                if named and not rated:
                    self.add_error(f"score_{number}", _("Rate this activity from 0 to 10."))
                if rated and not named:
                    self.add_error(f"activity_{number}", _("Name the activity you rated."))
        return data

    def activity_rows(self):
        """(activity field or None, score field) pairs, for the template."""
        if self.choosing:
            return [
                (self[f"activity_{n}"], self[f"score_{n}"]) for n in range(1, MAX_ACTIVITIES + 1)
            ]
        return [(None, self[f"score_{n}"]) for n in range(1, len(self.activities) + 1)]

    def chosen(self) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The activities (when choosing) and their scores, in order."""
        data = self.cleaned_data
        if self.choosing:
            pairs = [
                (data[f"activity_{n}"], data[f"score_{n}"])
                for n in range(1, MAX_ACTIVITIES + 1)
                if data.get(f"activity_{n}")
            ]
            return tuple(a for a, _s in pairs), tuple(s for _a, s in pairs)
        return (), tuple(data[f"score_{n}"] for n in range(1, len(self.activities) + 1))
