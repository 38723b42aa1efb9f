from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients"

    def ready(self):
        # Engagement, reporting and the portal answer the core's events; it never imports them.
        from patients.engagement import receivers as engagement_receivers  # noqa: F401
        from patients.portal import receivers as portal_receivers  # noqa: F401
        from patients.reporting import receivers as reporting_receivers  # noqa: F401
