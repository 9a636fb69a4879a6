"""The office's workspace: its month so far, its last return, and the way to its work."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import (
    access_for,
    get_workspace_office,
    may_submit_office_report,
    may_work_in_office,
)
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds, to_jalali

from ..models import Activity, MonthlyReturn
from ..services.months import due_date, last_ended_month, month_figures, return_is_overdue
from ..services.premises import open_request

LATEST_ACTIVITIES = 5


@login_required
def workspace(request):
    """Go to your office's workspace (for office staff; officials open it from the office)."""
    access = access_for(request.user)
    if access.office_id is None:
        raise Http404
    return redirect("office_workspace", pk=access.office_id)


@login_required
def office_workspace(request, pk):
    """See the office's month so far, its last month's return and latest activities, and go
    on to its activities, referrals, facilitators, returns, premises and reports."""
    office = get_workspace_office(request.user, pk)
    today = timezone.localdate()
    now = to_jalali(today)
    last_year, last_month = last_ended_month(today)
    # The month's versions still counting, newest first: at most a correction under way and
    # the accepted one it corrects; with their reviewer, shown when sent back.
    versions = list(
        MonthlyReturn.objects.filter(office=office, jalali_year=last_year, jalali_month=last_month)
        .exclude(status=MonthlyReturn.Status.SUPERSEDED)
        .select_related("reviewed_by")
        .order_by("-version")
    )
    last_return = versions[0] if versions else None
    accepted = next((v for v in versions if v.status == MonthlyReturn.Status.ACCEPTED), None)
    due = due_date(last_year, last_month)
    context = {
        "office": office,
        "today": today,
        "month_label": jalali_month_label(today),
        "figures": month_figures(office.pk, now.year, now.month),
        "last_year": last_year,
        "last_month": last_month,
        "last_month_label": jalali_month_label(month_bounds(last_year, last_month)[0]),
        "last_return": last_return,
        "accepted": accepted,
        "due": due,
        # As the dashboard counts it: after the due date, none accepted or awaiting review
        # (none at all, or one sent back and not submitted again).
        "overdue": return_is_overdue(
            last_year,
            last_month,
            accepted=accepted is not None,
            open_status=last_return.status if last_return else None,
            opened_on=office.opened_on,
            today=today,
        ),
        "activities": Activity.objects.filter(office=office).select_related(
            "kind", "neighbourhood"
        )[:LATEST_ACTIVITIES],
        "premises_request": open_request(office),
        "may_work": may_work_in_office(request.user, office),
        "may_report": may_submit_office_report(request.user, office),
    }
    return render(request, "workspace/home.html", context)
