"""The dashboards: the province's (or a county's) figures, charts and tables, and what each means."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.access import Role, counties_for, official_access
from offices.formatting import jalali_month_label
from offices.jalali import month_bounds
from offices.models import FacilitationOffice

from .. import figures
from ..filters import filtered_scope, period_query, submitted_between


@login_required
def dashboard(request):
    """See the figures of your county or of the province, and follow any number to its list."""
    access = official_access(request.user)
    form, scope, county = filtered_scope(request.user, request.GET)
    if county is None and access.role == Role.COUNTY:
        county = counties_for(request.user).first()
    if scope is None:
        context = {"form": form, "county": county, "access": access, "today": timezone.localdate()}
        return render(request, "dashboards/dashboard.html", context)
    by_month = figures.reports_by_month(scope)
    by_category, by_status = figures.reports_by_category_and_status(scope)
    offices = figures.offices_by_county(scope)
    by_field = figures.ngos_by_field(scope)
    office_statuses = FacilitationOffice.Status.choices
    charts = {
        "category": {
            "labels": [c.name for c, _n in by_category],
            "values": [n for _c, n in by_category],
        },
        "status": {
            "labels": [str(label) for _v, label, _n in by_status],
            "values": [n for *_x, n in by_status],
        },
        "month": {
            "labels": [jalali_month_label(month_bounds(y, m)[0]) for y, m, _n in by_month],
            "values": [n for *_x, n in by_month],
        },
        "field": {"labels": [f.name for f, _n in by_field], "values": [n for _f, n in by_field]},
        "offices": figures.offices_chart(offices),
    }
    context = {
        "period_query": period_query(scope),
        "form": form,
        "scope": scope,
        "county": county,
        "access": access,
        "key": figures.key_figures(scope),
        "definitions": figures.BY_NAME,
        "by_category": by_category,
        "by_status": by_status,
        # Each month's count links to that month's reports (in the scope's county).
        # Each month named as in the chart beside the table: «دی ۱۴۰۴».
        "by_month": [
            (jalali_month_label(month_bounds(y, m)[0]), n, submitted_between(*month_bounds(y, m)))
            for y, m, n in by_month
        ],
        # Every status's count for each county, zeros included, in the statuses' order.
        "offices": [
            (county_row, [(value, row.get(value, 0)) for value, _label in office_statuses])
            for county_row, row in offices
        ],
        "office_statuses": office_statuses,
        "by_field": by_field,
        "neighbourhoods": figures.neighbourhood_ranking(scope),
        "scorecard": figures.agency_scorecard(scope),
        # Per county: the returns of the month due now, and the offices without premises.
        "work": figures.offices_work(scope.offices, scope.today),
        "charts": charts,
        "today": scope.today,
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def definitions(request):
    """Read how every figure is counted, so everyone means the same thing by it."""
    official_access(request.user)
    return render(request, "dashboards/definitions.html", {"definitions": figures.DEFINITIONS})
