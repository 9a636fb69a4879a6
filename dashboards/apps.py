from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Figure definitions, dashboards, place pages and the registry lists."""

    name = "dashboards"
