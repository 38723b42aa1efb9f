"""Counts read as English does: "1 set", "1 rep", "1 of 1 session", "1 program"."""

import re
import uuid

from django.urls import reverse

from patients import selectors, services


def test_one_set_of_one_rep_reads_in_the_singular(client, north, north_program):
    session, _ = services.log_session(
        patient=north.patient,
        report=services.session_report(
            prescription_id=north_program.prescription.pk,
            performed_on=selectors.clinic_today(north.clinic),
            pain_before=3,
            pain_after=3,
            entries=[
                {
                    "prescribed_exercise_id": north_program.strengthen.pk,
                    "done": True,
                    "sets_done": 1,
                    "reps_done": 1,
                }
            ],
        ),
        idempotency_key=uuid.uuid4(),
    )
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:session_detail", args=[session.pk])).content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "1 set, 1 rep" in text
    assert "1 sets" not in text and "1 reps" not in text


def test_a_report_of_one_program_says_one_program(client, north, north_program):
    client.force_login(north.manager)
    html = client.get(reverse("staff:report")).content.decode()
    assert re.search(r">\s*1 program\s*<", html)
    assert "1 programs" not in html
