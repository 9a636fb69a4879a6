from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps


class FacilitationConfig(AppConfig):
    """The project package: settings and wiring, and the history of its old migrations."""

    name = "facilitation"
    verbose_name = _("Facilitation")
    default = True  # the configuration of "facilitation", among the others in this module


# Third-party apps under Persian names in the admin's list of apps: INSTALLED_APPS
# names these configurations instead of the apps' own, which differ only in their names.


class LoginLockoutsConfig(axes_apps.AppConfig):
    """django-axes: failed logins and the accounts they locked."""

    default = False
    verbose_name = _("Login lockouts")


class TaskQueueConfig(tasks_apps.TasksAppConfig):
    """django-tasks' database backend: the emails and jobs waiting for the worker."""

    default = False
    verbose_name = _("Task queue")
