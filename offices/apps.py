from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from .collation import register_sqlite_collation


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Places and facilitation offices")

    def ready(self):
        # Once the apps are ready: the admin modules patched here need the model registry.
        from . import admin_dates, error_digits, uploads

        admin_dates.install()
        error_digits.install()
        uploads.install()
        # SQLite learns the ``persian`` collation names are ordered by (offices.collation).
        connection_created.connect(register_sqlite_collation, dispatch_uid="persian_collation")
