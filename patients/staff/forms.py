"""Forms of the staff pages: the program builder's searches and changes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Equipment, Kind, Region

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

    q = forms.CharField(label=_("Name"), required=False, max_length=80)
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
