from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation")

    def ready(self):
        from . import (  # noqa: F401 - receivers connect on import
            admin_dates,
            notifications,
            signals,
        )

        admin_dates.install()
