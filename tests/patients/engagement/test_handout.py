"""The printable handout: current phase in session order, print styles, a PDF, a QR code."""

import io

from django.urls import reverse
from pypdf import PdfReader

from patients.engagement import handout
from tests.conftest import prescribe_small_program


def test_the_handout_page_shows_each_exercise_with_steps_dose_and_a_qr_code(
    client, north, north_program
):
    stretch = north_program.stretch.exercise
    stretch.cautions = ["Keep the movement slow."]
    stretch.save()
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:handout"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Rhomboid stretch") < html.index("Wall push-up")  # session order
    assert "Sit tall." in html and "Keep the movement slow." in html
    assert north_program.stretch.dose_summary in html
    assert '<svg width="' in html and 'class="segno"' in html  # the inline QR code
    assert "css/handout.css" in html and reverse("patients:handout_pdf") in html


def test_the_print_styles_hide_navigation_and_keep_exercises_whole(client):
    css = b"".join(client.get("/static/css/handout.css").streaming_content).decode()
    assert "@media print" in css
    assert "header.site-header" in css and "break-inside: avoid" in css


def test_the_qr_code_opens_the_program_in_the_browser(settings, north, north_program):
    settings.SITE_URL = "https://hep.clinic.example"
    data = handout.handout_for(north.patient)
    assert data.program_url == "https://hep.clinic.example/today/"
    assert data.qr_svg().startswith("<svg")


def test_the_pdf_has_the_exercises_and_pictures(client, north, north_program):
    stretch = north_program.stretch.exercise
    stretch.steps = ["Sit tall \u2013 shoulders down.", "Breathe \u201cslowly\u201d."]
    stretch.save()
    client.force_login(north.patient.user)
    response = client.get(reverse("patients:handout_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" in pdf  # the QR code


def test_the_pdf_text_reads_the_program(north, north_program):
    data = handout.handout_for(north.patient)
    assert [item.exercise.name for item in data.exercises] == ["Rhomboid stretch", "Wall push-up"]
    assert handout.handout_pdf(data).startswith(b"%PDF-")


def test_the_pdf_prints_names_in_any_european_script_as_typed(north, north_program):
    names = "Łukasz Żółć, Дмитрий, Ελένη, Siobhán Ó Sé \u2013 \u201cok\u201d"
    user = north.patient.user
    user.first_name, user.last_name = names, ""
    user.save()
    north.clinic.name = "Clinique Saint-Éloi"
    north.clinic.save()
    pdf = handout.handout_pdf(handout.handout_for(north.patient))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "?" not in text.replace("http", "")
    for word in ["Łukasz", "Żółć", "Дмитрий", "Ελένη", "Siobhán", "\u201cok\u201d"]:
        assert word in text


def test_a_patient_without_a_program_gets_a_polite_handout(client, north):
    client.force_login(north.patient.user)
    assert "No active program yet" in client.get(reverse("patients:handout")).content.decode()
    assert client.get(reverse("patients:handout_pdf")).content.startswith(b"%PDF-")


def test_staff_print_a_handout_for_their_clinics_patients_only(client, north, south, north_program):
    url = reverse("staff:handout", args=[north.patient.pk])
    pdf_url = reverse("staff:handout_pdf", args=[north.patient.pk])
    client.force_login(north.therapist)
    assert "Rhomboid stretch" in client.get(url).content.decode()
    assert client.get(pdf_url).content.startswith(b"%PDF-")
    prescribe_small_program(south)
    client.force_login(south.therapist)
    assert client.get(url).status_code == 404
    assert client.get(pdf_url).status_code == 404


def test_patients_cannot_open_anyone_elses_handout(client, north, north_program):
    client.force_login(north.other_patient.user)
    # Their own handout has nothing of the other patient's program...
    assert "Rhomboid stretch" not in client.get(reverse("patients:handout")).content.decode()
    # ...and the staff address, which names a patient, is not for patients.
    assert client.get(reverse("staff:handout", args=[north.patient.pk])).status_code == 403
    assert client.get(reverse("staff:handout_pdf", args=[north.patient.pk])).status_code == 403
