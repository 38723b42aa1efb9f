"""Top-level URLs: admin, sign-in, the patient portal, staff pages and the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import installable, signin, two_factor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("manifest.webmanifest", installable.manifest, name="manifest"),
    path("icons/app-<int:size>.png", installable.app_icon, name="app_icon"),
    path("sw.js", installable.service_worker, name="service_worker"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/unlock/<str:token>/", signin.unlock, name="signin_unlock"),
    path("accounts/password/reset/", signin.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("account/two-factor/setup/<str:token>/", two_factor.enrol, name="two_factor_enrol"),
    path("account/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path(
        "account/two-factor/clinic/",
        two_factor.clinic_requirement,
        name="two_factor_clinic_requirement",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("clinic.api_urls")),
    path("clinic/", include("patients.staff.urls")),
    path("", include("patients.portal.urls")),
]
