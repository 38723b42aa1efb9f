"""Clinical dates checked against the clinic's today: one rule for the admin, pages and API.

The database holds the fixed outer bounds (``limits.CLINICAL_DATE_MIN``/``MAX``) and refuses a
session dated before its program; what depends on today is checked here, where a request is
answered, since a database constraint cannot know the date.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from patients import selectors
from patients.rules import limits


def check_start_date(start_date: date, clinic) -> None:
    """A new program starts within ``limits.start_date_window`` of the clinic's today."""
    earliest, latest = limits.start_date_window(selectors.clinic_today(clinic))
    if not earliest <= start_date <= latest:
        raise ValidationError(
            {
                "start_date": _("Choose a start date from %(earliest)s to %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            }
        )


def check_assessed_on(assessed_on: date, clinic) -> None:
    """An assessment is dated today or earlier (clinic time), from the year 2000 on."""
    if assessed_on > selectors.clinic_today(clinic):
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    if assessed_on < limits.CLINICAL_DATE_MIN:
        raise ValidationError({"assessed_on": _("Give a date from the year 2000 on.")})
