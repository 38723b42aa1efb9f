from django.core.management.base import CommandError

from clinic.tenancy import SystemCommand
from patients.management.demo_data.scale import generate_clinic


class Command(SystemCommand):
    help = (
        "Generate a large realistic clinic for load tests: therapists, prescriptions of the "
        "shipped protocols, weeks of sessions and exercise logs (bulk inserts). Test data only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--clinic", default="scale", help="Clinic short name (slug).")
        parser.add_argument("--per-therapist", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, patients, weeks, clinic, per_therapist, seed, **options):
        if patients < 1 or weeks < 1 or per_therapist < 1:
            raise CommandError("--patients, --weeks and --per-therapist must be at least 1.")
        try:
            result = generate_clinic(
                slug=clinic,
                patients=patients,
                weeks=weeks,
                per_therapist=per_therapist,
                seed=seed,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Clinic {result.clinic.slug}: {result.patients} patients, {result.sessions} sessions, "
            f"{result.exercise_logs} exercise logs in {result.seconds:.1f} s."
        )
