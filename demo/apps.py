from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for the local run and the benchmarks; writes to every app."""

    name = "demo"
