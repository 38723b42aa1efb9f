"""/api/v1/: the REST API, its OpenAPI schema and human docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from clinic.api import MeView, ObtainTokenView
from patients.api import views as patients_api
from patients.reporting.api import AdherenceReportView
from programs import api as programs_api

router = DefaultRouter()
router.register("exercises", programs_api.ExerciseViewSet, basename="exercise")
router.register("exercise-media", programs_api.ExerciseMediaViewSet, basename="exercise-media")
router.register("protocols", programs_api.ProtocolViewSet, basename="protocol")
router.register("patients", patients_api.PatientViewSet, basename="patient")
router.register("assessments", patients_api.AssessmentViewSet, basename="assessment")
router.register("prescriptions", patients_api.PrescriptionViewSet, basename="prescription")
router.register("sessions", patients_api.SessionViewSet, basename="session")
router.register("alerts", patients_api.AlertViewSet, basename="alert")

app_name = "api"

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("today/", patients_api.TodayView.as_view(), name="today"),
    path("reports/adherence/", AdherenceReportView.as_view(), name="report-adherence"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
