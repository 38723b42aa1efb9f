from django.conf import settings
from django.core.management.base import CommandError

from clinic.tenancy import SystemCommand
from patients.management.demo_data.demo import DEMO_PASSWORD, seed_demo


class Command(SystemCommand):
    help = (
        "Create the demo clinics, staff and patients (demo only). Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; it only runs with DEBUG on. "
                "Use --force to run it anyway on a throwaway database."
            )
        logins = seed_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Demo logins (password: %s):") % DEMO_PASSWORD
        )
        for email, role in logins:
            self.stdout.write(f"  {role:<10} {email}")
