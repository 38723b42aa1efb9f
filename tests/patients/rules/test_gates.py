"""The safety gates as plain functions: prescribing after the assessment, advancing."""

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from patients.rules import gates
from patients.rules.codes import GateCode

DAY = date(2026, 3, 2)


def screen(flags=(), consent=True, cleared=False):
    return gates.Screen(assessed_on=DAY, flags=tuple(flags), consent=consent, cleared=cleared)


def codes(findings):
    return [finding.code for finding in findings]


def test_no_assessment_blocks_prescribing_and_cannot_be_cleared():
    assert codes(gates.prescribing_blocks(None)) == [GateCode.NO_ASSESSMENT]


def test_a_clean_consented_assessment_opens_the_gate():
    assert gates.prescribing_blocks(screen()) == ()


def test_a_positive_screen_blocks_with_the_items_ticked():
    (block,) = gates.prescribing_blocks(screen(flags=("numbness", "trauma")))
    assert block.code == GateCode.RED_FLAG_SCREEN
    assert block.params == {"day": DAY, "flags": ["numbness", "trauma"]}


def test_missing_consent_blocks_prescribing():
    assert codes(gates.prescribing_blocks(screen(consent=False))) == [GateCode.NO_CONSENT]


def test_a_positive_screen_without_consent_gives_both_reasons():
    blocks = gates.prescribing_blocks(screen(flags=("persistent",), consent=False))
    assert codes(blocks) == [GateCode.RED_FLAG_SCREEN, GateCode.NO_CONSENT]


@given(
    flags=st.lists(st.sampled_from(gates.SCREEN_ITEMS), unique=True),
    consent=st.booleans(),
)
def test_a_clearance_opens_the_gate_whatever_it_covers(flags, consent):
    assert gates.prescribing_blocks(screen(flags=flags, consent=consent, cleared=True)) == ()
    closed = bool(flags) or not consent
    assert bool(gates.prescribing_blocks(screen(flags=flags, consent=consent))) == closed


def test_an_unreviewed_red_flag_refuses_an_advance_even_with_a_reason():
    check = gates.advance_check(ready=True, blockers=(), unreviewed_red_flag=True)
    assert codes(check.refused) == [GateCode.UNREVIEWED_RED_FLAG]
    assert not check.allows("The patient feels fine")


def test_a_phase_not_ready_can_be_advanced_only_with_a_reason():
    check = gates.advance_check(ready=False, blockers=["adherence_low"], unreviewed_red_flag=False)
    assert check.refused == ()
    assert check.needs_reason[0].params == {"blockers": ["adherence_low"]}
    assert not check.allows("  ")
    assert check.allows("Seen in clinic: form is good")


def test_a_ready_phase_advances_without_a_reason():
    assert gates.advance_check(ready=True, blockers=(), unreviewed_red_flag=False).allows("")


def test_a_red_flag_logged_after_the_last_review_is_unreviewed():
    review = datetime(2026, 3, 2, 12, 0)
    before, after = datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 3, 9, 0)
    assert not gates.red_flag_unreviewed([], None)
    assert gates.red_flag_unreviewed([before], None)
    assert not gates.red_flag_unreviewed([before], review)
    assert gates.red_flag_unreviewed([before, after], review)
