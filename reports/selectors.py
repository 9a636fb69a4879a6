"""Reads of reports: the user's reports, one report to read or to act on, and the list's filters.

The rules come from the access module; this module applies them to reports, which
live above it. Anything outside a user's scope answers 404, as for an id that
does not exist.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import ActingRole, acting_role, counties_for, sees_internal_events
from offices.jalali import start_of_day
from offices.selectors import search_matches

from .forms import ReportFilterForm
from .models import REFERRAL_STATES, IssueReport, Status


def get_report_for_user(user, pk, reports: QuerySet | None = None) -> IssueReport:
    """The report, if the user may see it; 404 otherwise, as for one that does not exist."""
    reports = IssueReport.objects.all() if reports is None else reports
    return get_object_or_404(reports.visible_to(user), pk=pk)


def get_report_for_actor(
    user, pk, reports: QuerySet | None = None
) -> tuple[IssueReport, ActingRole]:
    """The report and the capacity in which the user may act on it.

    404 if the user may not see it; 403 if they see it but may not act on it
    (a read-only official, say).
    """
    report = get_report_for_user(user, pk, reports)
    role = acting_role(user, report)
    if role is None:
        raise PermissionDenied(_("Your role lets you read this report, not act on it."))
    return report, role


def filter_reports(reports: QuerySet, data: dict, *, user, today: datetime.date | None = None):
    """`reports` narrowed by a report list's cleaned filters (queue, fields, period, search)."""
    today = today or timezone.localdate()
    queue = data.get("queue")
    if queue == "open":
        reports = reports.open()
    elif queue == "new":
        reports = reports.filter(status=Status.SUBMITTED)
    elif queue == "mine":
        reports = reports.filter(assigned_to=user)
    elif queue == "awaiting":
        reports = reports.filter(status=Status.AWAITING_INFO)
    elif queue == "referred":
        reports = reports.filter(status__in=REFERRAL_STATES)
    elif queue == "overdue":
        reports = reports.overdue(today)
    elif queue == "escalated":  # an internal mark: an NGO's list shows none
        escalated = reports.filter(status__in=REFERRAL_STATES, escalated_at__isnull=False)
        reports = escalated if sees_internal_events(user) else reports.none()
    for field in ("status", "severity"):
        if data.get(field):
            reports = reports.filter(**{field: data[field]})
    for field in ("category", "county", "agency"):
        if data.get(field):
            reports = reports.filter(**{f"{field}_id": data[field].pk})
    for field in ("neighbourhood", "ngo"):
        if data.get(field):
            reports = reports.filter(**{f"{field}_id": data[field]})
    if data.get("office"):  # reports from the neighbourhoods an office serves
        reports = reports.filter(neighbourhood__offices=data["office"])
    if data.get("submitted_from"):
        reports = reports.filter(submitted_at__gte=start_of_day(data["submitted_from"]))
    if data.get("submitted_to"):
        next_day = data["submitted_to"] + datetime.timedelta(days=1)
        reports = reports.filter(submitted_at__lt=start_of_day(next_day))
    if data.get("q"):  # reference, title, description, NGO: IssueReport.build_search_text
        reports = reports.filter(search_matches(data["q"]))
    return reports


def reports_listed(user, params) -> tuple[ReportFilterForm, QuerySet]:
    """A report list: its filter form bound to `params` (a query string) and the user's
    reports it selects. Unfiltered, all of them; a bad filter selects none."""
    form = ReportFilterForm(params or None, counties=counties_for(user))
    reports = IssueReport.objects.visible_to(user)
    if not form.is_bound:
        return form, reports
    if not form.is_valid():
        return form, reports.none()
    return form, filter_reports(reports, form.cleaned_data, user=user)
