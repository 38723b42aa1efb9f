"""The version of what a patient's portal pages show (patients.portal.cache reads it)."""

from django.db.models import F

from patients.models import Patient


def portal_changed(*, patient_id: int) -> None:
    """Something Today or the dashboard shows changed for this patient: raise their version.

    Call it inside the transaction of the write, so the new version commits (or rolls
    back) with the change it announces; a page that read the old version before the
    commit keeps its part under the old version, never under the new one.
    """
    # The plain base manager: a counter is not clinical data, so no audit event of its own
    # (the write it follows is audited), and no clinic scope needed for a row named by pk.
    Patient._base_manager.filter(pk=patient_id).update(portal_version=F("portal_version") + 1)
