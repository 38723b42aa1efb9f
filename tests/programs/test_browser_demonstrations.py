"""In real Chromium: the exercise page's figure moves, holds still under reduced motion,
and needs no JavaScript."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from programs.models import Exercise

pytestmark = pytest.mark.browser


def _signed_in_page(browser, client, live_server, user, **options):
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def _figure(page):
    image = page.locator("picture.demonstration-animation img")
    image.wait_for()
    page.wait_for_function(
        "document.querySelector('picture.demonstration-animation img').naturalWidth > 0"
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
