"""Meetings of officials with NGOs and agencies: the list, recording one, its page and files.

Officials see the meetings in their scope, NGO managers those their NGO attended
(accounts.access.meeting_filter); a meeting out of scope answers 404. Officials who are
not read-only record meetings, a county official their county's only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import access_for, counties_for, may_edit_meeting, may_open_ngo
from offices.collation import persian_order
from offices.paging import paginate
from reports.forms import add_validation_errors

from ..forms.meetings import (
    ROWS_STEP,
    MeetingFilterForm,
    MeetingForm,
    ngo_rows,
    ngos_present,
    rows_from_post,
)
from ..models import MeetingFile
from ..selectors import visible_demands, visible_meetings
from ..services.meetings import MEETING_FIELDS, meeting_save

PER_PAGE = 25


def _check_lister(user):
    """Officials and NGO managers have meetings to list; anyone else is refused (403)."""
    access = access_for(user)
    if not (access.is_official or access.is_manager):
        raise PermissionDenied(
            _("Meetings are for officials and for the managers of the NGOs that attended them.")
        )
    return access


def _check_recorder(user):
    access = access_for(user)
    if not access.is_official or access.read_only:
        raise PermissionDenied(_("Only officials who are not read-only record meetings."))


def _meeting_for_user(user, pk):
    return get_object_or_404(visible_meetings(user), pk=pk)


@login_required
def meeting_list(request):
    """Find the meetings held with NGOs and agencies, by year, kind and county."""
    user = request.user
    access = _check_lister(user)
    form = MeetingFilterForm(
        request.GET or None,
        counties=counties_for(user) if access.is_official else None,
        today=timezone.localdate(),
    )
    meetings = visible_meetings(user)
    if form.is_bound:
        meetings = form.filtered(meetings) if form.is_valid() else meetings.none()
    meetings = (
        meetings.select_related("county")
        .annotate(
            ngo_count=Count("attendance", distinct=True),
            demand_count=Count("demands", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "access": access,
            "can_record": access.is_official and not access.read_only,
            **paginate(request, meetings, PER_PAGE),
        },
    )


@login_required
def meeting_detail(request, pk):
    """See a meeting: who was there, the minutes and files, and what became of the demands
    raised in it."""
    user = request.user
    access = access_for(user)
    meeting = get_object_or_404(
        visible_meetings(user)
        .select_related("county", "recorded_by")
        .annotate(demand_total=Count("demands")),
        pk=pk,
    )
    attendance = list(
        meeting.attendance.select_related("ngo__county").order_by(persian_order("ngo__name"))
    )
    for present in attendance:
        ngo = present.ngo
        present.ngo_url = reverse("ngo_home", args=[ngo.pk]) if may_open_ngo(user, ngo) else ""
    # An NGO manager sees their own NGOs' demands; an official those of their scope. The
    # others raised in the meeting are only counted.
    demands = list(
        visible_demands(user)
        .filter(meeting=meeting)
        .select_related("ngo", "category", "agency", "responsible_official")
        .order_by("raised_on", "pk")
    )
    today = timezone.localdate()
    for demand in demands:
        demand.overdue = demand.is_overdue(today)
    may_answer = access.is_official and not access.read_only
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "agencies": list(meeting.agencies.order_by(persian_order("name"))),
            "files": list(meeting.files.all()),
            "demands": demands,
            "today": today,
            "other_demands": meeting.demand_total - len(demands),
            "is_official": access.is_official,
            "can_edit": may_edit_meeting(user, meeting),
            # Officials record the demands of NGOs of their scope that were present.
            "can_record_demand": may_answer
            and any(access.covers_county(present.ngo.county_id) for present in attendance),
        },
    )


def _show_refusal(form, error: ValidationError) -> list[str]:
    """The service's refusal beside the fields; the messages about the NGOs present are
    returned, for their rows."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return []
    by_field = error.message_dict
    ngo_errors = by_field.pop("ngos", [])
    if by_field:
        add_validation_errors(form, ValidationError(by_field))
    return ngo_errors


def _meeting_form(request, meeting=None):
    user = request.user
    if request.method == "POST" and "more_rows" in request.POST:
        # More rows for the NGOs present: the page again with what was typed, nothing saved.
        form = MeetingForm(user=user, instance=meeting)
        form.initial.update(
            {
                name: field.widget.value_from_datadict(request.POST, request.FILES, name)
                for name, field in form.fields.items()
                if name != "files"
            }
        )
        rows = ngo_rows(
            user=user, meeting=meeting, initial=rows_from_post(request.POST), extra=ROWS_STEP
        )
        context = {"form": form, "rows": rows, "meeting": meeting, "ngo_errors": []}
        return render(request, "meetings/meeting_form.html", context)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, request.FILES or None, user=user, instance=meeting)
    extra = ROWS_STEP if meeting is None else 2
    rows = ngo_rows(data, user=user, meeting=meeting, extra=extra)
    ngo_errors = []
    if data is not None and all([form.is_valid(), rows.is_valid()]):
        try:
            saved = meeting_save(
                user=user,
                meeting=meeting,
                fields={
                    **{name: form.cleaned_data[name] for name in MEETING_FIELDS},
                    "agencies": list(form.cleaned_data["agencies"]),
                },
                ngos=ngos_present(rows),
                files=form.cleaned_data["files"],
                remove_files=form.cleaned_data.get("remove_files") or (),
            )
        except ValidationError as error:
            ngo_errors = _show_refusal(form, error)
        else:
            if meeting is None:
                messages.success(request, _("The meeting was recorded."))
            else:
                messages.success(request, _("The meeting was saved."))
            return redirect("meeting_detail", pk=saved.pk)
    context = {"form": form, "rows": rows, "meeting": meeting, "ngo_errors": ngo_errors}
    status = 400 if data is not None else 200
    return render(request, "meetings/meeting_form.html", context, status=status)


@login_required
def meeting_new(request):
    """Record a meeting held: date, place, who chaired, the agencies and NGOs present, the
    minutes and files."""
    _check_recorder(request.user)
    return _meeting_form(request)


@login_required
def meeting_edit(request, pk):
    """Correct a meeting's record, its NGOs present and its files."""
    meeting = _meeting_for_user(request.user, pk)
    if not may_edit_meeting(request.user, meeting):
        raise PermissionDenied(_("You may see this meeting but not change it."))
    return _meeting_form(request, meeting)


@login_required
def meeting_file(request, pk, file_pk):
    """Download a file of a meeting (the signed minutes, a photo, the attendance sheet)."""
    stored = get_object_or_404(
        MeetingFile.objects.filter(meeting__in=visible_meetings(request.user), meeting_id=pk),
        pk=file_pk,
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=str(stored))
