from clinic.tenancy import SystemCommand
from patients.models import Patient, Prescription, PrescriptionStatus
from patients.reporting.ledger import sync_ledger
from patients.services import refresh_alerts


class Command(SystemCommand):
    help = (
        "Nightly: carry every active program's adherence ledger forward and raise the alerts "
        "the data calls for (inactivity, pain trends, no improvement). Safe to run any time."
    )

    def handle(self, *args, **options):
        active = Prescription.objects.filter(status=PrescriptionStatus.ACTIVE)
        days = sum(sync_ledger(prescription) for prescription in active.iterator())
        patients = (
            Patient.objects.filter(is_active=True, prescriptions__status=PrescriptionStatus.ACTIVE)
            .select_related("clinic")
            .distinct()
        )
        raised = sum(len(refresh_alerts(patient=patient)) for patient in patients.iterator())
        self.stdout.write(f"{days} scheduled day(s) in the ledger; {raised} new alert(s).")
