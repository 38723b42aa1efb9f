"""Where the demonstrations show: their SVG endpoints, the API, the exercise page, the
handout and its PDF, and the admin library."""

import re

import pytest
from django.urls import reverse

from patients.engagement import handout
from patients.models import PrescribedExercise
from programs.models import Exercise
from tests.api_fixtures import api_client
from tests.factories import ExerciseFactory


def _drawn(program):
    """Give the small program's exercises the slugs of shipped, drawn exercises."""
    Exercise.objects.filter(pk=program.stretch.exercise_id).update(slug="childs-pose")
    Exercise.objects.filter(pk=program.strengthen.exercise_id).update(slug="wall-push-up")
    return Exercise.objects.get(pk=program.strengthen.exercise_id)


def test_the_animation_is_an_svg_that_moves_without_script(client, north, north_program):
    exercise = _drawn(north_program)
    client.force_login(north.therapist)
    response = client.get(exercise.demonstration_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<animate" in svg and "<script" not in svg
    stills = client.get(exercise.demonstration_stills_url)
    assert stills.status_code == 200 and b"<animate" not in stills.content


def test_a_patient_sees_the_demonstration_of_their_own_exercises_only(client, north, north_program):
    exercise = _drawn(north_program)
    unprescribed = ExerciseFactory(slug="bird-dog")
    client.force_login(north.patient.user)
    assert client.get(exercise.demonstration_url).status_code == 200
    assert client.get(unprescribed.demonstration_url).status_code == 404
    client.force_login(north.other_patient.user)
    assert client.get(exercise.demonstration_url).status_code == 404


def test_another_clinics_exercise_and_an_anonymous_caller_get_no_drawing(
    client, north, south, north_program
):
    exercise = _drawn(north_program)
    own = ExerciseFactory(clinic=south.clinic, slug="wall-push-up")
    url = reverse("api:exercise-demonstration", args=[own.pk])
    client.force_login(north.therapist)
    assert client.get(url).status_code == 404
    client.force_login(south.therapist)
    # A clinic's own exercise has no drawn figure, even with a shipped exercise's slug.
    assert client.get(url).status_code == 404
    client.logout()
    anonymous = client.get(exercise.demonstration_url)
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/json" and "detail" in anonymous.json()


def test_the_demonstration_reads_the_exercise_once(
    client, north, north_program, django_assert_num_queries
):
    exercise = _drawn(north_program)
    client.force_login(north.therapist)
    client.get(exercise.demonstration_url)
    # Queries: the session, the user (with the viewer's membership), their two-factor
    # devices, the exercise (one, scoped), the audit event of the API read, the session
    # saved again (in a savepoint: 3). The request-rate limit counts outside the database.
    with django_assert_num_queries(8):
        assert client.get(exercise.demonstration_url).status_code == 200


def test_the_api_exercise_carries_the_address_of_its_demonstration(north, north_program):
    exercise = _drawn(north_program)
    plain = ExerciseFactory(clinic=north.clinic)
    client = api_client(north.therapist)
    body = client.get(reverse("api:exercise-detail", args=[exercise.pk])).json()
    assert body["demonstration_url"] == f"http://testserver{exercise.demonstration_url}"
    assert body["demonstration_stills_url"].endswith("/demonstration/stills/")
    assert client.get(body["demonstration_url"]).status_code == 200  # token auth works too
    assert (
        client.get(reverse("api:exercise-detail", args=[plain.pk])).json()["demonstration_url"]
        is None
    )


def test_the_exercise_page_shows_the_loop_with_stills_for_reduced_motion_and_print(
    client, north, north_program
):
    exercise = _drawn(north_program)
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:exercise", args=[north_program.strengthen.pk])).content
    html = html.decode()
    assert f'<img class="img-fluid rounded border" src="{exercise.demonstration_url}"' in html
    assert (
        f'<source media="(prefers-reduced-motion: reduce)" '
        f'srcset="{exercise.demonstration_stills_url}">' in html
    )
    assert "demonstration-stills" in html  # the print copy


def test_the_handout_and_its_pdf_carry_the_start_and_end_stills(client, north, north_program):
    exercise = _drawn(north_program)
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:handout")).content.decode()
    assert f'<img src="{exercise.demonstration_stills_url}"' in html
    drawn = handout.handout_pdf(handout.handout_for(north.patient))
    for exercise in Exercise.objects.all():
        Exercise.objects.filter(pk=exercise.pk).update(slug=f"not-drawn-{exercise.pk}")
    plain = handout.handout_pdf(handout.handout_for(north.patient))
    assert len(drawn) > len(plain) + 2000  # the figures are drawn as vector paths


def test_the_admin_library_lists_and_shows_each_demonstration(client, north, north_program):
    exercise = _drawn(north_program)
    client.force_login(north.therapist)
    listing = client.get(reverse("admin:programs_exercise_changelist")).content.decode()
    assert exercise.demonstration_url in listing
    page = client.get(reverse("admin:programs_exercise_change", args=[exercise.pk]))
    assert exercise.demonstration_stills_url in page.content.decode()


def _loop_seconds(svg: bytes) -> float:
    return float(re.search(rb'dur="([\d.]+)s"', svg).group(1))


def test_the_animation_follows_the_dose_it_is_given_and_refuses_a_bad_one(
    client, north, north_program
):
    exercise = _drawn(north_program)
    Exercise.objects.filter(pk=north_program.stretch.exercise_id).update(hold_seconds=20)
    stretch = Exercise.objects.get(pk=north_program.stretch.exercise_id)
    client.force_login(north.therapist)
    default = client.get(stretch.demonstration_url)
    longer = client.get(stretch.demonstration_url, {"hold_seconds": 30})
    assert _loop_seconds(longer.content) - _loop_seconds(default.content) == pytest.approx(10.0)
    for bad in ({"hold_seconds": "ten"}, {"hold_seconds": "601"}, {"tempo": "1"}):
        refused = client.get(stretch.demonstration_url, bad)
        assert refused.status_code == 400 and refused["Content-Type"] == "application/json"
    assert exercise.demonstration_url_for(exercise) == exercise.demonstration_url


def test_the_patients_page_paces_the_figure_by_their_own_prescribed_dose(
    client, north, north_program
):
    _drawn(north_program)
    Exercise.objects.filter(pk=north_program.stretch.exercise_id).update(hold_seconds=20)
    PrescribedExercise.objects.filter(pk=north_program.stretch.pk).update(hold_seconds=28)
    client.force_login(north.patient.user)
    html = client.get(reverse("patients:exercise", args=[north_program.stretch.pk])).content
    stretch = Exercise.objects.get(pk=north_program.stretch.exercise_id)
    src = f"{stretch.demonstration_url}?hold_seconds=28"
    assert f'src="{src}"'.encode() in html
    # The loop holds the position 8 s longer than the library's 20 s default would.
    paced, default = client.get(src).content, client.get(stretch.demonstration_url).content
    assert _loop_seconds(paced) - _loop_seconds(default) == pytest.approx(8.0)


def test_the_program_builder_shows_each_drawn_exercise_in_the_program_and_the_library(
    client, north, north_program
):
    exercise = _drawn(north_program)  # the program's wall push-up
    library = ExerciseFactory(name="Bird dog", slug="bird-dog")
    client.force_login(north.therapist)
    url = reverse("staff:program", args=[north_program.prescription.pk])
    page = client.get(url, {"q": "Bird"}).content.decode()
    assert f'src="{exercise.demonstration_url}"' in page  # in the program
    assert f'src="{library.demonstration_url}"' in page  # in the library search
    assert f'srcset="{library.demonstration_stills_url}"' in page  # reduced motion: stills
