from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import accounts, dashboards, exports, health, ngos, places, reports

account_urls = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", accounts.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path("dashboard/definitions/", dashboards.definitions, name="definitions"),
    path("counties/<int:pk>/", places.county_detail, name="county_detail"),
    path("neighbourhoods/<int:pk>/", places.neighbourhood_detail, name="neighbourhood_detail"),
    path("offices/", places.office_list, name="office_list"),
    path("offices/<int:pk>/", places.office_detail, name="office_detail"),
    path("agencies/<int:pk>/", places.agency_detail, name="agency_detail"),
    path("ngos/", ngos.ngo_list, name="ngo_list"),
    path("ngos/<int:pk>/", ngos.ngo_home, name="ngo_home"),
    path("ngos/<int:ngo_pk>/reports/new/", reports.report_new, name="report_new"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/bulk/", reports.report_bulk, name="report_bulk"),
    path("reports/export.csv", exports.report_export_csv, name="report_export_csv"),
    path("reports/export.xlsx", exports.report_export_xlsx, name="report_export_xlsx"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/act/", reports.report_act, name="report_act"),
    path("reports/<int:pk>/comment/", reports.report_comment_view, name="report_comment"),
    path("reports/<int:pk>/assign/", reports.report_assign_view, name="report_assign"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_pk>/",
        reports.attachment_download,
        name="attachment_download",
    ),
    path("accounts/", include(account_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
