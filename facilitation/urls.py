"""The root URLs: each app's own, the language switch, the admin and the health check."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from .health import healthz

admin.site.site_header = _("Social affairs of West Azerbaijan: offices, NGOs and reports")
admin.site.site_title = _("Social affairs administration")
admin.site.index_title = _("Administration")
# The app list beside every page takes a quarter of a 1366 px screen from the lists;
# the admin's home page and the breadcrumbs lead everywhere it does.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("dashboards.urls")),
    path("", include("reports.urls")),
    path("", include("workspace.urls")),
    path("", include("imports.urls")),
    path("", include("meetings.urls")),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that link no icon (the admin); the icon is an
    # SVG static file (its name is hashed in production, hence looked up on each request).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg")),
        name="favicon",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "facilitation.errors.bad_request"
handler500 = "facilitation.errors.server_error"
