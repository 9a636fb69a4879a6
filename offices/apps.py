from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Places and facilitation offices")

    def ready(self):
        # Once the apps are ready: the admin modules patched here need the model registry.
        from . import admin_dates, uploads

        admin_dates.install()
        uploads.install()
