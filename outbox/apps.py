from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every email the product sends: kept in the database and sent by the task queue."""

    name = "outbox"
    verbose_name = _("Outgoing email")
