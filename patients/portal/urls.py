from django.urls import path

from patients.engagement import views as engagement_views
from patients.portal import views

app_name = "patients"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("progress/", views.my_progress, name="progress"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise"),
    path("log/", views.log_session, name="log_session"),
    path("pain-check/", views.pain_check, name="pain_check"),
    path("micro-breaks/<int:pk>/done/", views.micro_break_done, name="micro_break_done"),
    path("history/", views.history, name="history"),
    path("history/<int:pk>/", views.session_detail, name="session_detail"),
    path("settings/", engagement_views.reminder_settings, name="settings"),
    path("account/data.json", views.my_data, name="my_data"),
    path("account/close/", views.close_account, name="close_account"),
    path("settings/calendar/new/", engagement_views.new_calendar_link, name="new_calendar_link"),
    path("calendar/<uuid:token>.ics", engagement_views.calendar_feed, name="calendar_feed"),
    path("check-in/", engagement_views.weekly_checkin, name="checkin"),
    path("check-in/<int:pk>/", engagement_views.checkin_detail, name="checkin_detail"),
    path("notices/<int:pk>/dismiss/", engagement_views.dismiss_notice, name="dismiss_notice"),
    path("handout/", engagement_views.my_handout, name="handout"),
    path("handout.pdf", engagement_views.my_handout_pdf, name="handout_pdf"),
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
]
