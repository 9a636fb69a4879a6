"""Writes of meetings: recording one with the NGOs and agencies present and its files, and
correcting it later.

The acting user is checked here with the access module: officials who are not read-only
record meetings, a county official only their county's (never a provincial meeting).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from accounts.access import access_for, may_record_meeting, ngos_for
from offices.formatting import format_date, format_number, join_for_reader
from offices.models import County
from offices.validators import validate_document

from ..models import MAX_FILES_PER_MEETING, Meeting, MeetingFile, MeetingNGO

# The meeting's own fields a caller passes in `fields` (with "agencies", a list of Agency).
MEETING_FIELDS = (
    "held_on",
    "title",
    "kind",
    "place",
    "county",
    "chaired_by",
    "officials_present",
    "minutes",
)
ATTENDED_BY_LENGTH = MeetingNGO._meta.get_field("attended_by").max_length


def too_many_files(kept: int, added: int) -> str | None:
    """Why a meeting would keep more files than it may, or None."""
    if kept + added <= MAX_FILES_PER_MEETING:
        return None
    return _(
        "A meeting keeps at most %(limit)s files: it has %(kept)s, and %(added)s more were "
        "chosen. Remove some, or choose fewer."
    ) % {
        "limit": format_number(MAX_FILES_PER_MEETING),
        "kept": format_number(kept),
        "added": format_number(added),
    }


def county_refused_message(user) -> str:
    """Why a county official may not record a meeting of another county or of the province."""
    county = County.objects.filter(pk=access_for(user).county_id).first()
    return _(
        "As an official of %(county)s you record that county's meetings only: choose it as "
        "the meeting's county."
    ) % {"county": county or "—"}


def ngos_outside_message(names) -> str:
    return _(
        "Not in the NGOs you may choose: %(ngos)s. Choose NGOs of the registry in your scope."
    ) % {"ngos": join_for_reader(names)}


def _check_recorder(user, meeting: Meeting | None) -> None:
    """Officials who are not read-only record meetings; one recorded is changed by those who
    may record a meeting of its county as stored (not as the form has just changed it)."""
    access = access_for(user)
    if not access.is_official or access.read_only:
        raise PermissionDenied(_("Only officials who are not read-only record meetings."))
    if meeting is not None and meeting.pk:
        stored = Meeting.objects.select_for_update().values_list("county_id", flat=True)
        if not may_record_meeting(user, stored.get(pk=meeting.pk)):
            raise PermissionDenied(_("You may not change this meeting."))


# The kinds of meeting that NGOs attend: one is recorded with the NGOs present.
NGOS_ATTEND = frozenset({Meeting.Kind.WITH_NGOS, Meeting.Kind.NGO_HOUSE})


def _attendance_errors(user, meeting: Meeting, pairs) -> list[str]:
    """What is wrong with the NGOs present: one twice, one out of the user's scope, a name
    too long, or an NGO taken off that raised demands in the meeting."""
    errors = []
    if not pairs and meeting.kind in NGOS_ATTEND:
        errors.append(_("A meeting of this kind is held with NGOs: list at least one NGO present."))
    seen, twice = set(), []
    for ngo, _attended_by in pairs:
        if ngo.pk in seen and ngo not in twice:
            twice.append(ngo)
        seen.add(ngo.pk)
    if twice:
        errors.append(
            _("An NGO is listed only once among those present: %(ngos)s is listed twice.")
            % {"ngos": join_for_reader([ngo.name for ngo in twice])}
        )
    already = set()
    if meeting.pk:
        already = set(meeting.attendance.values_list("ngo_id", flat=True))
    allowed = set(ngos_for(user).filter(pk__in=seen).values_list("pk", flat=True)) | already
    outside = [ngo.name for ngo, _attended_by in pairs if ngo.pk not in allowed]
    if outside:
        errors.append(ngos_outside_message(outside))
    too_long = [ngo.name for ngo, text in pairs if len(text) > ATTENDED_BY_LENGTH]
    if too_long:
        errors.append(
            _("Who attended for %(ngos)s: at most %(n)s characters.")
            % {"ngos": join_for_reader(too_long), "n": format_number(ATTENDED_BY_LENGTH)}
        )
    if meeting.pk:
        raised = meeting.demands.exclude(ngo_id__in=seen).select_related("ngo")
        names = sorted({demand.ngo.name for demand in raised})
        if names:
            errors.append(
                _("%(ngos)s raised demands in this meeting: it stays among the NGOs present.")
                % {"ngos": join_for_reader(names)}
            )
    return errors


def _file_errors(meeting: Meeting, files, removed) -> list[str]:
    kept = meeting.files.count() - len(removed) if meeting.pk else 0
    too_many = too_many_files(kept, len(files))
    errors = [too_many] if too_many else []
    for upload in files:
        try:
            validate_document(upload)
        except ValidationError as error:
            errors.extend(f"{upload.name}: {message}" for message in error.messages)
    return errors


def _date_errors(meeting: Meeting) -> list[str]:
    """A meeting is not moved after the day a demand was raised in it."""
    if not meeting.pk or not meeting.held_on:
        return []
    first = meeting.demands.aggregate(first=Min("raised_on"))["first"]
    if first and meeting.held_on > first:
        return [
            _(
                "A demand raised in this meeting was recorded on %(day)s: the meeting cannot "
                "be after that day."
            )
            % {"day": format_date(first)}
        ]
    return []


@transaction.atomic
def meeting_save(*, user, meeting=None, fields: dict, ngos, files=(), remove_files=()) -> Meeting:
    """Record a meeting (meeting None) or change one, with the agencies and NGOs present.

    `fields` holds the meeting's fields by name (MEETING_FIELDS) and "agencies", a list of
    Agency; `ngos` is the whole list of NGOs present, as (NGO, who attended for it), which
    replaces the one kept; `files` are new uploads, appended; `remove_files` MeetingFiles
    of this meeting to remove. Refused (ValidationError by field, nothing written) when the
    user may not record a meeting of that county, the date is after today, an NGO is listed
    twice or is outside the user's scope, or the meeting would keep too many files.
    """
    _check_recorder(user, meeting)
    if meeting is None:
        meeting = Meeting(recorded_by=user)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    errors = {}
    if not may_record_meeting(user, meeting.county_id):
        errors["county"] = [county_refused_message(user)]
    try:
        meeting.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    date_errors = [] if "held_on" in errors else _date_errors(meeting)
    if date_errors:
        errors["held_on"] = date_errors
    pairs = [(ngo, (attended_by or "").strip()) for ngo, attended_by in ngos]
    attendance_errors = _attendance_errors(user, meeting, pairs)
    if attendance_errors:
        errors["ngos"] = attendance_errors
    files = [upload for upload in files if upload]
    removed = [f for f in remove_files if meeting.pk and f.meeting_id == meeting.pk]
    file_errors = _file_errors(meeting, files, removed)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)
    meeting._history_user = user
    meeting.save()
    if "agencies" in fields:
        meeting.agencies.set(fields["agencies"] or ())
    meeting.attendance.all().delete()
    MeetingNGO.objects.bulk_create(
        MeetingNGO(meeting=meeting, ngo=ngo, attended_by=text) for ngo, text in pairs
    )
    if removed:
        names = [f.file.name for f in removed]
        MeetingFile.objects.filter(pk__in=[f.pk for f in removed]).delete()
        storage = MeetingFile._meta.get_field("file").storage
        for name in names:
            transaction.on_commit(lambda name=name: storage.delete(name))
    MeetingFile.keep(files, meeting=meeting)
    return meeting
