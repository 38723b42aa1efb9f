"""`make run` on another port serves links (emails, calendar, QR code) on that port."""

import os
import shutil
import subprocess

import pytest

from tests.clinic.test_settings_startup import ROOT

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned_commands(*arguments, **env):
    """The commands `make run` would run (make -n prints them without running any)."""
    clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    clean.update(env)
    result = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


@needs_make
def test_make_run_on_port_8101_gives_every_command_links_on_port_8101():
    commands = planned_commands("PORT=8101")
    assert any("runserver 127.0.0.1:8101" in line for line in commands)
    assert commands and all("SITE_URL=http://127.0.0.1:8101" in line for line in commands)


@needs_make
def test_a_site_url_in_the_environment_wins_over_the_port():
    commands = planned_commands("PORT=8101", SITE_URL="https://hep.clinic.example")
    assert commands and all("SITE_URL=https://hep.clinic.example" in line for line in commands)
