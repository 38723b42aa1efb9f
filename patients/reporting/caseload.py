"""The caseload: every patient a therapist follows, most urgent first, read from derived data.

Adherence comes from the ledger (summed in SQL, as the clinic report sums it), pain and the
last session from the summary kept on each prescription, readiness from the programs'
standings (``ProgramStanding``), all kept by ``patients.reporting.ledger.sync_ledger`` after
every change and nightly. No patient's sessions are replayed here: a fixed number of queries
and little Python whatever the caseload's size. A standing of another day or phase (the
nightly run has not passed yet) is recomputed and saved in a fixed number of queries more.
The figures equal the per-patient ones (``patients.selectors.patient_progress``; a test
compares them on random data).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from clinic.tenancy import THERAPIST, viewer_for
from patients import selectors
from patients.models import (
    Alert,
    Patient,
    PrescribedPhase,
    Prescription,
    PrescriptionChange,
    PrescriptionStatus,
)
from patients.reporting import ledger
from patients.reporting.reports import Filters, ledger_counts
from patients.rules.progress import Adherence
from patients.rules.schedule import week_of_program


@dataclass
class CaseloadRow(selectors.PainAndAlerts):
    """One patient's line: the figures the caseload shows and sorts by."""

    patient: Patient
    prescription: Prescription | None
    phase: PrescribedPhase | None = None
    week: int | None = None
    adherence: dict | None = None
    ready_to_advance: bool = False
    baseline_pain: int | None = None
    latest_pain: int | None = None
    last_session_on: date | None = None
    open_alerts: list = field(default_factory=list)


def urgency(row) -> tuple:
    """Sort key: red flags, then most open alerts, then lowest recent adherence, then name."""
    recent = row.adherence["last_7_days"].rate if row.adherence else None
    return (
        not row.has_red_flag,
        -len(row.open_alerts),
        1.0 if recent is None else recent,
        row.patient.name,
    )


def _current_standings(prescriptions: dict, today: date) -> dict[int, bool]:
    """Readiness per prescription id; stale or missing standings recomputed and saved."""
    ready, stale = {}, []
    for prescription in prescriptions.values():
        standing = getattr(prescription, "standing", None)
        if (
            standing is None
            or standing.as_of != today
            or standing.phase_id != prescription.current_phase_id
        ):
            stale.append(prescription.pk)
        else:
            ready[prescription.pk] = standing.ready
    if stale:
        fresh = list(
            selectors.prescriptions_with_plan(
                Prescription.objects.filter(pk__in=stale)
            ).select_related("clinic")
        )
        logged = selectors.logged_by_prescription(stale)
        changes: dict[int, list] = {pk: [] for pk in stale}
        for change in PrescriptionChange.objects.filter(
            prescription_id__in=stale, details__has_key="status"
        ).order_by("changed_at", "id"):
            changes[change.prescription_id].append(change)
        standings = []
        for prescription in fresh:
            plan, plain = selectors.plain_program_state(
                prescription, logged.get(prescription.pk, []), changes[prescription.pk]
            )
            standings.append(ledger.standing(prescription, plan, plain, today))
        ledger.save_standings(standings)
        ready.update({s.prescription_id: s.ready for s in standings})
    return ready


def caseload(
    user, day: date | None = None, *, therapist_id: int | None = None, search: str = ""
) -> list[CaseloadRow]:
    """Every active patient a therapist follows (a manager: the whole clinic, or one
    therapist's with ``therapist_id``), most urgent first; ``search`` keeps the patients whose
    name holds it. Five queries whatever the number of patients or sessions (a few more, as
    many, when standings are stale)."""
    viewer = viewer_for(user)
    patients = Patient.objects.visible_to(user).filter(is_active=True)
    if viewer.role == THERAPIST:
        patients = patients.filter(primary_therapist=user)
    elif therapist_id is not None:
        patients = patients.filter(primary_therapist_id=therapist_id)
    for word in search.split()[:5]:
        patients = patients.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    patients = list(patients.select_related("user", "clinic", "primary_therapist"))
    if not patients:
        return []
    today = day or selectors.clinic_today(patients[0].clinic)
    ids = [p.pk for p in patients]
    prescriptions = {}
    for prescription in (
        Prescription.objects.filter(patient_id__in=ids, status=PrescriptionStatus.ACTIVE)
        .select_related("current_phase", "standing")
        .order_by("start_date", "id")
    ):
        prescriptions[prescription.patient_id] = prescription  # the most recent wins
    chosen = [p.pk for p in prescriptions.values()]
    counts = (
        ledger_counts(None, chosen, Filters(date_from=today, date_to=today), today)
        if chosen
        else {}
    )
    ready = _current_standings(prescriptions, today) if chosen else {}
    alerts: dict[int, list] = {pk: [] for pk in ids}
    for alert in Alert.objects.filter(patient_id__in=ids).open().order_by("-raised_at"):
        alerts[alert.patient_id].append(alert)
    baselines = selectors.latest_baselines(ids)
    rows = []
    for patient in patients:
        prescription = prescriptions.get(patient.pk)
        if prescription is None:
            rows.append(CaseloadRow(patient, None, open_alerts=alerts[patient.pk]))
            continue
        count = counts.get(prescription.pk, {})
        baseline = baselines.get(patient.pk)
        rows.append(
            CaseloadRow(
                patient=patient,
                prescription=prescription,
                phase=prescription.current_phase,
                week=week_of_program(prescription.start_date, today)
                if today >= prescription.start_date
                else None,
                adherence={
                    "last_7_days": Adherence(
                        count.get("scheduled_7", 0), count.get("completed_7", 0)
                    ),
                    "last_28_days": Adherence(
                        count.get("scheduled_28", 0), count.get("completed_28", 0)
                    ),
                },
                ready_to_advance=ready.get(prescription.pk, False),
                baseline_pain=prescription.first_pain if baseline is None else baseline,
                latest_pain=prescription.latest_pain,
                last_session_on=prescription.last_session_on,
                open_alerts=alerts[patient.pk],
            )
        )
    rows.sort(key=urgency)
    return rows
