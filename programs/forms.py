"""Forms for the clinic's own exercises: lists as rows of text and choices, never JSON."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from programs.models import DOSE_FIELDS, CautionTag, Equipment, Exercise

#: Empty rows offered below a list's items, to add to it (saving offers more).
EMPTY_ROWS = 3


class TextRowsWidget(forms.Widget):
    """One text box per item of a list, numbered and labelled, plus empty ones to add to it."""

    def __init__(self, row_label, attrs=None):
        super().__init__(attrs)
        self.row_label = row_label

    def format_value(self, value):
        if isinstance(value, str):
            return [value] if value else []
        return [str(item) for item in value or []]

    def render(self, name, value, attrs=None, renderer=None):
        rows = self.format_value(value) + [""] * EMPTY_ROWS
        base = (attrs or {}).get("id") or f"id_{name}"
        items = format_html_join(
            "",
            '<li class="text-row"><label for="{}-{}">{} {}</label> '
            '<input type="text" class="vTextField" name="{}" id="{}-{}" value="{}" '
            'maxlength="500"></li>',
            (
                (base, number, self.row_label, number, name, base, number, text)
                for number, text in enumerate(rows, start=1)
            ),
        )
        hint = _("Leave a row empty to remove it; save to get more empty rows.")
        return format_html(
            '<ol class="text-rows" id="{}">{}</ol><p class="help">{}</p>', base, items, hint
        )

    def value_from_datadict(self, data, files, name):
        return [text.strip() for text in data.getlist(name) if text.strip()]

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}-1" if id_ else id_


class TextRowsField(forms.Field):
    """A list of short texts (steps, cautions, muscles), edited one row each."""

    def __init__(self, *, row_label, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(widget=TextRowsWidget(row_label), **kwargs)

    def to_python(self, value):
        return [text for text in (value or []) if text]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for text in value:
            if len(text) > 500:
                raise forms.ValidationError(_("Keep each row under 500 characters."))


class ExerciseForm(forms.ModelForm):
    """A clinic's exercise: steps, cues, muscles and variations as rows, equipment and caution
    tags as boxes to tick."""

    steps = TextRowsField(label=_("Steps"), row_label=_("Step"), required=True)
    cautions = TextRowsField(label=_("Cautions and common mistakes"), row_label=_("Cue"))
    target_muscles = TextRowsField(label=_("Target muscles"), row_label=_("Muscle"))
    variations = TextRowsField(label=_("Variations"), row_label=_("Variation"))
    equipment = forms.MultipleChoiceField(
        label=_("Equipment"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    caution_tags = forms.MultipleChoiceField(
        label=_("Caution tags"),
        choices=CautionTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the exercise asks of the body; screened against each patient's conditions."
        ),
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "slug",
            "kind",
            "resistance",
            "region",
            "summary",
            "target_muscles",
            "equipment",
            "steps",
            "cautions",
            "caution_tags",
            "variations",
            "harder",
            *DOSE_FIELDS,
            "image",
            "video_url",
            "source",
        ]
