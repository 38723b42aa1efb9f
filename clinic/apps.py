from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic"

    def ready(self):
        # Connect the signal receivers: the audit log, and the unlock email on a lockout.
        from clinic import audit, signin  # noqa: F401
