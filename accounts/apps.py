from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Once the apps are ready: the receivers name models. They connect on import.
        from . import notifications, signals  # noqa: F401
