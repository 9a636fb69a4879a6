"""The root URLs: each app's own, the language switch, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .health import healthz

admin.site.site_header = _("Social affairs of West Azerbaijan: offices, NGOs and reports")
admin.site.site_title = _("Social affairs administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("dashboards.urls")),
    path("", include("reports.urls")),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "facilitation.errors.bad_request"
handler500 = "facilitation.errors.server_error"
