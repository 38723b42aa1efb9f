"""Safety gates: what must hold before a program is prescribed or moved to its next phase.

Plain functions over plain data. They return findings (codes with parameters); the service
that prescribes or advances refuses the change when a gate is closed, and ``patients.texts``
words the findings for the therapist.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from patients.rules.codes import Finding, GateCode

#: The items of an assessment's red-flag screen, as the codes the findings carry.
SCREEN_ITEMS = ("numbness", "sharp_pain", "trauma", "persistent")


@dataclass(frozen=True, slots=True)
class Screen:
    """The latest assessment of a patient as the gates see it (``None`` when there is none).

    ``flags`` are the screen items (``SCREEN_ITEMS``) ticked; ``cleared`` says a therapist
    recorded a clearance for this assessment.
    """

    assessed_on: date
    flags: tuple[str, ...]
    consent: bool
    cleared: bool


def prescribing_blocks(screen: Screen | None) -> tuple[Finding, ...]:
    """What blocks prescribing a program: no assessment, a positive screen, no consent.

    A clearance recorded for the assessment opens the gate for its screen and its consent;
    without any assessment there is nothing to clear.
    """
    if screen is None:
        return (Finding(GateCode.NO_ASSESSMENT),)
    if screen.cleared:
        return ()
    blocks = []
    if screen.flags:
        blocks.append(
            Finding(
                GateCode.RED_FLAG_SCREEN,
                {"day": screen.assessed_on, "flags": list(screen.flags)},
            )
        )
    if not screen.consent:
        blocks.append(Finding(GateCode.NO_CONSENT, {"day": screen.assessed_on}))
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class AdvanceCheck:
    """Whether an advance may go ahead: ``refused`` never, ``needs_reason`` only with one."""

    refused: tuple[Finding, ...]
    needs_reason: tuple[Finding, ...]

    def allows(self, reason: str) -> bool:
        """True when nothing refuses the advance and a reason is given where one is needed."""
        return not self.refused and (not self.needs_reason or bool(reason.strip()))


def advance_check(
    *, ready: bool, blockers: Iterable[str], unreviewed_red_flag: bool
) -> AdvanceCheck:
    """What stands in the way of moving a patient to the next phase.

    A red flag the patient reported and no therapist has reviewed refuses the advance outright
    (no reason overrides it). A phase that is not ready (``blockers`` are its readiness codes)
    may be advanced only with a reason.
    """
    refused = (Finding(GateCode.UNREVIEWED_RED_FLAG),) if unreviewed_red_flag else ()
    needs_reason = () if ready else (Finding(GateCode.NOT_READY, {"blockers": list(blockers)}),)
    return AdvanceCheck(refused=refused, needs_reason=needs_reason)


def red_flag_unreviewed(
    red_flags_logged_at: Iterable[datetime], reviewed_at: datetime | None
) -> bool:
    """Whether a red flag the patient logged came after the therapist's last review."""
    return any(reviewed_at is None or logged > reviewed_at for logged in red_flags_logged_at)
