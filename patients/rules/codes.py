"""Codes the rule functions return; labels and sentences are rendered where they are shown.

A rule says *what* it found as a code with parameters (numbers, dates, other codes), never
as a sentence: the sentence is chosen by the viewer's language at the edge
(``patients.texts``), so each code has exactly one text and a stored alert can be shown in
any language later.

Parameters hold plain values only: ``int``, ``float`` (rounded by the rule), ``str`` (codes),
``datetime.date`` and lists of those. Stored in a JSON field, a date becomes its ISO string;
the renderer reads both.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

type Param = int | float | str | date | list[str]
type Params = Mapping[str, Param]


class AlertKind(StrEnum):
    """Why the care team is alerted (stored on ``patients.models.Alert.kind``).

    The kind is also the code of the alert's sentence; ``Alert.params`` holds its parameters.
    """

    RED_FLAG = "red_flag"
    PAIN_RISE = "pain_rise"
    PAIN_AFTER_WORSE = "pain_after_worse"
    INACTIVE = "inactive"
    NO_IMPROVEMENT = "no_improvement"
    #: A therapist's assessment screened positive for a red flag.
    RED_FLAG_SCREEN = "red_flag_screen"
    PAIN_INTERFERES = "pain_interferes"
    EXERCISE_HELD = "exercise_held"
    PAIN_CHECK_STOP = "pain_check_stop"


class AlertCode(StrEnum):
    """The sentence of an alert (stored on ``Alert.code``, its parameters on ``Alert.params``).

    An alert's kind says why it is raised (one per cause); its code picks the one sentence
    that describes it, so a kind may have more than one code.
    """

    #: ``day``: a session that day reported a red flag.
    RED_FLAG = "red_flag"
    #: ``day``, ``symptoms`` (symptom codes): as above, with what was reported.
    RED_FLAG_REPORTED = "red_flag_reported"
    #: ``pain``, ``day``, ``rise``, ``baseline``: pain this far above the baseline.
    PAIN_RISE = "pain_rise"
    #: ``day``, ``sessions``: pain after above pain before, so many sessions in a row.
    PAIN_AFTER_WORSE = "pain_after_worse"
    #: ``days``, ``last`` (date): no counting session for so many days since the last one.
    INACTIVE = "inactive"
    #: ``start`` (date): no counting session since the program started.
    INACTIVE_SINCE_START = "inactive_since_start"
    #: ``weeks``, ``percent``, ``first``, ``last``: steady exercise, mean pain before not lower.
    NO_IMPROVEMENT = "no_improvement"
    #: ``day``: pain kept the patient awake or stopped daily tasks (a review trigger).
    PAIN_INTERFERES = "pain_interferes"
    #: ``day``, ``exercise`` (its name): marked as hurting, held until reviewed.
    EXERCISE_HELD = "exercise_held"
    #: ``day``, ``reason`` (a pain-check stop code): the session stopped at the pain check.
    PAIN_CHECK_STOPPED = "pain_check_stopped"
    #: ``day`` (date), ``flags`` (screen item codes): an assessment screened positive.
    RED_FLAG_SCREEN = "red_flag_screen"


class GateCode(StrEnum):
    """Why a program cannot be prescribed or advanced now (``patients.rules.gates``)."""

    #: No assessment is recorded for the patient.
    NO_ASSESSMENT = "no_assessment"
    #: ``day`` (date), ``flags`` (screen item codes): the latest assessment's red-flag screen is
    #: positive and no clearance was recorded for it.
    RED_FLAG_SCREEN = "red_flag_screen"
    #: ``day`` (date): the latest assessment records no consent and no clearance was recorded.
    NO_CONSENT = "no_consent"
    #: A red flag the patient reported has not been reviewed by a therapist: no advance.
    UNREVIEWED_RED_FLAG = "unreviewed_red_flag"
    #: ``blockers`` (readiness codes): advancing against these needs a reason.
    NOT_READY = "not_ready"


class ReadinessCode(StrEnum):
    """One criterion of phase readiness, met (a reason) or not (a blocker)."""

    #: The phase asked about has not started.
    PHASE_NOT_STARTED = "phase_not_started"
    #: An open-ended last phase: there is nothing to advance to.
    LAST_PHASE = "last_phase"
    #: ``weeks``, ``since`` (date): the phase's weeks have passed.
    WEEKS_DONE = "weeks_done"
    #: ``weeks``, ``days_left``, ``until`` (date): the phase still runs.
    WEEKS_LEFT = "weeks_left"
    #: No session was due in the phase yet, so there is no adherence figure.
    NOTHING_DUE = "nothing_due"
    #: ``percent``, ``bar``: adherence in the phase meets the bar.
    ADHERENCE_MET = "adherence_met"
    #: ``percent``, ``bar``: adherence in the phase is below the bar.
    ADHERENCE_LOW = "adherence_low"
    NO_RED_FLAG = "no_red_flag"
    RED_FLAG = "red_flag"
    #: ``logged``, ``needed``: too few sessions in the phase to judge pain and form.
    TOO_FEW_SESSIONS = "too_few_sessions"
    #: ``first``, ``last``, ``sessions``: mean pain before, first and last sessions.
    PAIN_STEADY = "pain_steady"
    #: ``first``, ``last``, ``sessions``: as above, and it rose.
    PAIN_ROSE = "pain_rose"
    #: ``sessions``: every exercise done in the last sessions.
    ALL_DONE = "all_done"
    #: ``sessions``
    NOT_ALL_DONE = "not_all_done"
    #: ``sessions``
    GOOD_FORM = "good_form"
    #: ``sessions``
    POOR_FORM = "poor_form"
    #: ``sessions``
    NO_PAINFUL_EXERCISE = "no_painful_exercise"
    #: ``sessions``
    PAINFUL_EXERCISE = "painful_exercise"


class ContraindicationCode(StrEnum):
    """What the screen of a patient's conditions against an exercise found."""

    #: ``exercise`` (slug), ``name``, ``condition`` (code), ``tags`` (caution tag codes):
    #: the condition forbids what the exercise asks (patients.rules.contraindications).
    CONFLICT = "contraindication_conflict"


@dataclass(frozen=True, slots=True)
class Finding:
    """A code with its parameters: what a rule found, to be put in words at the edge."""

    code: ReadinessCode | ContraindicationCode | GateCode
    params: Params = field(default_factory=dict)
