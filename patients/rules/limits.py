"""Every clinical limit and threshold, in one place.

Models (validators and database constraints), forms, serializers, services and the rule
functions all read these names; a limit typed anywhere else is a bug.
"""

#: The 0-10 scales: pain (numeric rating scale), effort, adherence self-rating, PSFS.
SCALE_MIN = 0
SCALE_MAX = 10

#: What a patient can type about one session, and about what got easier in a week.
SESSION_NOTE_MAX_LENGTH = 2000
CHECKIN_EASIER_MAX_LENGTH = 1000

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
