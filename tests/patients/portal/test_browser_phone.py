"""In real Chromium at a phone's size (390x844): the menu, Today's first screen, history,
the handout's title, tap targets, and the exercise page's timer and counter."""

import re

import pytest
from django.urls import reverse

from patients import selectors, services
from patients.models import SessionLog
from tests.browser import signed_in_context
from tests.conftest import consented_assessment, log_stretch
from tests.factories import ExerciseFactory, PhaseExerciseFactory, PhaseFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Every visible control's box, for the 44px rule (labels of radios and checkboxes count
# as the control: the input itself is drawn inside its label's target).
TARGETS = """() => [...document.querySelectorAll(
    'main a, main button, main summary, main select, main textarea, main label.btn,'
    + 'main input:not([type=hidden]):not([type=radio]):not([type=checkbox]),'
    + 'header a, header button, header summary')]
  .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
  .map(el => { const r = el.getBoundingClientRect();
    return {text: (el.textContent || el.name || '').trim().slice(0, 40),
            width: Math.round(r.width), height: Math.round(r.height)}; })"""


def small_targets(page):
    # Links inside running text are exempt (WCAG 2.5.8's inline exception).
    return [t for t in page.evaluate(TARGETS) if t["height"] < 44 or t["width"] < 44]


def test_the_phone_menu_is_one_row_and_opens_by_keyboard(browser, client, live_server, north):
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    header = page.locator("header").bounding_box()
    assert header["height"] <= 72  # one row: brand and menu button
    assert not page.get_by_role("link", name="History").is_visible()
    menu = page.get_by_role("group").filter(has=page.locator("summary")).first
    summary = page.locator("summary", has_text="Menu")
    summary.focus()
    page.keyboard.press("Enter")
    assert menu.evaluate("d => d.open")
    page.get_by_role("link", name="History").click()
    page.get_by_role("heading", name="Your sessions").wait_for()
    summary.click()
    current = page.locator("details a[aria-current=page]")
    assert current.inner_text() == "History"
    context.close()


