"""The rules' codes in words: every code has its sentence, through gettext, localised."""

from datetime import date

import pytest
from django.utils import translation

from patients import texts
from patients.models import Alert, AlertKind
from patients.rules.codes import (
    AlertCode,
    ContraindicationCode,
    Finding,
    GateCode,
    ReadinessCode,
)

DAY = date(2026, 1, 7)

#: Parameters as the rules give them, for every code (a new code needs its example here).
READINESS_EXAMPLES = {
    ReadinessCode.PHASE_NOT_STARTED: {},
    ReadinessCode.LAST_PHASE: {},
    ReadinessCode.WEEKS_DONE: {"weeks": 2, "since": DAY},
    ReadinessCode.WEEKS_LEFT: {"weeks": 2, "days_left": 3, "until": DAY},
    ReadinessCode.NOTHING_DUE: {},
    ReadinessCode.ADHERENCE_MET: {"percent": 85, "bar": 80},
    ReadinessCode.ADHERENCE_LOW: {"percent": 79, "bar": 80},
    ReadinessCode.NO_RED_FLAG: {},
    ReadinessCode.RED_FLAG: {},
    ReadinessCode.TOO_FEW_SESSIONS: {"logged": 2, "needed": 3},
    ReadinessCode.PAIN_STEADY: {"first": 4.3, "last": 3.7, "sessions": 3},
    ReadinessCode.PAIN_ROSE: {"first": 2.0, "last": 4.3, "sessions": 3},
    ReadinessCode.ALL_DONE: {"sessions": 3},
    ReadinessCode.NOT_ALL_DONE: {"sessions": 3},
    ReadinessCode.GOOD_FORM: {"sessions": 3},
    ReadinessCode.POOR_FORM: {"sessions": 3},
    ReadinessCode.NO_PAINFUL_EXERCISE: {"sessions": 3},
    ReadinessCode.PAINFUL_EXERCISE: {"sessions": 3},
}
CONTRAINDICATION_EXAMPLES = {
    ContraindicationCode.CONFLICT: {
        "exercise": "childs-pose",
        "name": "Child's pose",
        "condition": "osteoporosis",
        "tags": ["loaded_spinal_flexion", "kneeling"],
    },
}
ALERT_EXAMPLES = {
    AlertCode.RED_FLAG: {"day": DAY},
    AlertCode.RED_FLAG_REPORTED: {"day": DAY, "symptoms": ["numbness_tingling"]},
    AlertCode.PAIN_RISE: {"pain": 6, "day": DAY, "rise": 3, "baseline": 3},
    AlertCode.PAIN_AFTER_WORSE: {"day": DAY, "sessions": 2},
    AlertCode.INACTIVE: {"days": 3, "last": DAY},
    AlertCode.INACTIVE_SINCE_START: {"start": DAY},
    AlertCode.NO_IMPROVEMENT: {"weeks": 2, "percent": 86, "first": 5.0, "last": 5.3},
    AlertCode.PAIN_INTERFERES: {"day": DAY},
    AlertCode.EXERCISE_HELD: {"day": DAY, "exercise": "Wall push-up"},
    AlertCode.PAIN_CHECK_STOPPED: {"day": DAY, "reason": "pain_radiates"},
    AlertCode.RED_FLAG_SCREEN: {"day": DAY, "flags": ["numbness", "trauma"]},
}
GATE_EXAMPLES = {
    GateCode.NO_ASSESSMENT: {},
    GateCode.RED_FLAG_SCREEN: {"day": DAY, "flags": ["numbness", "trauma"]},
    GateCode.NO_CONSENT: {"day": DAY},
    GateCode.UNREVIEWED_RED_FLAG: {},
    GateCode.NOT_READY: {"blockers": ["adherence_low"]},
}


def every_sentence() -> list[str]:
    examples = {**READINESS_EXAMPLES, **CONTRAINDICATION_EXAMPLES, **GATE_EXAMPLES}
    return [texts.finding_text(Finding(code, params)) for code, params in examples.items()]


def every_alert_sentence() -> list[str]:
    return [texts.alert_sentence(code, params) for code, params in ALERT_EXAMPLES.items()]


def test_every_code_has_an_example_and_exactly_one_sentence():
    assert set(READINESS_EXAMPLES) == set(ReadinessCode) == set(texts.READINESS)
    assert set(ALERT_EXAMPLES) == set(AlertCode) == set(texts.ALERTS)
    assert set(CONTRAINDICATION_EXAMPLES) == set(ContraindicationCode)
    assert set(texts.CONTRAINDICATIONS) == set(ContraindicationCode)
    assert set(GATE_EXAMPLES) == set(GateCode) == set(texts.GATES)
    sentences = every_sentence() + every_alert_sentence()
    assert all(sentence.strip() for sentence in sentences)
    # One sentence per code: no two codes read the same.
    assert len(set(sentences)) == len(sentences)


