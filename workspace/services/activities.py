"""Writes of an office's own records: its activities (with their files), its referrals and its
facilitators.

Each function takes the acting user and checks them with the access module; the office's
row is locked first, so a month's return cannot be submitted between the check that the
month is open and the write (`workspace.services.returns` takes the same lock).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import may_keep_facilitators, may_work_in_office
from offices.formatting import format_number, jalali_month_label
from offices.jalali import month_bounds, to_jalali
from offices.models import FacilitationOffice, Facilitator
from offices.validators import validate_document

from ..models import MAX_FILES_PER_ACTIVITY, Activity, ActivityFile, MonthlyReturn, Referral
from .months import lock_office, month_lock

ACTIVITY_FIELDS = (
    "held_on",
    "kind",
    "topic",
    "neighbourhood",
    "partner_ngo",
    "partner_agency",
    "women",
    "men",
    "children",
    "narrative",
)
REFERRAL_FIELDS = ("referred_on", "agency", "service", "people", "neighbourhood", "outcome", "note")
FACILITATOR_FIELDS = ("name", "role", "phone", "since", "training_completed", "active")


def locked_month_message(year: int, month: int, status: str | None = None) -> str:
    """Why a month's activities and referrals cannot change: its return was accepted, or
    submitted and awaiting review (`status`, as `month_lock` answers)."""
    params = {"month": jalali_month_label(month_bounds(year, month)[0])}
    if status == MonthlyReturn.Status.ACCEPTED:
        return (
            _(
                "The monthly return for %(month)s was accepted: the month's activities and "
                "referrals can no longer change, unless a correction of the return is started."
            )
            % params
        )
    return (
        _(
            "The monthly return for %(month)s was submitted and awaits review: the month's "
            "activities and referrals cannot change unless the return is sent back."
        )
        % params
    )


def too_many_files(kept: int, added: int) -> str | None:
    """Why an activity would hold more files than it may, or None."""
    if kept + added <= MAX_FILES_PER_ACTIVITY:
        return None
    return _(
        "An activity keeps at most %(limit)s files: it has %(kept)s, and %(added)s more were "
        "chosen. Remove some, or choose fewer."
    ) % {
        "limit": format_number(MAX_FILES_PER_ACTIVITY),
        "kept": format_number(kept),
        "added": format_number(added),
    }


def not_served_message() -> str:
    return _("This office does not serve that neighbourhood: choose one of its neighbourhoods.")


def _check_worker(user, office: FacilitationOffice) -> None:
    if not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can change its activities."))


def _lock_office(office: FacilitationOffice) -> None:
    """Hold the office's row until the write ends (see the module's docstring)."""
    lock_office(office.pk)


def _stored_month(model, record, office) -> tuple[int, int]:
    """The month the record is in as stored (not as the form has just changed it)."""
    stored = (
        model.objects.filter(pk=record.pk, office=office)
        .values_list("jalali_year", "jalali_month")
        .first()
    )
    if stored is None:  # the caller passed a record of another office
        raise PermissionDenied(_("This record is not the office's."))
    return stored


def _check_open(office, year, month) -> None:
    status = month_lock(office.pk, year, month)
    if status:
        raise ValidationError(locked_month_message(year, month, status), code="month_locked")


def _checked_record(model, record, office, fields: dict, names, date_field: str) -> dict:
    """Set the record's fields and check it; the errors found, by field."""
    if record.pk:
        _check_open(office, *_stored_month(model, record, office))
    for name in names:
        if name in fields:
            setattr(record, name, fields[name])
    record.office = office
    errors = {}
    try:
        record.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    day = getattr(record, date_field)
    if isinstance(day, datetime.date) and date_field not in errors:
        year, month = to_jalali(day).year, to_jalali(day).month
        status = month_lock(office.pk, year, month)
        if status:
            errors[date_field] = [locked_month_message(year, month, status)]
    served = office.neighbourhoods.filter(pk=record.neighbourhood_id)
    if record.neighbourhood_id and "neighbourhood" not in errors and not served.exists():
        errors["neighbourhood"] = [not_served_message()]
    return errors


def _delete_stored_files_on_commit(names) -> None:
    """Remove files from storage once the rows that named them are gone for good."""
    storage = ActivityFile._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))


@transaction.atomic
def activity_save(
    *, user, office, fields: dict, activity=None, files=(), remove_files=()
) -> Activity:
    """Record a new activity of the office (activity None) or change one, with its files.

    `fields` holds the model's fields by name (ACTIVITY_FIELDS); `files` are new uploads,
    `remove_files` ActivityFiles of this activity to remove. Refused (ValidationError by
    field, nothing written) when the activity's month, old or new, has its return sent,
    when a field or a file is refused, or when it would hold more than five files.
    """
    _check_worker(user, office)
    _lock_office(office)
    if activity is None:
        activity = Activity(office=office, recorded_by=user)
    errors = _checked_record(Activity, activity, office, fields, ACTIVITY_FIELDS, "held_on")
    files = [upload for upload in files if upload]
    removed = [f for f in remove_files if activity.pk and f.activity_id == activity.pk]
    kept = activity.files.count() - len(removed) if activity.pk else 0
    too_many = too_many_files(kept, len(files))
    file_errors = [too_many] if too_many else []
    for upload in files:
        try:
            validate_document(upload)
        except ValidationError as error:
            file_errors.extend(f"{upload.name}: {message}" for message in error.messages)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)
    activity._history_user = user
    activity.save()
    if removed:
        ActivityFile.objects.filter(pk__in=[f.pk for f in removed]).delete()
        _delete_stored_files_on_commit([f.file.name for f in removed])
    ActivityFile.keep(files, activity=activity)
    return activity


@transaction.atomic
def activity_delete(*, user, activity: Activity) -> None:
    """Delete an activity and its files, unless its month's return has been sent."""
    office = activity.office
    _check_worker(user, office)
    _lock_office(office)
    _check_open(office, *_stored_month(Activity, activity, office))
    names = list(activity.files.values_list("file", flat=True))
    activity._history_user = user
    activity.delete()
    _delete_stored_files_on_commit(names)


@transaction.atomic
def referral_save(*, user, office, fields: dict, referral=None) -> Referral:
    """Record residents the office referred to an agency (referral None), or change a
    referral; refused like an activity when its month's return has been sent."""
    _check_worker(user, office)
    _lock_office(office)
    if referral is None:
        referral = Referral(office=office, recorded_by=user)
    errors = _checked_record(Referral, referral, office, fields, REFERRAL_FIELDS, "referred_on")
    if errors:
        raise ValidationError(errors)
    referral._history_user = user
    referral.save()
    return referral


@transaction.atomic
def facilitator_save(*, user, office, fields: dict, facilitator=None) -> Facilitator:
    """Add a person to the office's facilitators (facilitator None) or change one: the
    office's manager (and administrators) only."""
    if not may_keep_facilitators(user, office):
        raise PermissionDenied(_("Only the office's manager can keep its list of facilitators."))
    if facilitator is None:
        facilitator = Facilitator(office=office)
    elif facilitator.office_id != office.pk:
        raise PermissionDenied(_("This record is not the office's."))
    for name in FACILITATOR_FIELDS:
        if name in fields:
            setattr(facilitator, name, fields[name])
    facilitator.office = office
    facilitator.full_clean()
    facilitator._history_user = user
    facilitator.save()
    return facilitator
