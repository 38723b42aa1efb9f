"""The CSV export never hands a spreadsheet a formula: names that start like one are quoted."""

import csv
import io

from django.urls import reverse

from patients.models import Prescription
from patients.reporting.views import spreadsheet_safe
from tests.conftest import prescribe_small_program

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(1)", "\tcmd", "\rcmd"]


def test_text_that_a_spreadsheet_would_run_is_quoted_and_other_text_is_kept():
    for formula in FORMULAS:
        assert spreadsheet_safe(formula) == "'" + formula
    assert spreadsheet_safe("Ana Silva") == "Ana Silva"
    assert spreadsheet_safe("") == ""
    assert spreadsheet_safe(-3) == -3  # numbers are numbers


def test_patient_therapist_program_and_phase_names_reach_the_csv_quoted(client, north):
    program = prescribe_small_program(north)
    user = north.patient.user
    user.first_name, user.last_name = '=HYPERLINK("http://x","y")', ""
    user.save()
    north.therapist.first_name, north.therapist.last_name = "+1+1", ""
    north.therapist.save()
    Prescription.objects.filter(pk=program.prescription.pk).update(name="-1+1")
    program.prescription.phases.filter(order=1).update(name="@SUM(1)")
    client.force_login(north.manager)
    response = client.get(reverse("staff:report_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows[1:] if "HYPERLINK" in r[0])
    assert row[:3] == ['\'=HYPERLINK("http://x","y")', "'+1+1", "'-1+1"]
    assert row[4] == "'@SUM(1)"
    assert not any(cell[:1] in "=+-@\t\r" and cell for r in rows for cell in r if cell)
