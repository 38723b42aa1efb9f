"""Headless Chromium for the browser tests, driven by Playwright.

A missing browser fails the run: `make test` installs Debian's chromium first.
"""

import os
import shutil
import time

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Chromium is not installed: run `make browser` (Debian package chromium).")
    return path


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests' own database
    # calls are plain synchronous ones made between browser steps.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        # A phone; the service worker only where a test is about it (offline_context).
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, service_workers="block"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def signed_in_context(browser, client, live_server, user, **options):
    """A phone-sized browser context signed in as ``user`` (through the test client's login)."""
    from django.conf import settings

    client.force_login(user)
    options.setdefault("viewport", {"width": 390, "height": 844})
    # The service worker's background copies would race the test's own requests on the live
    # server's one SQLite connection; the offline tests ask for it (service_workers="allow").
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def follow_menu_link(page, name):
    """Click a main-navigation link, opening the phone's menu first when it is closed."""
    menu = page.locator("header details.nav-menu")
    if menu.is_visible() and not menu.evaluate("details => details.open"):
        menu.locator("summary").click()
    page.locator("header").get_by_role("link", name=name, exact=True).click()


def check_accessible(page):
    """axe-core (shipped with axe-playwright-python) finds no violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def wait_until(page, script, arg=None, seconds=15):
    """Poll ``script`` in the page until it is true.

    Playwright's wait_for_function evaluates strings with eval while it polls, which the
    site's Content-Security-Policy refuses; ``page.evaluate`` is not subject to it.
    """
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {seconds}s: {script}"
        page.wait_for_timeout(100)
