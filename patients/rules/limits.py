"""Every clinical limit and threshold, in one place.

Models (validators and database constraints), forms, serializers, services and the rule
functions all read these names; a limit typed anywhere else is a bug.
"""

from datetime import date, timedelta

#: The 0-10 scales: pain (numeric rating scale), effort, adherence self-rating, PSFS.
SCALE_MIN = 0
SCALE_MAX = 10

#: What a patient can type about one session, and about what got easier in a week.
SESSION_NOTE_MAX_LENGTH = 2000
CHECKIN_EASIER_MAX_LENGTH = 1000
#: The longest answer to "how long can you work without discomfort" (minutes): a working day.
WORK_MINUTES_MAX = 720

#: Upper bounds on what one exercise log can report (a typo guard, also in the database).
SETS_DONE_MAX = 50
REPS_DONE_MAX = 500
HOLD_SECONDS_DONE_MAX = 3600

#: Meaningful change on the 0-10 pain scale: 2 points, or 30% of the first score
#: (the usual minimal clinically important difference).
PAIN_MEANINGFUL_POINTS = 2
PAIN_MEANINGFUL_FRACTION = 0.30
#: Meaningful change in the mean PSFS score.
PSFS_MEANINGFUL_POINTS = 2
#: A rise of this many points from baseline calls for a review.
PAIN_RISE_POINTS = PAIN_MEANINGFUL_POINTS


def on_scale(value: int) -> bool:
    """Whether a score is on the 0-10 scale."""
    return SCALE_MIN <= value <= SCALE_MAX


#: Every clinical date (program start, session, assessment) lies in these years; the
#: database refuses any other, so no schedule is ever counted over centuries.
CLINICAL_DATE_MIN = date(2000, 1, 1)
CLINICAL_DATE_MAX = date(2099, 12, 31)
#: A program starts at most this many days before or after the day it is prescribed
#: (entering a program begun on paper; planning one ahead).
START_DATE_DAYS_BACK = 365
START_DATE_DAYS_AHEAD = 365


def start_date_window(today: date) -> tuple[date, date]:
    """The first and last start date a program prescribed on ``today`` may have."""
    return (
        max(today - timedelta(days=START_DATE_DAYS_BACK), CLINICAL_DATE_MIN),
        min(today + timedelta(days=START_DATE_DAYS_AHEAD), CLINICAL_DATE_MAX),
    )


#: Free text kept with a patient's condition (a fracture's level, a surgery's date...).
CONDITION_DETAILS_MAX_LENGTH = 500
#: A therapist's reason for keeping an exercise the patient's conditions forbid.
CAUTION_REASON_MAX_LENGTH = 500
#: A reason a therapist types: for a clearance, a resume after review, an advance anyway.
REASON_MAX_LENGTH = 500
