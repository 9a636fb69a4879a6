"""The scope a dashboard or an agency page counts, from its filters; links that keep the period."""

import datetime

from django.http import Http404, QueryDict
from django.utils import timezone

from accounts.access import counties_for
from offices.jalali import format_jalali, jalali_year_start

from .figures import Scope, scope_for
from .forms import DashboardFilterForm


def filtered_scope(user, params) -> tuple[DashboardFilterForm, Scope | None, object]:
    """The figures' scope: the user's records, narrowed by the filters; (form, scope, county).

    A county outside the user's scope is a 404. Any other bad filter gives scope None:
    the page then shows the messages and no figures, never figures of another period.
    """
    today = timezone.localdate()
    year_start = jalali_year_start(today)
    # Unfiltered, the page shows this Jalali year so far, and the form says so.
    form = DashboardFilterForm(
        params or None, counties=counties_for(user), initial={"start": year_start, "end": today}
    )
    start, end, county = year_start, None, None
    if form.is_bound:
        if not form.is_valid():
            if "county" in form.errors:
                raise Http404  # a county outside the user's scope, or none at all
            return form, None, form.cleaned_data.get("county")
        county = form.cleaned_data["county"]
        start = form.cleaned_data["start"] or year_start
        if form.cleaned_data["end"]:
            end = form.cleaned_data["end"] + datetime.timedelta(days=1)
    return form, scope_for(user, county, start, end, today), county


def period_query(scope: Scope) -> str:
    """The report list's filters for the reports submitted in the scope's period."""
    return submitted_between(scope.start, scope.end)


def submitted_between(start, end) -> str:
    """Report-list filters for submissions from `start` up to (not including) `end`."""
    query = QueryDict(mutable=True)
    if start:
        query["submitted_from"] = format_jalali(start)
    if end:
        query["submitted_to"] = format_jalali(end - datetime.timedelta(days=1))
    return query.urlencode(safe="/")
