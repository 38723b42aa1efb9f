"""A printable handout of a patient's current phase: HTML for the browser, and a PDF.

Each exercise in session order with its steps, the patient's dose, its picture and
cautions, and a QR code that opens the program (the Today page) in a browser.
The PDF is drawn with fpdf2 (pure Python); pictures are the demonstration's start and
end positions (SVG drawn from the exercise's keyframes) and the clinic's uploaded
photo. The PDF embeds DejaVu Sans, so names and typographic punctuation print as typed.
"""

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from fpdf import FPDF

from patients import selectors
from patients.models import Patient, PrescribedExercise, PrescribedPhase, Prescription
from programs import demonstrations
from programs.vocabulary import SESSION_ORDER

logger = logging.getLogger(__name__)
# fpdf2 logs a warning for each SVG element it skips (our drawings' <title>): not news.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)


@dataclass
class Handout:
    patient: Patient
    prescription: Prescription | None
    phase: PrescribedPhase | None
    exercises: list[PrescribedExercise] = field(default_factory=list)
    program_url: str = ""
    printed_on: object = None

    def qr_svg(self) -> str:
        """The QR code of the program's address as inline SVG (safe: segno's own markup)."""
        code = segno.make(self.program_url, error="m")
        return mark_safe(code.svg_inline(scale=4, title=_("Open your program")))


def handout_for(patient: Patient) -> Handout:
    """The patient's current phase with its exercises in session order (constant queries)."""
    prescription = selectors.current_prescription(patient)
    handout = Handout(
        patient=patient,
        prescription=prescription,
        phase=None,
        program_url=settings.SITE_URL + reverse("patients:today"),
        printed_on=timezone.localdate(timezone=patient.clinic.tzinfo),
    )
    if prescription is None:
        return handout
    handout.phase = next(
        (p for p in prescription.phases.all() if p.pk == prescription.current_phase_id), None
    )
    if handout.phase is not None:
        handout.exercises = sorted(
            handout.phase.exercises.all(),
            key=lambda item: (SESSION_ORDER[item.exercise.kind], item.order),
        )
    return handout


# The PDF.

#: DejaVu Sans (shipped in ``fonts/``, free licence in ``fonts/LICENSE``): Latin, Greek,
#: Cyrillic and more, so every name prints as typed ("Łukasz", "Дмитрий", "Ελένη").
FONT = "dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT_DIR = Path(__file__).resolve().parent / "fonts"


