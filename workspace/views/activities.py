"""The office's own records: its activities, its referrals to agencies and its facilitators.

The office's staff keep them; officials of its county read them (404 for everyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import get_workspace_office, may_keep_facilitators, may_work_in_office
from offices.formatting import jalali_month_label
from offices.jalali import current_year_month, month_bounds, shift_month, to_jalali
from offices.paging import paginate
from reports.forms import add_validation_errors

from ..forms.activities import ActivityForm, FacilitatorForm, ReferralForm, month_from_query
from ..models import Activity, ActivityFile, Referral
from ..services import activities as services
from ..services.months import month_lock

PER_PAGE = 25


def _office_to_work_in(user, pk):
    """The office, for its own staff; 404 for those who may not see it, 403 for its officials."""
    office = get_workspace_office(user, pk)
    if not may_work_in_office(user, office):
        raise PermissionDenied(_("Only the office's own staff can record its work."))
    return office


def _office_to_keep_facilitators(user, pk):
    office = get_workspace_office(user, pk)
    if not may_keep_facilitators(user, office):
        raise PermissionDenied(_("Only the office's manager can keep its list of facilitators."))
    return office


def _param(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month(request, office) -> dict:
    """The month a list shows (`?month=1405-08`, this month by default) and its neighbours."""
    year, month = month_from_query(request.GET.get("month"))
    following = shift_month(year, month, 1)
    locked = month_lock(office.pk, year, month)
    return {
        "year": year,
        "month": month,
        "month_param": _param(year, month),
        "month_label": jalali_month_label(month_bounds(year, month)[0]),
        "previous_month": _param(*shift_month(year, month, -1)),
        # Nothing is recorded ahead of today: no link past this month.
        "next_month": _param(*following) if following <= current_year_month() else None,
        # The return's status (submitted or accepted) when it locks the month, else None.
        "locked": locked,
        "locked_message": services.locked_month_message(year, month, locked) if locked else "",
    }


def _month_list(name, office, day) -> str:
    """The list of the month a record of this date is in."""
    j = to_jalali(day)
    return f"{reverse(name, args=[office.pk])}?month={_param(j.year, j.month)}"


def _refuse_if_locked(request, office, list_name, year, month):
    """A redirect to the month's list saying why, if the month's return has been sent."""
    locked = month_lock(office.pk, year, month)
    if not locked:
        return None
    messages.error(request, services.locked_month_message(year, month, locked))
    return redirect(f"{reverse(list_name, args=[office.pk])}?month={_param(year, month)}")


# -- activities -------------------------------------------------------------------------


@login_required
def activity_list(request, pk):
    """See the office's activities of a month, with their files; its staff record them."""
    office = get_workspace_office(request.user, pk)
    month = _month(request, office)
    activities = Activity.objects.filter(
        office=office, jalali_year=month["year"], jalali_month=month["month"]
    )
    totals = activities.aggregate(
        women=Sum("women"), men=Sum("men"), children=Sum("children"), count=Count("pk")
    )
    totals["attendance"] = sum(totals[k] or 0 for k in ("women", "men", "children"))
    listed = activities.select_related(
        "kind", "neighbourhood", "partner_ngo", "partner_agency"
    ).prefetch_related("files")
    return render(
        request,
        "workspace/activity_list.html",
        {
            "office": office,
            "can_work": may_work_in_office(request.user, office),
            "totals": totals,
            **month,
            **paginate(request, listed, PER_PAGE),
        },
    )


def _activity_form(request, office, activity=None):
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=activity, office=office
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                user=request.user,
                office=office,
                activity=activity,
                fields={name: form.cleaned_data[name] for name in services.ACTIVITY_FIELDS},
                files=form.cleaned_data["files"],
                remove_files=form.cleaned_data.get("remove_files") or (),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(_month_list("activity_list", office, saved.held_on))
    status = 400 if request.method == "POST" else 200
    context = {"office": office, "form": form, "activity": activity}
    return render(request, "workspace/activity_form.html", context, status=status)


@login_required
def activity_new(request, pk):
    """Record an activity the office held: date, kind, topic, attendance, photos."""
    return _activity_form(request, _office_to_work_in(request.user, pk))


@login_required
def activity_edit(request, pk, activity_pk):
    """Correct one of the office's activities, while its month's return is not sent."""
    office = _office_to_work_in(request.user, pk)
    activity = get_object_or_404(office.activities, pk=activity_pk)
    if request.method != "POST":  # a POST is refused by the service, on the form
        refused = _refuse_if_locked(
            request, office, "activity_list", activity.jalali_year, activity.jalali_month
        )
        if refused:
            return refused
    return _activity_form(request, office, activity)


