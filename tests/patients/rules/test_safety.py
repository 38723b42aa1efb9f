"""What reported warning signs mean: red flags, pain worse after, daily-life interference."""

from hypothesis import given
from hypothesis import strategies as st

from patients.rules import safety
from patients.rules.safety import SymptomCode

codes = st.sets(st.sampled_from(list(SymptomCode)))


def test_radiating_arm_pain_numbness_and_tingling_are_red_flags():
    assert safety.carries_red_flag([SymptomCode.RADIATING_ARM])
    assert safety.carries_red_flag([SymptomCode.NUMBNESS_TINGLING])


def test_pain_worse_after_and_sleep_trouble_are_not_red_flags():
    assert not safety.carries_red_flag([SymptomCode.WORSE_AFTER, SymptomCode.SLEEP_DISTURBED])


def test_the_red_flags_among_the_symptoms_are_named_in_order():
    reported = ["worse_after", "sharp_shooting", "radiating_arm"]
    assert safety.red_flag_symptoms(reported) == ["radiating_arm", "sharp_shooting"]


@given(symptoms=codes)
def test_property_a_red_flag_is_any_red_flag_symptom(symptoms):
    expected = any(code in safety.RED_FLAG_SYMPTOMS for code in symptoms)
    assert safety.carries_red_flag(symptoms) is expected


def test_pain_is_worse_after_when_the_numbers_rise_or_the_patient_says_so():
    assert safety.pain_worse_after(3, 5, [])
    assert safety.pain_worse_after(3, 3, [SymptomCode.WORSE_AFTER])
    assert not safety.pain_worse_after(5, 3, [SymptomCode.SLEEP_DISTURBED])


def test_sleep_or_daily_life_trouble_interferes_with_daily_life():
    assert safety.interferes_with_daily_life([SymptomCode.SLEEP_DISTURBED])
    assert not safety.interferes_with_daily_life([SymptomCode.WORSE_AFTER])
