"""Uploading, checking and importing a file. Views call these; they check the user themselves.

A small file is checked and imported while the page waits; a large one by the task queue,
which writes its progress on the ImportRun for the page to show. Either way the import is one
transaction: a row that fails when it is written (someone changed the registry since the
preview) leaves everything as it was, and the run shows the rows again with their errors.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import Role, access_for

from .kinds import facilitation_offices, facilitators, neighbourhoods, ngos
from .models import ImportRun
from .reading import FileRefused, check_has_rows, check_upload, read_rows

KINDS = {
    ImportRun.Kind.NGOS: ngos,
    ImportRun.Kind.NEIGHBOURHOODS: neighbourhoods,
    ImportRun.Kind.OFFICES: facilitation_offices,
    ImportRun.Kind.FACILITATORS: facilitators,
}
# Up to these, the page does the work itself; above, the task queue.
SYNC_MAX_BYTES = 64 * 1024
SYNC_MAX_ROWS = 500
# The history tables keep a change's reason in 100 characters; a long file name is cut.
HISTORY_REASON_LENGTH = 100


def may_import(user) -> bool:
    """Administrators, and staff given the permission to add imports in the admin."""
    if access_for(user).role == Role.ADMIN:
        return True
    return bool(user.is_active and user.is_staff and user.has_perm("imports.add_importrun"))


def _check_user(user) -> None:
    if not may_import(user):
        raise PermissionDenied(_("Imports are for administrators."))


def _sync_max_bytes() -> int:
    return getattr(settings, "IMPORT_SYNC_MAX_BYTES", SYNC_MAX_BYTES)


def _sync_max_rows() -> int:
    return getattr(settings, "IMPORT_SYNC_MAX_ROWS", SYNC_MAX_ROWS)


def import_upload(*, user, kind: str, uploaded) -> ImportRun:
    """Keep the uploaded file and check it (now, or by the worker if it is large).

    FileRefused if it is not an .xlsx file within the size limit, or if it is the template
    with no row filled in: nothing is kept then (the worker would only find it empty).
    """
    # The tasks module imports this one: imported here to avoid the cycle.
    from .tasks import check_import

    _check_user(user)
    check_upload(uploaded)
    # The headers are compared in Persian, as the template has them.
    with translation.override("fa"):
        columns = KINDS[kind].columns()
    check_has_rows(uploaded, columns)
    run = ImportRun.objects.create(
        kind=kind, file=uploaded, file_name=uploaded.name[:255], created_by=user
    )
    if uploaded.size <= _sync_max_bytes():
        import_check(run)
    else:
        # In the same transaction as the run (the queue is in the database): both or neither.
        check_import.enqueue(run.pk)
    return run


def _progress(run, share: float, start: int = 0, span: int = 100):
    ImportRun.objects.filter(pk=run.pk).update(progress=min(99, start + int(share * span)))


def _read(run):
    kind = KINDS[run.kind]
    with run.file.open("rb") as file:
        return read_rows(file, kind.columns(), on_progress=lambda s: _progress(run, s, 0, 60))


def _finish(run, plan, status) -> None:
    run.rows = plan.results
    run.total_rows = len(plan.results)
    run.new_count = sum(1 for r in plan.results if r["outcome"] == "new")
    run.update_count = sum(1 for r in plan.results if r["outcome"] == "update")
    run.error_count = plan.error_count
    run.status = status
    run.progress = 100
    run.save()


def _refuse(run, error: FileRefused) -> None:
    run.status = ImportRun.Status.INVALID
    run.message = str(error)
    run.progress = 100
    run.save()


def import_check(run: ImportRun) -> ImportRun:
    """The preview: each row's outcome (new, update, unchanged or its errors). Writes no record."""
    # Messages are kept on the run as the administrators read them, in Persian.
    with translation.override("fa"):
        try:
            rows = _read(run)
        except FileRefused as error:
            _refuse(run, error)
            return run
        plan = KINDS[run.kind].check(rows)
    _finish(run, plan, ImportRun.Status.INVALID if plan.error_count else ImportRun.Status.READY)
    return run


def import_confirm(*, user, run: ImportRun) -> ImportRun:
    """Import a checked file without errors: now if it is small, else by the worker."""
    from .tasks import apply_import  # the tasks module imports this one

    _check_user(user)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.READY:
        raise FileRefused(_("Only a checked file without errors can be imported."))
    run.confirmed_by = user
    if run.total_rows <= _sync_max_rows():
        run.status = ImportRun.Status.IMPORTING
        return import_apply(run)
    run.status = ImportRun.Status.IMPORTING
    run.progress = 0
    run.save()
    apply_import.enqueue(run.pk)
    return run


class _Rollback(Exception):
    pass


def import_apply(run: ImportRun) -> ImportRun:
    """Check the file again and write every row, in one transaction; or nothing at all."""
    with translation.override("fa"):
        try:
            rows = _read(run)
        except FileRefused as error:
            _refuse(run, error)
            return run
        kind = KINDS[run.kind]
        reason = _("Excel import no. %(number)s: %(file)s") % {
            "number": run.pk,
            "file": run.file_name,
        }
        reason = reason[:HISTORY_REASON_LENGTH]
        try:
            with transaction.atomic():
                plan = kind.check(rows, lock=True)
                if plan.error_count:
                    raise _Rollback
                kind.write(plan, user=run.confirmed_by or run.created_by, reason=reason)
                run.finished_at = timezone.now()
                _finish(run, plan, ImportRun.Status.DONE)
        except _Rollback:
            _finish(run, plan, ImportRun.Status.INVALID)
    return run
