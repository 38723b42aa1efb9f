from django.core.management.base import BaseCommand

from patients.models import Patient, PrescriptionStatus
from patients.services import refresh_alerts


class Command(BaseCommand):
    help = (
        "Raise the alerts the data calls for (inactivity, pain trends, no improvement) for "
        "every patient with an active program. Run it daily (cron or the task worker)."
    )

    def handle(self, *args, **options):
        patients = (
            Patient.objects.filter(is_active=True, prescriptions__status=PrescriptionStatus.ACTIVE)
            .select_related("clinic")
            .distinct()
        )
        raised = sum(len(refresh_alerts(patient=patient)) for patient in patients.iterator())
        self.stdout.write(f"{raised} new alert(s).")
