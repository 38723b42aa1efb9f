"""Reporting's queued work: rebuilding a program's ledger and standing after a change.

Queued after commit; a lost task is made good by the nightly ``refresh_progress``.
"""

from clinic.tenancy import system_task
from patients.models import Prescription
from patients.reporting.ledger import sync_ledger


@system_task
def sync_program_ledger(prescription_id: int) -> int:
    """Rebuild one program's ledger and standing; returns the scheduled days written."""
    prescription = Prescription.objects.filter(pk=prescription_id).first()
    return 0 if prescription is None else sync_ledger(prescription)
