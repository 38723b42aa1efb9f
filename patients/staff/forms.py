"""Forms of the staff pages: the program builder's searches and changes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import User
from patients.models import Assessment
from patients.services import check_assessed_on
from programs.models import Equipment, Kind, Protocol, Region

REASON = forms.CharField(
    label=_("Reason to go ahead despite a caution"), max_length=500, required=False
)


def _any(choices, label):
    return [("", label), *choices]


class BootstrapForm(forms.Form):
    """Bootstrap's classes on every visible control."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not widget.is_hidden:
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css)


class LibrarySearchForm(BootstrapForm):
    """Find a library exercise by name, kind, body region or equipment."""

    q = forms.CharField(label=_("Exercise name"), required=False, max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_any(Kind.choices, _("Any")))
    region = forms.ChoiceField(
        label=_("Body region"), required=False, choices=_any(Region.choices, _("Any"))
    )
    equipment = forms.ChoiceField(
        label=_("Equipment"), required=False, choices=_any(Equipment.choices, _("Any"))
    )
    target = forms.CharField(required=False, widget=forms.HiddenInput)


class PlaceForm(BootstrapForm):
    """Put a library exercise in a phase (``phase-<id>``) or in an exercise's place
    (``item-<id>``)."""

    exercise = forms.IntegerField(min_value=1)
    target = forms.RegexField(regex=r"^(phase|item)-\d+$")
    override_reason = REASON

    def clean_target(self):
        kind, number = self.cleaned_data["target"].split("-")
        return kind, int(number)


class ItemForm(BootstrapForm):
    """One exercise of the program, and where to move it or which variant to step to."""

    item = forms.IntegerField(min_value=1)
    position = forms.IntegerField(min_value=1, required=False)
    to_exercise = forms.IntegerField(min_value=1, required=False)
    override_reason = REASON


class PhaseForm(BootstrapForm):
    name = forms.CharField(label=_("Phase name"), max_length=120)
    week_start = forms.IntegerField(label=_("From week"), min_value=1, max_value=104)
    week_end = forms.IntegerField(
        label=_("To week"),
        min_value=1,
        max_value=104,
        required=False,
        help_text=_("Empty means open-ended."),
    )


class CombineForm(BootstrapForm):
    """Another protocol's phases (``protocol-<id>``) or one of them (``phase-<id>``), after
    the program or into one of its phases."""

    source = forms.RegexField(label=_("From"), regex=r"^(protocol|phase)-\d+$")
    into = forms.IntegerField(label=_("Where"), required=False, min_value=1)
    override_reason = REASON

    def clean_source(self):
        kind, number = self.cleaned_data["source"].split("-")
        return kind, int(number)


class SaveAsProtocolForm(BootstrapForm):
    name = forms.CharField(label=_("Protocol name"), max_length=120)
    condition = forms.CharField(label=_("Condition"), max_length=120, required=False)


class IntakePatientForm(BootstrapForm):
    """The new patient: their account waits for the invitation sent with the program."""

    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    primary_therapist = forms.ModelChoiceField(label=_("Therapist"), queryset=None)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_therapist"].queryset = User.objects.clinic_staff(user)
        self.fields["primary_therapist"].initial = user.pk
        self.fields["primary_therapist"].label_from_instance = lambda u: (
            u.get_full_name() or u.email
        )


# Building a model form makes a choice field per foreign key at import, where no clinic scope
# is open; this form has none left (the patient and therapist come from the page).
class IntakeAssessmentForm(forms.ModelForm):
    """The assessment, its red-flag screen and consent."""

    class Meta:
        model = Assessment
        fields = [
            "assessed_on",
            "mode",
            "baseline_pain",
            "problem_areas",
            "findings",
            "red_flag_numbness",
            "red_flag_sharp_pain",
            "red_flag_trauma",
            "red_flag_persistent",
            "red_flag_notes",
            "plan",
            "consent_given",
            "consent_given_by",
        ]
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}),
            "problem_areas": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "red_flag_notes": forms.Textarea(attrs={"rows": 2}),
            "plan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        try:
            check_assessed_on(value, self.patient.clinic)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return value

    def clean(self):
        data = super().clean()
        if data.get("consent_given"):
            if not data.get("consent_given_by", "").strip():
                self.add_error("consent_given_by", _("Say who gave consent."))
            elif self.instance.consent_given_at is None:
                self.instance.consent_given_at = timezone.now()
        return data


class IntakeProgramForm(BootstrapForm):
    """The protocol to start from and the first day; tailoring comes next."""

    protocol = forms.ModelChoiceField(label=_("Protocol"), queryset=None)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    caution_reason = forms.CharField(
        label=_("Reason to go ahead despite a caution"), max_length=500, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["protocol"].queryset = Protocol.objects.visible_to(user).order_by("name")


class CaseloadSearchForm(BootstrapForm):
    """The caseload by patient name and, for a manager, by therapist."""

    q = forms.CharField(label=_("Patient name"), required=False, max_length=80)
    therapist = forms.ModelChoiceField(
        label=_("Therapist"), queryset=None, required=False, empty_label=_("All therapists")
    )

    def __init__(self, *args, user, manager, **kwargs):
        super().__init__(*args, **kwargs)
        if manager:
            field = self.fields["therapist"]
            field.queryset = User.objects.clinic_staff(user).order_by("last_name", "first_name")
            field.label_from_instance = lambda u: u.get_full_name() or u.email
        else:
            del self.fields["therapist"]
