"""Large files are checked and imported by the task queue's worker (`manage.py db_worker`)."""

from django_tasks import task

from .models import ImportRun
from .services import import_apply, import_check


@task()
def check_import(run_id: int) -> None:
    """Read and check an uploaded file: the preview."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKING).first()
    if run is not None:
        import_check(run)


@task()
def apply_import(run_id: int) -> None:
    """Import a checked file, all of it or nothing."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.IMPORTING).first()
    if run is not None:
        import_apply(run)
