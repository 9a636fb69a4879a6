from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    """The project package: settings and wiring, and the history of its old migrations."""

    name = "facilitation"
    verbose_name = _("Facilitation")
