from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients"

    def ready(self):
        # Engagement and reporting listen to the core's events; the core never imports them.
        from patients.engagement import receivers as engagement_receivers  # noqa: F401
        from patients.reporting import receivers as reporting_receivers  # noqa: F401