class _HandoutPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="letter", unit="mm")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, FONT_DIR / name)
        self.footer_text = footer_text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self):
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text}  -  {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _text(pdf: FPDF, text: str, size: float = 11, style: str = "", height: float = 5.5):
    pdf.set_font(FONT, style=style, size=size)
    pdf.multi_cell(0, height, str(text), new_x="LMARGIN", new_y="NEXT")


def _draw(pdf: FPDF, source, x: float, y: float, width: float, what: str, pk: int) -> float:
    try:
        info = pdf.image(source, x=x, y=y, w=width)
    except Exception:  # an unreadable upload or drawing must not stop the whole handout
        logger.warning("%s of exercise %s could not be drawn", what, pk, exc_info=True)
        return 0
    return info.rendered_height


def _photo(pdf: FPDF, item: PrescribedExercise, x: float, y: float, width: float) -> float:
    """Draw the clinic's photo of the exercise; returns the height used (0 if none)."""
    exercise = item.exercise
    if not exercise.image:
        return 0
    try:
        with exercise.image.open("rb") as handle:
            source = io.BytesIO(handle.read())
    except (OSError, ValueError):
        logger.warning("Photo of exercise %s could not be read", exercise.pk)
        return 0
    return _draw(pdf, source, x, y, width, "Photo", exercise.pk)


def _stills(pdf: FPDF, item: PrescribedExercise, width: float) -> float:
    """Draw the start and end positions below the current line; returns the height used."""
    svg = demonstrations.stills(item.exercise)
    if svg is None:
        return 0
    source = io.BytesIO(svg.encode())
    return _draw(pdf, source, pdf.l_margin, pdf.get_y(), width, "Demonstration", item.exercise.pk)


def handout_pdf(handout: Handout) -> bytes:
    """The handout as a PDF document (Letter size)."""
    patient = handout.patient
    clinic = patient.clinic
    pdf = _HandoutPDF(
        footer_text=_("%(clinic)s - printed %(date)s")
        % {"clinic": clinic.name, "date": date_format(handout.printed_on, "DATE_FORMAT")}
    )
    pdf.set_title(_("Home exercise program"))
    pdf.set_author(clinic.name)
    pdf.add_page()

    # QR code in the top right corner.
    qr = io.BytesIO()
    segno.make(handout.program_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    qr_size = 32
    pdf.image(qr, x=pdf.w - pdf.r_margin - qr_size, y=pdf.t_margin, w=qr_size)
    pdf.set_xy(pdf.w - pdf.r_margin - qr_size - 2, pdf.t_margin + qr_size)
    pdf.set_font(FONT, size=7)
    pdf.cell(qr_size + 4, 4, _("Scan to open your program"), align="C")

    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    right = pdf.r_margin
    pdf.set_right_margin(right + qr_size + 4)
    _text(pdf, _("Your home exercise program"), size=18, style="B", height=8)
    _text(pdf, patient.name, size=13)
    if handout.prescription is not None:
        line = handout.prescription.name
        if handout.phase is not None:
            line += " - " + _("phase: %(phase)s") % {"phase": handout.phase.name}
        _text(pdf, line, size=11)
    contact = clinic.name + (f" - {clinic.phone}" if clinic.phone else "")
    _text(pdf, contact, size=10)
    pdf.set_right_margin(right)
    pdf.set_y(max(pdf.get_y(), pdf.t_margin + qr_size + 6))

    if not handout.exercises:
        _text(pdf, _("No active program yet. Your therapist will set one up for you."))
        return bytes(pdf.output())

    _text(
        pdf,
        _(
            "Do the exercises in this order: release first, then stretches and mobility, "
            "then strengthening. Stop if you feel sharp or shooting pain, numbness or "
            "tingling, and contact the clinic."
        ),
        size=10,
    )
    pdf.ln(2)
    picture_width = 40
    stills_width = 110
    for number, item in enumerate(handout.exercises, start=1):
        exercise = item.exercise
        if pdf.will_page_break(85):
            pdf.add_page()
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(2)
        top = pdf.get_y()
        used = _photo(pdf, item, pdf.l_margin, top, picture_width)
        pdf.set_left_margin(pdf.l_margin + (picture_width + 5 if used else 0))
        pdf.set_xy(pdf.l_margin, top)
        _text(pdf, f"{number}. {exercise.name}", size=13, style="B", height=6.5)
        _text(pdf, f"{exercise.get_kind_display()} - {item.dose_summary}", size=11, style="B")
        if item.rest_seconds:
            _text(pdf, _("Rest %(s)s seconds between sets.") % {"s": item.rest_seconds}, size=10)
        if exercise.equipment:
            needs = ", ".join(exercise.equipment_labels())
            _text(pdf, _("You need: %(items)s") % {"items": needs}, size=10)
        pdf.set_left_margin(15)
        pdf.set_y(max(pdf.get_y(), top + used) + 1)
        drawn = _stills(pdf, item, stills_width)
        if drawn:
            pdf.set_y(pdf.get_y() + drawn + 2)
        if exercise.steps:
            _text(pdf, _("Steps"), size=10, style="B")
            for index, step in enumerate(exercise.steps, start=1):
                _text(pdf, f"{index}. {step}", size=10, height=5)
        if exercise.cautions:
            _text(pdf, _("Take care"), size=10, style="B")
            for caution in exercise.cautions:
                _text(pdf, f"- {caution}", size=10, height=5)
        pdf.ln(3)
    return bytes(pdf.output())
