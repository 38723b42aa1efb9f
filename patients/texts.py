"""The words for the rules' codes: one sentence per code, in the reader's language.

The rules (``patients.rules``) say what they found as codes with parameters; this module,
used by the templates, the API's serializers, the emails and the admin, is the only place
that turns a code into a sentence. Every sentence goes through gettext (ngettext where a
number decides the plural) and every date and decimal through Django's localisation, so the
active language and locale decide how a finding reads.
"""

import logging
from collections.abc import Callable
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from patients.models import Alert, Condition, PainCheckReason, Symptom
from patients.rules.codes import (
    AlertCode,
    ContraindicationCode,
    Finding,
    GateCode,
    Params,
    ReadinessCode,
)
from programs.models import CautionTag

logger = logging.getLogger(__name__)

Sentence = Callable[[Params], str]


def _date(value) -> str:
    """A day in the active locale's date format; stored params hold it as an ISO string."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return formats.date_format(day)


def _decimal(value) -> str:
    """A mean such as 4.3, with the active locale's decimal separator."""
    return formats.number_format(value, 1)


def _symptoms(codes) -> str:
    """Reported symptoms by their labels, in the order given (unknown codes as they are)."""
    labels = dict(Symptom.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def _screen_items(codes) -> str:
    """The ticked items of an assessment's red-flag screen, by their labels."""
    labels = {
        "numbness": _("numbness or tingling in arms or hands"),
        "sharp_pain": _("sharp, shooting pain with movement"),
        "trauma": _("recent trauma or injury"),
        "persistent": _("pain for over a week without improvement"),
    }
    return ", ".join(str(labels.get(code, code)) for code in codes)


def _weeks_left(p: Params) -> str:
    weeks = ngettext("%(weeks)d week", "%(weeks)d weeks", p["weeks"]) % {"weeks": p["weeks"]}
    left = ngettext("%(days)d more day", "%(days)d more days", p["days_left"]) % {
        "days": p["days_left"]
    }
    return _("The phase runs %(weeks)s: %(left)s (until %(until)s)") % {
        "weeks": weeks,
        "left": left,
        "until": _date(p["until"]),
    }


def _pain_trend(p: Params) -> dict:
    return {"first": _decimal(p["first"]), "last": _decimal(p["last"]), "sessions": p["sessions"]}


READINESS: dict[ReadinessCode, Sentence] = {
    ReadinessCode.PHASE_NOT_STARTED: lambda p: _("This phase has not started yet"),
    ReadinessCode.LAST_PHASE: lambda p: _("Last phase of the program: there is no next phase"),
    ReadinessCode.WEEKS_DONE: lambda p: (
        ngettext(
            "The phase's %(weeks)d week is done (since %(since)s)",
            "The phase's %(weeks)d weeks are done (since %(since)s)",
            p["weeks"],
        )
        % {"weeks": p["weeks"], "since": _date(p["since"])}
    ),
    ReadinessCode.WEEKS_LEFT: _weeks_left,
    ReadinessCode.NOTHING_DUE: lambda p: _("No sessions were due in this phase yet"),
    ReadinessCode.ADHERENCE_MET: lambda p: (
        _("Adherence %(percent)d%% in this phase (at least %(bar)d%%)") % p
    ),
    ReadinessCode.ADHERENCE_LOW: lambda p: (
        _("Adherence %(percent)d%% in this phase (below %(bar)d%%)") % p
    ),
    ReadinessCode.NO_RED_FLAG: lambda p: _("No red flags reported in this phase"),
    ReadinessCode.RED_FLAG: lambda p: _("A red flag was reported in this phase"),
    ReadinessCode.TOO_FEW_SESSIONS: lambda p: (
        ngettext(
            "%(logged)d of the %(needed)d session needed to judge pain and form logged "
            "in this phase",
            "%(logged)d of the %(needed)d sessions needed to judge pain and form logged "
            "in this phase",
            p["needed"],
        )
        % p
    ),
    ReadinessCode.PAIN_STEADY: lambda p: (
        ngettext(
            "Pain did not rise in this phase (average pain before %(first)s in the first session, "
            "%(last)s lately)",
            "Pain did not rise in this phase (average pain before %(first)s in the first "
            "%(sessions)d sessions, %(last)s lately)",
            p["sessions"],
        )
        % _pain_trend(p)
    ),
    ReadinessCode.PAIN_ROSE: lambda p: (
        ngettext(
            "Pain rose in this phase (average pain before %(first)s in the first session, "
            "%(last)s lately)",
            "Pain rose in this phase (average pain before %(first)s in the first "
            "%(sessions)d sessions, %(last)s lately)",
            p["sessions"],
        )
        % _pain_trend(p)
    ),
    ReadinessCode.ALL_DONE: lambda p: (
        ngettext(
            "Every exercise was done in the last session",
            "Every exercise was done in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
    ReadinessCode.NOT_ALL_DONE: lambda p: (
        ngettext(
            "Not every exercise was done in the last session",
            "Not every exercise was done in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
    ReadinessCode.GOOD_FORM: lambda p: (
        ngettext(
            "No poor form reported in the last session",
            "No poor form reported in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
    ReadinessCode.POOR_FORM: lambda p: (
        ngettext(
            "Poor form reported in the last session",
            "Poor form reported in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
    ReadinessCode.NO_PAINFUL_EXERCISE: lambda p: (
        ngettext(
            "No exercise was painful in the last session",
            "No exercise was painful in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
    ReadinessCode.PAINFUL_EXERCISE: lambda p: (
        ngettext(
            "An exercise was painful in the last session",
            "An exercise was painful in the last %(sessions)d sessions",
            p["sessions"],
        )
        % p
    ),
}

ALERTS: dict[AlertCode, Sentence] = {
    AlertCode.RED_FLAG_SCREEN: lambda p: (
        _(
            "The assessment of %(day)s screened positive for a red flag: %(flags)s. Prescribing "
            "waits for a clearance."
        )
        % {"day": _date(p["day"]), "flags": _screen_items(p["flags"])}
    ),
    AlertCode.RED_FLAG: lambda p: (
        _("Red flag reported on %(day)s: the patient was told to stop and contact the clinic.")
        % {"day": _date(p["day"])}
    ),
    AlertCode.RED_FLAG_REPORTED: lambda p: (
        _(
            "Red flag reported on %(day)s: %(symptoms)s. The patient was told to stop and contact "
            "the clinic."
        )
        % {"day": _date(p["day"]), "symptoms": _symptoms(p["symptoms"])}
    ),
    AlertCode.PAIN_RISE: lambda p: (
        _("Pain %(pain)d/10 on %(day)s, up %(rise)d from a baseline of %(baseline)d/10.")
        % {**p, "day": _date(p["day"])}
    ),
    AlertCode.PAIN_AFTER_WORSE: lambda p: (
        ngettext(
            "Pain worse after exercising in %(sessions)d session (up to %(day)s).",
            "Pain worse after exercising %(sessions)d sessions in a row (up to %(day)s).",
            p["sessions"],
        )
        % {"sessions": p["sessions"], "day": _date(p["day"])}
    ),
    AlertCode.INACTIVE: lambda p: (
        ngettext(
            "No session logged for %(days)d day (the last on %(last)s).",
            "No session logged for %(days)d days (the last on %(last)s).",
            p["days"],
        )
        % {"days": p["days"], "last": _date(p["last"])}
    ),
    AlertCode.INACTIVE_SINCE_START: lambda p: (
        _("No session logged since the program started on %(start)s.")
        % {"start": _date(p["start"])}
    ),
    AlertCode.PAIN_INTERFERES: lambda p: (
        _("Pain kept the patient awake or stopped daily tasks on %(day)s. Consider a review.")
        % {"day": _date(p["day"])}
    ),
    AlertCode.EXERCISE_HELD: lambda p: (
        _(
            "%(exercise)s hurt on %(day)s (sharp or worse pain). It is held, off the patient's "
            "program, until you review it."
        )
        % {"exercise": p["exercise"], "day": _date(p["day"])}
    ),
    AlertCode.PAIN_CHECK_STOPPED: lambda p: (
        _("Session stopped at the pain check before the first exercise on %(day)s: %(reason)s.")
        % {
            "day": _date(p["day"]),
            "reason": str(dict(PainCheckReason.choices).get(p["reason"], p["reason"])).lower(),
        }
    ),
    AlertCode.NO_IMPROVEMENT: lambda p: (
        ngettext(
            "No improvement after %(weeks)d week of steady exercise (adherence %(percent)d%%): "
            "average pain before %(first)s, then %(last)s. Consider a review.",
            "No improvement after %(weeks)d weeks of steady exercise (adherence %(percent)d%%): "
            "average pain before %(first)s, then %(last)s. Consider a review.",
            p["weeks"],
        )
        % {**p, "first": _decimal(p["first"]), "last": _decimal(p["last"])}
    ),
}


def condition_label(code: str) -> str:
    """A condition's name (an unknown code as it is)."""
    return str(dict(Condition.choices).get(code, code))


def caution_labels(codes) -> str:
    """Caution tags by their labels, in the order given (unknown codes as they are)."""
    labels = dict(CautionTag.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def caution_override_summary(details) -> str:
    """What a program change kept despite the patient's conditions, and the therapist's
    reason, from the change's details ('' when it kept nothing)."""
    kept = (details or {}).get("caution_overrides") or []
    if not kept:
        return ""
    return _("Kept despite the patient's conditions: %(names)s. Reason: %(reason)s") % {
        "names": ", ".join(item["name"] for item in kept),
        "reason": details.get("caution_reason", ""),
    }


CONTRAINDICATIONS: dict[ContraindicationCode, Sentence] = {
    ContraindicationCode.CONFLICT: lambda p: (
        _("%(exercise)s involves %(tags)s; the patient's condition rules it out: %(condition)s.")
        % {
            "exercise": p["name"],
            "tags": caution_labels(p["tags"]),
            "condition": condition_label(p["condition"]),
        }
    ),
}


GATES: dict[GateCode, Sentence] = {
    GateCode.NO_ASSESSMENT: lambda p: _(
        "Record an assessment (with the red-flag screen and consent) before prescribing."
    ),
    GateCode.RED_FLAG_SCREEN: lambda p: (
        _(
            "The assessment of %(day)s screened positive for a red flag (%(flags)s). Record a "
            "clearance (why it is safe to exercise) before prescribing."
        )
        % {"day": _date(p["day"]), "flags": _screen_items(p["flags"])}
    ),
    GateCode.NO_CONSENT: lambda p: (
        _(
            "The assessment of %(day)s records no consent. Record consent in a new assessment, "
            "or a clearance, before prescribing."
        )
        % {"day": _date(p["day"])}
    ),
    GateCode.UNREVIEWED_RED_FLAG: lambda p: _(
        "The patient reported a red flag that has not been reviewed: review it and resume the "
        "program before advancing. No reason can override this."
    ),
    GateCode.NOT_READY: lambda p: _("Not ready to advance; give a reason to advance anyway."),
}


def finding_text(finding: Finding) -> str:
    """The sentence for one finding: a readiness reason or blocker, a closed gate, or a
    contraindication."""
    if isinstance(finding.code, GateCode):
        return GATES[finding.code](finding.params)
    if finding.code in CONTRAINDICATIONS:
        return CONTRAINDICATIONS[finding.code](finding.params)
    return READINESS[finding.code](finding.params)


def alert_sentence(code: str, params: Params) -> str:
    """The sentence for an alert code and its parameters (``KeyError`` for an unknown code)."""
    return ALERTS[AlertCode(code)](params)


def alert_text(alert: Alert) -> str:
    """What an alert tells the therapist, in the active language.

    An alert raised before alerts kept a code shows its stored English message. A stored code
    this version cannot word, or parameters that do not fit it, show the kind's label rather
    than break the page; that is logged, since every code must have its sentence.
    """
    if not alert.code:
        return alert.message or str(alert.get_kind_display())
    try:
        return alert_sentence(alert.code, alert.params)
    except (KeyError, ValueError, TypeError):
        logger.warning(
            "Alert %s: no sentence for code %r with %r", alert.pk, alert.code, alert.params
        )
        return str(alert.get_kind_display())
