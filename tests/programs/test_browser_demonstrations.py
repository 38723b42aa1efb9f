"""In real Chromium: the exercise page's figure moves, holds still under reduced motion,
and needs no JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Exercise, ExerciseMedia
from tests.browser import signed_in_context, wait_until
from tests.media_samples import mp4_bytes, png_bytes
from tests.programs.test_clinic_media import CAPTIONS

pytestmark = pytest.mark.browser


def _signed_in_page(browser, client, live_server, user, **options):
    context = signed_in_context(browser, client, live_server, user, **options)
    return context, context.new_page()


def _figure(page):
    image = page.locator("picture.demonstration-animation img")
    image.wait_for()
    wait_until(
        page, "document.querySelector('picture.demonstration-animation img').naturalWidth > 0"
    )
    return image.evaluate("img => [img.currentSrc, img.naturalWidth, img.naturalHeight]")


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_exercise_page_shows_the_loop_or_under_reduced_motion_the_two_stills(
    browser, client, live_server, north, north_program, motion
):
    Exercise.objects.filter(pk=north_program.strengthen.exercise_id).update(slug="wall-push-up")
    context, page = _signed_in_page(
        browser, client, live_server, north.patient.user, reduced_motion=motion
    )
    page.goto(live_server.url + reverse("patients:exercise", args=[north_program.strengthen.pk]))
    source, width, height = _figure(page)
    if motion == "reduce":
        assert source.endswith("/demonstration/stills/")
        assert width > 2 * height  # start and end side by side
    else:
        assert source.endswith("/demonstration/")
        assert (width, height) == (320, 240)
    context.close()


def test_the_figure_moves_with_javascript_switched_off(
    browser, client, live_server, north, north_program
):
    Exercise.objects.filter(pk=north_program.strengthen.exercise_id).update(slug="wall-push-up")
    context, page = _signed_in_page(
        browser, client, live_server, north.patient.user, java_script_enabled=False
    )
    page.goto(live_server.url + reverse("patients:exercise", args=[north_program.strengthen.pk]))
    source, width, _height = _figure(page)
    assert source.endswith("/demonstration/") and width == 320
    context.close()


def test_the_clinic_photo_and_captioned_video_show_under_the_figure(
    browser, client, live_server, north, north_program
):
    Exercise.objects.filter(pk=north_program.stretch.exercise_id).update(slug="childs-pose")
    exercise = Exercise.objects.get(pk=north_program.stretch.exercise_id)
    for content, fields in (
        (png_bytes((120, 90)), {"description": "Our therapist in child's pose"}),
        (mp4_bytes(), {"description": "Video of the stretch", "captions": CAPTIONS}),
    ):
        item = ExerciseMedia(
            clinic=north.clinic, exercise=exercise, file=SimpleUploadedFile("f", content), **fields
        )
        item.full_clean()
        item.save()
    context, page = _signed_in_page(browser, client, live_server, north.patient.user)
    page.goto(live_server.url + reverse("patients:exercise", args=[north_program.stretch.pk]))
    _figure(page)
    photo = page.get_by_role("img", name="Our therapist in child's pose")
    photo.wait_for()
    wait_until(page, "[...document.images].every(img => img.complete)")
    assert photo.evaluate("img => img.naturalWidth") == 120  # served to the patient, as a PNG
    video = page.locator("video[controls]")
    assert video.count() == 1
    # The captions track loads (text/vtt, same origin, the patient's session): 2 is LOADED.
    wait_until(
        page,
        "(() => { const t = document.querySelector('video track');"
        " t.track.mode = 'showing'; return t.readyState === 2; })()",
    )
    assert page.evaluate("document.querySelector('video track').track.cues.length") == 1
    context.close()
