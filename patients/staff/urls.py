from django.urls import path

from patients.engagement import views as engagement_views
from patients.reporting import views as report_views
from patients.staff import builder, intake
from patients.staff import views as staff_views

app_name = "staff"

urlpatterns = [
    path("caseload/", staff_views.caseload, name="caseload"),
    path("patients/<int:pk>/", staff_views.patient_detail, name="patient"),
    path("intake/", intake.new_patient, name="intake"),
    path("patients/<int:pk>/intake/assessment/", intake.assessment, name="intake_assessment"),
    path("patients/<int:pk>/intake/program/", intake.program, name="intake_program"),
    path("patients/<int:pk>/intake/review/", intake.review, name="intake_review"),
    path("patients/<int:pk>/intake/sent/", intake.sent, name="intake_sent"),
    path("patients/<int:pk>/invitation/", intake.send_invitation, name="invite"),
    path("prescriptions/<int:pk>/status/", intake.set_status, name="status"),
    path("prescriptions/<int:pk>/program/", builder.program_builder, name="program"),
    path(
        "prescriptions/<int:pk>/program/<slug:action>/",
        builder.program_builder_action,
        name="program_action",
    ),
    path("patients/<int:pk>/conditions/", staff_views.set_conditions, name="conditions"),
    path("prescriptions/<int:pk>/advance/", staff_views.advance_phase, name="advance"),
    path("prescriptions/<int:pk>/resume/", staff_views.resume_after_review, name="resume"),
    path("exercises/<int:pk>/review-hold/", staff_views.review_hold, name="review_hold"),
    path("alerts/<int:pk>/acknowledge/", staff_views.acknowledge_alert, name="acknowledge"),
    path("patients/<int:pk>/handout/", engagement_views.patient_handout, name="handout"),
    path("patients/<int:pk>/handout.pdf", engagement_views.patient_handout_pdf, name="handout_pdf"),
    path("reports/adherence/", report_views.adherence_report, name="report"),
    path("reports/adherence.csv", report_views.adherence_report_csv, name="report_csv"),
]
