from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation")

    def ready(self):
        from . import admin_dates, signals  # noqa: F401 - signals connect on import

        admin_dates.install()
