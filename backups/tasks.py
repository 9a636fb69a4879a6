"""The nightly backup as a task: a timer enqueues it, the queue's worker makes it."""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def make_backup(folder: str) -> str:
    """Back up into `folder`; returns what the command said."""
    out = io.StringIO()
    call_command("backup", folder, stdout=out)
    return out.getvalue()
