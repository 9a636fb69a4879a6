from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Social-issue reports")

    def ready(self):
        # Once the apps are ready: the receivers name models. They connect on import.
        from . import notifications, search  # noqa: F401