@login_required
def activity_delete(request, pk, activity_pk):
    """Delete one of the office's activities (asked to confirm first)."""
    office = _office_to_work_in(request.user, pk)
    activity = get_object_or_404(office.activities.select_related("kind"), pk=activity_pk)
    back = _month_list("activity_list", office, activity.held_on)
    if request.method != "POST":
        refused = _refuse_if_locked(
            request, office, "activity_list", activity.jalali_year, activity.jalali_month
        )
        context = {"office": office, "activity": activity, "back": back}
        return refused or render(request, "workspace/activity_delete.html", context)
    try:
        services.activity_delete(user=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The activity was deleted."))
    return redirect(back)


@login_required
def activity_file(request, pk, activity_pk, file_pk):
    """Download a photo or document of one of the office's activities."""
    office = get_workspace_office(request.user, pk)
    stored = get_object_or_404(
        ActivityFile.objects.filter(activity__office=office, activity_id=activity_pk), pk=file_pk
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=str(stored))


# -- referrals ----------------------------------------------------------------------------


@login_required
def referral_list(request, pk):
    """See the residents the office referred to agencies in a month, by agency."""
    office = get_workspace_office(request.user, pk)
    month = _month(request, office)
    referrals = Referral.objects.filter(
        office=office, jalali_year=month["year"], jalali_month=month["month"]
    )
    by_agency = list(
        referrals.values("agency__name")
        .annotate(people=Sum("people"), referrals=Count("pk"))
        .order_by("-people", "agency__name")
    )
    listed = referrals.select_related("agency", "neighbourhood")
    return render(
        request,
        "workspace/referral_list.html",
        {
            "office": office,
            "can_work": may_work_in_office(request.user, office),
            "by_agency": by_agency,
            "total_people": sum(row["people"] for row in by_agency),
            **month,
            **paginate(request, listed, PER_PAGE),
        },
    )


def _referral_form(request, office, referral=None):
    form = ReferralForm(request.POST or None, instance=referral, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.referral_save(
                user=request.user,
                office=office,
                referral=referral,
                fields={name: form.cleaned_data[name] for name in services.REFERRAL_FIELDS},
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The referral was saved."))
            return redirect(_month_list("referral_list", office, saved.referred_on))
    status = 400 if request.method == "POST" else 200
    context = {"office": office, "form": form, "referral": referral}
    return render(request, "workspace/referral_form.html", context, status=status)


@login_required
def referral_new(request, pk):
    """Record residents the office referred to an agency for a service (never their names)."""
    return _referral_form(request, _office_to_work_in(request.user, pk))


@login_required
def referral_edit(request, pk, referral_pk):
    """Correct a referral, or record its outcome, while its month's return is not sent."""
    office = _office_to_work_in(request.user, pk)
    referral = get_object_or_404(office.referrals, pk=referral_pk)
    if request.method != "POST":  # a POST is refused by the service, on the form
        refused = _refuse_if_locked(
            request, office, "referral_list", referral.jalali_year, referral.jalali_month
        )
        if refused:
            return refused
    return _referral_form(request, office, referral)


# -- facilitators ------------------------------------------------------------------------


@login_required
def facilitator_list(request, pk):
    """See the people who work in the office; its manager keeps the list."""
    office = get_workspace_office(request.user, pk)
    return render(
        request,
        "workspace/facilitator_list.html",
        {
            "office": office,
            # An office has a handful of facilitators: the whole list, in one query.
            "facilitators": list(office.facilitators.all()),
            "can_keep": may_keep_facilitators(request.user, office),
        },
    )


def _facilitator_form(request, office, facilitator=None):
    form = FacilitatorForm(request.POST or None, instance=facilitator, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            services.facilitator_save(
                user=request.user,
                office=office,
                facilitator=facilitator,
                fields={name: form.cleaned_data[name] for name in services.FACILITATOR_FIELDS},
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The facilitator was saved."))
            return redirect("facilitator_list", pk=office.pk)
    status = 400 if request.method == "POST" else 200
    context = {"office": office, "form": form, "facilitator": facilitator}
    return render(request, "workspace/facilitator_form.html", context, status=status)


@login_required
def facilitator_new(request, pk):
    """Add a person who works in the office (the office's manager)."""
    return _facilitator_form(request, _office_to_keep_facilitators(request.user, pk))


@login_required
def facilitator_edit(request, pk, facilitator_pk):
    """Change a facilitator's details, or mark them no longer active (the office's manager)."""
    office = _office_to_keep_facilitators(request.user, pk)
    return _facilitator_form(
        request, office, get_object_or_404(office.facilitators, pk=facilitator_pk)
    )