def test_every_sentence_goes_through_gettext_or_ngettext(monkeypatch):
    def marked(text, *args):
        return "[" + text + "]"

    monkeypatch.setattr(texts, "_", marked)
    monkeypatch.setattr(
        texts, "ngettext", lambda singular, plural, n: marked(singular if n == 1 else plural)
    )
    for sentence in every_sentence() + every_alert_sentence():
        assert sentence.startswith("[") and sentence.endswith("]"), sentence


@pytest.mark.parametrize(
    ("code", "one", "two"),
    [
        (AlertCode.INACTIVE, "for 1 day ", "for 2 days "),
        (AlertCode.NO_IMPROVEMENT, "after 1 week ", "after 2 weeks "),
    ],
)
def test_a_count_chooses_the_singular_or_the_plural(code, one, two):
    key = "days" if code == AlertCode.INACTIVE else "weeks"
    assert one in texts.alert_sentence(code, {**ALERT_EXAMPLES[code], key: 1})
    assert two in texts.alert_sentence(code, {**ALERT_EXAMPLES[code], key: 2})


def test_the_weeks_left_say_day_or_days_by_the_count():
    one = texts.finding_text(
        Finding(ReadinessCode.WEEKS_LEFT, {"weeks": 1, "days_left": 1, "until": DAY})
    )
    many = texts.finding_text(
        Finding(ReadinessCode.WEEKS_LEFT, {"weeks": 2, "days_left": 5, "until": DAY})
    )
    assert "1 week: 1 more day " in one
    assert "2 weeks: 5 more days " in many


def test_dates_and_decimals_follow_the_active_locale():
    params = ALERT_EXAMPLES[AlertCode.NO_IMPROVEMENT]
    with translation.override("en"):
        english_day = texts.alert_sentence(AlertCode.INACTIVE_SINCE_START, {"start": DAY})
        english_mean = texts.alert_sentence(AlertCode.NO_IMPROVEMENT, params)
    with translation.override("fr-ca"):
        french_day = texts.alert_sentence(AlertCode.INACTIVE_SINCE_START, {"start": DAY})
        french_mean = texts.alert_sentence(AlertCode.NO_IMPROVEMENT, params)
    # Django's own catalogue names the month; the rule only gave a date.
    assert "Jan" in english_day and "janvier" in french_day
    assert "5.3" in english_mean and "5,3" in french_mean


def test_a_stored_alert_reads_its_iso_dates_as_the_rule_gave_them():
    stored = {"days": 3, "last": DAY.isoformat()}
    assert texts.alert_sentence(AlertCode.INACTIVE, stored) == texts.alert_sentence(
        AlertCode.INACTIVE, {"days": 3, "last": DAY}
    )


def test_an_alert_from_before_codes_shows_its_stored_message():
    legacy = Alert(kind=AlertKind.INACTIVE, code="", message="No session logged for 4 days.")
    assert texts.alert_text(legacy) == "No session logged for 4 days."


def test_an_alert_with_an_unknown_code_or_bad_parameters_shows_its_kind(caplog):
    unknown = Alert(kind=AlertKind.PAIN_RISE, code="not_a_code", params={})
    broken = Alert(kind=AlertKind.PAIN_RISE, code=AlertCode.PAIN_RISE, params={"pain": 6})
    assert texts.alert_text(unknown) == str(AlertKind.PAIN_RISE.label)
    assert texts.alert_text(broken) == str(AlertKind.PAIN_RISE.label)
    assert "no sentence for code" in caplog.text


def test_red_flag_symptoms_are_named_by_their_labels():
    sentence = texts.alert_sentence(
        AlertCode.RED_FLAG_REPORTED, {"day": DAY, "symptoms": ["sharp_shooting", "recent_injury"]}
    )
    assert "Sharp or shooting pain when I move, A recent fall, accident or injury" in sentence


def test_a_contraindication_names_the_exercise_what_it_asks_and_the_condition():
    sentence = texts.finding_text(
        Finding(
            ContraindicationCode.CONFLICT, CONTRAINDICATION_EXAMPLES[ContraindicationCode.CONFLICT]
        )
    )
    assert sentence.startswith("Child's pose involves loaded spinal flexion, kneeling")
    assert "Osteoporosis or vertebral fracture" in sentence
