from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backup and restore of the database and the uploaded files."""

    name = "backups"
