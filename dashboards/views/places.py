"""Detail pages with their own figures: a county, a neighbourhood, an office, an agency.

Officials only, each within their scope (a county official sees their county's
places and, for an agency, only the referrals of their county). Every page runs a
fixed number of queries whatever the data size; the tests pin each count.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.access import (
    get_county_for_user,
    get_neighbourhood_for_user,
    get_office_for_user,
    may_open_ngo,
    official_access,
)
from ngos.models import Partnership
from offices.collation import persian_order
from offices.jalali import jalali_year_start
from offices.models import FacilitationOffice, Neighbourhood
from reports.models import REFERRAL_STATES, Agency, IssueReport

from .. import figures
from ..filters import filtered_scope

OPEN_REFERRALS_SHOWN = 50


@login_required
def county_detail(request, pk):
    """See a county's offices, which neighbourhoods have none, and its key figures this year."""
    access = official_access(request.user)
    county = get_county_for_user(request.user, pk)
    today = timezone.localdate()
    scope = figures.scope_for(request.user, county, start=jalali_year_start(today), today=today)
    offices = list(
        scope.offices.annotate(served=Count("neighbourhoods")).order_by("status", "code")
    )
    # As on the office's page: open reports from the neighbourhoods each office serves.
    open_by_office = figures.grouped_counts(
        scope.reports.open().filter(neighbourhood__offices__in=scope.offices),
        "neighbourhood__offices",
    )
    for office in offices:
        office.open_reports = open_by_office.get(office.pk, 0)
    hoods = list(figures.with_serving_office(scope.neighbourhoods).order_by(persian_order("name")))
    open_by_hood = figures.grouped_counts(scope.reports.open(), "neighbourhood_id")
    for hood in hoods:
        hood.open_reports = open_by_hood.get(hood.pk, 0)
    without_office = [h for h in hoods if not h.office_pk]
    return render(
        request,
        "dashboards/county.html",
        {
            "county": county,
            "access": access,
            "scope": scope,
            "today": today,
            "key": figures.key_figures(scope),
            "definitions": figures.BY_NAME,
            "offices": offices,
            "neighbourhoods": hoods,
            "without_office": without_office,
        },
    )


@login_required
def neighbourhood_detail(request, pk):
    """See a neighbourhood: the offices that serve it and its reports by category and status."""
    access = official_access(request.user)
    hood = get_neighbourhood_for_user(request.user, pk)
    offices = list(
        FacilitationOffice.objects.filter(neighbourhoods=hood).order_by("status", "code")
    )
    reports = IssueReport.objects.visible_to(request.user).filter(neighbourhood=hood)
    categories = figures.reports_by_category_with_open(reports)
    return render(
        request,
        "dashboards/neighbourhood.html",
        {
            "hood": hood,
            "access": access,
            "offices": offices,
            "active_office": next((o for o in offices if o.status == "active"), None),
            "categories": categories,
            "by_status": figures.by_status(reports),
            "definitions": figures.BY_NAME,
        },
    )


@login_required
def office_detail(request, pk):
    """See an office: its premises, people, partner NGOs, reports and its last 12 months' work."""
    access = official_access(request.user)
    office = get_office_for_user(request.user, pk)
    hoods = list(
        figures.with_serving_office(Neighbourhood.objects.filter(offices=office)).order_by(
            persian_order("name")
        )
    )
    reports = IssueReport.objects.visible_to(request.user).filter(neighbourhood__offices=office)
    open_by_hood = figures.grouped_counts(reports.open(), "neighbourhood_id")
    for hood in hoods:
        hood.open_reports = open_by_hood.get(hood.pk, 0)
    partnerships = list(
        Partnership.objects.filter(office=office)
        .select_related("ngo")
        .order_by("ended_on", "-started_on")
    )
    for partnership in partnerships:  # a partner the user may not open is named, not linked
        partnership.linkable = may_open_ngo(request.user, partnership.ngo)
    today = timezone.localdate()
    # The last 12 Jalali months: accepted returns, else the work recorded so far.
    work = figures.office_months(office, today)
    return render(
        request,
        "dashboards/office.html",
        {
            "office": office,
            "access": access,
            "today": today,
            "premises_history": list(office.premises_history.order_by("-since", "-created_at")),
            "facilitators": list(
                office.facilitators.order_by("-active", "role", persian_order("name"))
            ),
            "partnerships": partnerships,
            "neighbourhoods": hoods,
            "by_status": figures.by_status(reports),
            "work": work,
            "charts": {"stacked": work["charts"]},
            "definitions": figures.BY_NAME,
        },
    )


@login_required
def agency_detail(request, pk):
    """See how an agency answers referrals, and the referrals it still holds.

    The same filters as the dashboard (county, Jalali period; by default this Jalali
    year), so following an agency from a filtered dashboard keeps its numbers.
    """
    access = official_access(request.user)
    agency = get_object_or_404(Agency, pk=pk)
    form, scope, county = filtered_scope(request.user, request.GET)
    context = {
        "agency": agency,
        "access": access,
        "form": form,
        "scope": scope,
        "county": county,
        "today": timezone.localdate(),
        "definitions": figures.BY_NAME,
    }
    if scope is not None:
        (row,) = figures.agency_scorecard(
            scope, Agency.objects.filter(pk=agency.pk), keep_empty=True
        )
        open_referrals = scope.reports.filter(agency=agency, status__in=REFERRAL_STATES)
        shown = list(
            open_referrals.select_related("ngo", "category", "county").order_by("due_on", "pk")[
                : OPEN_REFERRALS_SHOWN + 1
            ]
        )
        context.update(
            row=row,
            referrals=shown[:OPEN_REFERRALS_SHOWN],
            more_referrals=len(shown) > OPEN_REFERRALS_SHOWN,
            overdue_query=f"?queue=overdue&agency={agency.pk}",
            referred_query=f"?queue=referred&agency={agency.pk}"
            + (f"&county={county.pk}" if county else ""),
        )
    return render(request, "dashboards/agency.html", context)
