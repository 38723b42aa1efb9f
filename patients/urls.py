from django.urls import path

from patients import views

app_name = "patients"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("progress/", views.my_progress, name="progress"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise"),
    path("log/", views.log_session, name="log_session"),
    path("history/", views.history, name="history"),
    path("history/<int:pk>/", views.session_detail, name="session_detail"),
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
]
