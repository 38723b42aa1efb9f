"""Give alerts raised before codes existed their code and parameters, where that is certain.

Each old English message was written by one f-string per kind; a row whose message matches
its kind's pattern exactly gets the code and parameters (dates from the cause key, which
names the day; red-flag symptoms from the session that reported them) and loses the stored
text. Any other row keeps its message and no code, and is shown as it was.
"""

import re
from datetime import date

from django.db import migrations

# Frozen copies (a migration must not follow later edits of the app's code).
RED_FLAG_SYMPTOMS = ("numbness_tingling", "recent_injury", "sharp_shooting")
PATTERNS = {
    "pain_rise": re.compile(
        r"Pain (?P<pain>\d+)/10 on .+, up (?P<rise>\d+) from a baseline of (?P<baseline>\d+)/10\."
    ),
    "pain_after_worse": re.compile(
        r"Pain worse after exercising two sessions in a row \(up to .+\)\."
    ),
    "inactive_since_start": re.compile(r"No session logged since the program started on .+\."),
    "inactive": re.compile(r"No session logged for (?P<days>\d+) days \(the last on .+\)\."),
    "no_improvement": re.compile(
        r"No improvement after two weeks of steady exercise \(adherence (?P<percent>\d+)%\): "
        r"average pain before (?P<first>\d+\.\d), then (?P<last>\d+\.\d)\. Consider a review\."
    ),
    "red_flag": re.compile(
        r"Red flag reported on .+: the patient was told to stop and contact the clinic\."
    ),
}


def _day(cause_key):
    """The ISO day a cause key ends with (``inactive:2026-01-07``), or None."""
    try:
        return date.fromisoformat(cause_key.split(":", 1)[1]).isoformat()
    except (IndexError, ValueError):
        return None


def _parsed(alert):
    """(code, params) for an old alert, or None when its message is not certain."""
    day = _day(alert.cause_key)
    text = alert.message.strip()
    if alert.kind == "red_flag" and alert.session_id is not None and day:
        symptoms = sorted(set(alert.session.symptoms) & set(RED_FLAG_SYMPTOMS))
        if symptoms:
            return "red_flag_reported", {"day": day, "symptoms": symptoms}
    if alert.kind == "no_improvement":
        match = PATTERNS["no_improvement"].fullmatch(text)
        if match is None:
            return None
        return "no_improvement", {
            "weeks": 2,
            "percent": int(match["percent"]),
            "first": float(match["first"]),
            "last": float(match["last"]),
        }
    if day is None:
        return None
    if alert.kind == "red_flag" and PATTERNS["red_flag"].fullmatch(text):
        return "red_flag", {"day": day}
    if alert.kind == "pain_rise" and (match := PATTERNS["pain_rise"].fullmatch(text)):
        return "pain_rise", {
            "pain": int(match["pain"]),
            "day": day,
            "rise": int(match["rise"]),
            "baseline": int(match["baseline"]),
        }
    if alert.kind == "pain_after_worse" and PATTERNS["pain_after_worse"].fullmatch(text):
        return "pain_after_worse", {"day": day, "sessions": 2}
    if alert.kind == "inactive":
        if PATTERNS["inactive_since_start"].fullmatch(text):
            return "inactive_since_start", {"start": day}
        if match := PATTERNS["inactive"].fullmatch(text):
            return "inactive", {"days": int(match["days"]), "last": day}
    return None


def forwards(apps, schema_editor):
    Alert = apps.get_model("patients", "Alert")
    changed = []
    for alert in Alert.objects.filter(code="").select_related("session").iterator(chunk_size=500):
        parsed = _parsed(alert)
        if parsed is None:
            continue
        alert.code, alert.params = parsed
        alert.message = ""
        changed.append(alert)
    Alert.objects.bulk_update(changed, ["code", "params", "message"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("patients", "0007_alert_code_params")]

    # Going back leaves converted rows without their old English text (they had a code).
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
