"""The monthly return's life: the staff submit it, an official accepts it or sends it back,
and an accepted return is corrected by a new version.

A month has at most one version in the works (being corrected, submitted or sent back)
and at most one accepted (the database holds both rules). A correction is worked on while
the accepted version stays in force; accepting the correction marks the earlier version
replaced in the same transaction, so officials always find exactly one accepted return.
Each change is kept in the return's history with the acting user, and the people it
concerns are emailed through the task queue in the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import may_review_return, may_work_in_office

from ..models import MonthlyReturn
from ..notifications import notify_return
from .months import lock_office, month_figures

Status = MonthlyReturn.Status


def _month_versions(office_id: int, year: int, month: int) -> list[MonthlyReturn]:
    """Every version of the office's month, newest first, locked until the transaction ends."""
    return list(
        MonthlyReturn.objects.select_for_update()
        .filter(office_id=office_id, jalali_year=year, jalali_month=month)
        .order_by("-version")
    )


def _save(record: MonthlyReturn, user, *, tell: bool = True) -> None:
    """Save with the acting user in the history; enqueue the emails this change calls for.

    A concurrent change that the database's rules refuse (two people submitting the same
    month at once) is answered with a message, never an error page.
    """
    record._history_user = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "Someone else changed this month's return a moment ago: reload the page to see "
                "it as it is now."
            ),
            code="concurrent",
        ) from None
    if tell:
        history_id = (
            record.history.order_by("-history_id").values_list("history_id", flat=True).first()
        )
        notify_return.enqueue(history_id)


def _refuse_as_it_stands(status) -> ValidationError:
    if status == Status.SUBMITTED:
        message = _(
            "This month's return was already submitted and awaits the governorate's review."
        )
    elif status == Status.ACCEPTED:
        message = _(
            "This month's return was accepted and is locked. To change it, start a correction."
        )
    else:
        message = _("This return has been replaced by a later version.")
    return ValidationError(message, code=str(status))


@transaction.atomic
def return_submit(*, user, office, year: int, month: int, narrative: str, needs: str):
    """The office's staff submit the month's return: its figures are computed now from the
    month's activities and referrals. The first version, or the one sent back or being
    corrected; never a month that has not ended, nor one submitted or accepted already."""
    if not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can submit its monthly return."))
    lock_office(office.pk)  # no activity of the month is saved while its figures are computed
    versions = _month_versions(office.pk, year, month)
    latest = versions[0] if versions else None
    if latest is None:
        record = MonthlyReturn(office=office, jalali_year=year, jalali_month=month, version=1)
    elif latest.status in (Status.RETURNED, Status.CORRECTING):
        record = latest
    else:
        raise _refuse_as_it_stands(latest.status)
    now = timezone.now()
    for name, value in month_figures(office.pk, year, month).items():
        setattr(record, name, value)
    record.narrative, record.needs = narrative, needs
    record.status = Status.SUBMITTED
    record.submitted_at, record.submitted_by = now, user
    # Awaiting review again: the review of the version sent back (who, when, the comment)
    # stays in the return's history, and the month's page shows it from there.
    record.reviewed_at, record.reviewed_by, record.review_comment = None, None, ""
    # On time or late is the month's: judged by its first submission, whatever followed.
    record.first_submitted_at = record.first_submitted_at or now
    # The month's versions were read under lock: a version another request is inserting at
    # this very moment is not seen yet, and is refused by the database when saving.
    record.full_clean(validate_constraints=False)
    _save(record, user)
    return record


def _to_review(user, monthly_return) -> tuple[MonthlyReturn, list[MonthlyReturn]]:
    """The return and its month's versions, locked, if this user may review it and it
    awaits review."""
    office = monthly_return.office
    if not may_review_return(user, office):
        raise PermissionDenied(
            _("Only the governorate's officials of the office's county can review its returns.")
        )
    versions = _month_versions(office.pk, monthly_return.jalali_year, monthly_return.jalali_month)
    record = next((v for v in versions if v.pk == monthly_return.pk), None)
    if record is None or record.status != Status.SUBMITTED:
        raise ValidationError(
            _("This return no longer awaits review: reload the page to see what happened."),
            code="not_submitted",
        )
    record.office = office
    return record, versions


@transaction.atomic
def return_accept(*, user, monthly_return) -> MonthlyReturn:
    """An official accepts a submitted return: it is locked, and if it is a correction the
    version it corrects is marked replaced in the same transaction."""
    record, versions = _to_review(user, monthly_return)
    for earlier in versions:
        if earlier.pk != record.pk and earlier.status == Status.ACCEPTED:
            earlier.status = Status.SUPERSEDED
            _save(earlier, user, tell=False)
    record.status = Status.ACCEPTED
    record.reviewed_at, record.reviewed_by = timezone.now(), user
    record.review_comment = ""  # a comment of an earlier sending back stays in the history
    _save(record, user)
    return record


@transaction.atomic
def return_send_back(*, user, monthly_return, comment: str) -> MonthlyReturn:
    """An official sends a submitted return back to the office, saying what to correct."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say what should be corrected before sending it back.")},
            code="required",
        )
    record, _versions = _to_review(user, monthly_return)
    record.status = Status.RETURNED
    record.reviewed_at, record.reviewed_by = timezone.now(), user
    record.review_comment = comment
    record.full_clean(exclude=["jalali_year", "jalali_month"])
    _save(record, user)
    return record


@transaction.atomic
def return_start_correction(*, user, monthly_return) -> MonthlyReturn:
    """The office's staff start correcting an accepted return: a new version, being
    corrected, while the accepted one stays in force until the correction is accepted."""
    office = monthly_return.office
    if not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can correct its monthly return."))
    versions = _month_versions(office.pk, monthly_return.jalali_year, monthly_return.jalali_month)
    accepted = next((v for v in versions if v.pk == monthly_return.pk), None)
    if accepted is None or accepted.status != Status.ACCEPTED:
        raise ValidationError(
            _("Only an accepted return is corrected: reload the page to see it as it is now."),
            code="not_accepted",
        )
    if any(v.status in MonthlyReturn.OPEN for v in versions):
        raise ValidationError(
            _("A correction of this month's return is already under way."), code="open"
        )
    correction = MonthlyReturn(
        office=office,
        jalali_year=accepted.jalali_year,
        jalali_month=accepted.jalali_month,
        version=versions[0].version + 1,
        status=Status.CORRECTING,
        narrative=accepted.narrative,
        needs=accepted.needs,
        first_submitted_at=accepted.first_submitted_at,
    )
    _save(correction, user, tell=False)
    return correction