def test_the_menu_works_without_javascript(browser, client, live_server, north):
    context = signed_in_context(
        browser, client, live_server, north.patient.user, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    page.locator("summary", has_text="Menu").click()
    page.get_by_role("link", name="Progress").click()
    page.wait_for_url("**/progress/")
    context.close()


def test_a_wide_screen_shows_every_link_in_one_row(browser, client, live_server, north):
    context = signed_in_context(
        browser, client, live_server, north.patient.user, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    assert not page.locator("summary", has_text="Menu").is_visible()
    tops = {
        round(page.get_by_role("link", name=name, exact=True).bounding_box()["y"])
        for name in ["Today", "Log a session", "History", "Progress", "Check-in", "Settings"]
    }
    assert len(tops) == 1
    assert page.locator("header").bounding_box()["height"] <= 72
    context.close()


def test_todays_first_exercise_is_on_the_first_screen(
    browser, client, live_server, north, north_program
):
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:today"))
    first = page.get_by_role("link", name="1. Rhomboid stretch").bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"]
    assert small_targets(page) == [], small_targets(page)
    context.close()


def test_history_dates_stay_on_one_line(browser, client, live_server, north, north_program):
    log_stretch(north.patient, north_program)
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:history"))
    date_cell = page.locator("tbody td").first
    line = float(date_cell.evaluate("td => getComputedStyle(td).lineHeight").removesuffix("px"))
    assert date_cell.locator("span").first.bounding_box()["height"] < 1.5 * line
    assert small_targets(page) == [], small_targets(page)
    context.close()


def test_the_handout_title_keeps_its_width_beside_the_code(
    browser, client, live_server, north, north_program
):
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:handout"))
    title = page.get_by_role("heading", name="Your home exercise program").bounding_box()
    assert title["width"] > 0.8 * (PHONE["width"] - 32)
    assert title["height"] < 100  # two lines at most
    context.close()


VIBRATIONS = (
    "navigator.vibrate = p => { (window.buzzes = window.buzzes || []).push(p); return true; }"
)


def test_the_hold_timer_shows_the_end_counts_reps_and_prompts_the_other_side(
    browser, client, live_server, north, north_program
):
    stretch = north_program.stretch
    stretch.hold_seconds, stretch.reps, stretch.reps_max, stretch.per_side = 3, 2, None, True
    stretch.save()
    context = signed_in_context(browser, client, live_server, north.patient.user)
    context.add_init_script(VIBRATIONS)
    page = context.new_page()
    page.clock.install()
    page.goto(live_server.url + reverse("patients:exercise", args=[stretch.pk]))
    status = page.get_by_role("status").filter(has_text="")
    timer = page.locator("[data-timer]")
    assert timer.locator("[data-timer-status]").get_attribute("aria-live") == "assertive"
    assert timer.get_by_text("First side", exact=True).is_visible()
    assert timer.get_by_text("Rep 0 of 2").is_visible()

    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(3_000)
    assert timer.get_by_text("Time is up. You can let go.").is_visible()
    assert timer.get_by_text("Rep 1 of 2").is_visible()
    assert page.evaluate("window.buzzes.length") == 1

    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(3_000)
    assert timer.get_by_text("Time is up. You can let go. Now the other side.").is_visible()
    assert timer.get_by_text("Other side", exact=True).is_visible()
    assert timer.get_by_text("Rep 0 of 2").is_visible()
    assert page.evaluate("window.buzzes.length") >= 2

    timer.get_by_role("button", name="Count a rep").click()
    timer.get_by_role("button", name="Count a rep").click()
    assert timer.get_by_text("All done for this exercise. Well done!").is_visible()
    assert status.count() >= 1
    assert small_targets(page) == [], small_targets(page)
    context.close()


def test_a_rep_counter_without_a_hold_counts_each_set(
    browser, client, live_server, north, north_program
):
    strong = north_program.strengthen
    strong.sets, strong.reps, strong.reps_max, strong.per_side = 2, 3, None, False
    strong.hold_seconds = strong.duration_seconds = None
    strong.save()
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:exercise", args=[strong.pk]))
    timer = page.locator("[data-timer]")
    assert not timer.get_by_role("button", name="Start").count()
    count = timer.get_by_role("button", name="Count a rep")
    for _ in range(3):
        count.click()
    assert timer.get_by_text("Set done. Rest, then start the next set.").is_visible()
    assert timer.get_by_text("Set 2 of 2").is_visible()
    for _ in range(3):
        count.click()
    assert timer.get_by_text("All done for this exercise. Well done!").is_visible()
    context.close()


def _five_exercise_program(actors):
    phase = PhaseFactory(protocol__clinic=actors.clinic, order=1, week_start=1, week_end=None)
    names = [
        "Rhomboid stretch (seated or standing)",
        "Modified child's pose for the upper back",
        "Shoulder roll sequence",
        "Counter push-up",
        "Resistance band row (standing)",
    ]
    for order, name in enumerate(names, start=1):
        exercise = ExerciseFactory(kind="stretch", name=name, hold_seconds=20)
        PhaseExerciseFactory(phase=phase, exercise=exercise, order=order, hold_seconds=20)
    consented_assessment(actors.patient)
    return services.prescribe(
        patient=actors.patient,
        protocol=phase.protocol,
        therapist=actors.therapist,
        start_date=selectors.clinic_today(actors.clinic),
        by=actors.therapist,
    )


def test_logging_five_exercises_as_prescribed_takes_a_screen_and_a_half(
    browser, client, live_server, north
):
    _five_exercise_program(north)
    context = signed_in_context(browser, client, live_server, north.patient.user)
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:log_session"))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 1.55 * PHONE["height"], height
    assert small_targets(page) == [], small_targets(page)

    page.get_by_role("group", name=re.compile("Pain before")).get_by_text("4", exact=True).click()
    page.get_by_role("switch", name="I did them all as prescribed, with good form").check()
    assert page.get_by_label(re.compile("^I did this exercise")).evaluate_all(
        "boxes => boxes.every(box => box.checked)"
    )
    # One exception: the third hurt and was cut short.
    page.get_by_text("Different?").nth(2).click()
    page.get_by_label("Reps").nth(2).fill("1")
    page.get_by_label("It hurt (sharp or worse pain)").nth(2).check()
    page.get_by_role("group", name=re.compile("Pain now")).get_by_text("3", exact=True).click()
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved").wait_for()

    session = SessionLog.objects.get(patient=north.patient)
    logs = list(session.exercise_logs.order_by("prescribed_exercise__order"))
    assert [log.done for log in logs] == [True] * 5
    assert [log.good_form for log in logs] == [True] * 5
    assert [(log.reps_done, log.painful) for log in logs][2] == (1, True)
    assert not any(log.painful for i, log in enumerate(logs) if i != 2)
    context.close()


def test_the_log_form_works_without_javascript(browser, client, live_server, north):
    _five_exercise_program(north)
    context = signed_in_context(
        browser, client, live_server, north.patient.user, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("patients:log_session"))
    assert not page.get_by_role("switch").is_visible()
    page.get_by_role("group", name=re.compile("Pain before")).get_by_text("2", exact=True).click()
    page.get_by_label(re.compile("^I did this exercise")).first.check()
    page.get_by_text("Any warning sign?").click()
    page.get_by_label("Pain got worse after exercising").check()
    page.get_by_role("group", name=re.compile("Pain now")).get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved").wait_for()
    session = SessionLog.objects.get(patient=north.patient)
    assert session.symptoms == ["worse_after"]
    assert session.exercise_logs.filter(done=True).count() == 1
    context.close()
