"""The dashboard's figures: key figures, charts and tables for a scope.

Counting happens in the database, with a fixed number of queries per page
whatever the data size.
"""

import datetime

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When

from ngos.models import EXPIRING_SOON_DAYS, NGO, FieldOfActivity, Licence
from offices.collation import persian_order
from offices.jalali import month_bounds, shift_month, start_of_day, to_jalali
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import (
    OPEN_STATES,
    REFERRAL_STATES,
    Agency,
    Category,
    IssueReport,
    ReportEvent,
    Status,
)
from reports.workflow import Action

from .places import with_serving_office
from .scope import Scope
from .sql import as_duration, median_days, round_days


def key_figures(scope: Scope) -> dict:
    today = scope.today
    # Both figures count open reports only: the status range reads the covering index.
    reports = scope.reports.filter(status__in=OPEN_STATES).aggregate(
        open_reports=Count("status", filter=Q(status__in=OPEN_STATES, duplicate_of__isnull=True)),
        overdue_referrals=Count("status", filter=Q(status__in=REFERRAL_STATES, due_on__lt=today)),
    )
    offices = scope.offices.aggregate(
        active_offices=Count("pk", filter=Q(status=FacilitationOffice.Status.ACTIVE)),
        offices_without_premises=Count(
            "pk",
            filter=Q(status=FacilitationOffice.Status.ACTIVE)
            & ~Q(premises=FacilitationOffice.Premises.DEDICATED),
        ),
    )
    latest = (
        Licence.objects.verified()  # an uploaded licence counts once an official verifies it
        .filter(ngo=OuterRef("pk"))
        .order_by("-expires_on")
        .values("expires_on")[:1]
    )
    ngos = scope.ngos.annotate(latest_expiry=Subquery(latest)).aggregate(
        active_ngos=Count("pk", filter=Q(status=NGO.Status.ACTIVE)),
        licences_expired=Count("pk", filter=Q(status=NGO.Status.ACTIVE, latest_expiry__lt=today)),
        licences_expiring=Count(
            "pk",
            filter=Q(
                status=NGO.Status.ACTIVE,
                latest_expiry__gte=today,
                latest_expiry__lte=today + datetime.timedelta(days=EXPIRING_SOON_DAYS),
            ),
        ),
    )
    resolved = scope.in_period(
        scope.reports.filter(first_resolved_at__isnull=False), "first_resolved_at"
    )
    median = median_days(resolved, as_duration(F("first_resolved_at") - F("submitted_at")))
    return {
        **reports,
        **offices,
        **ngos,
        "median_days_to_resolve": round(median, 1) if median is not None else None,
    }


def reports_by_category_and_status(scope: Scope):
    """Reports submitted in the period, per category and per status, from one grouped query.

    Returns ([(category, reports)] most reported first, [(status, label, reports)]).
    """
    by_category: dict = {}
    by_status: dict = {}
    for category_id, status, n in (
        scope.in_period(scope.reports, "submitted_at")
        .order_by()
        .values("category_id", "status")
        .annotate(n=Count("*"))
        .values_list("category_id", "status", "n")
    ):
        by_category[category_id] = by_category.get(category_id, 0) + n
        by_status[status] = by_status.get(status, 0) + n
    categories = Category.objects.filter(pk__in=by_category).order_by(
        "kind", "position", persian_order("name")
    )
    return (
        sorted(((c, by_category[c.pk]) for c in categories), key=lambda row: -row[1]),
        [(value, label, by_status.get(value, 0)) for value, label in Status.choices],
    )


def reports_by_month(scope: Scope, months: int = 12) -> list[tuple[int, int, int]]:
    """(Jalali year, month, reports submitted) for the last `months` Jalali months, grouped in the database."""
    today = to_jalali(scope.today)
    first_year, first_month = shift_month(today.year, today.month, -(months - 1))
    # The first month's first moment: a range on submitted_at reads the covering index;
    # the stored Jalali year and month do the grouping.
    since = start_of_day(month_bounds(first_year, first_month)[0])
    recent = scope.reports.filter(submitted_at__gte=since)
    counts = {
        (year, month): n
        for year, month, n in recent.order_by()
        .values("submitted_jyear", "submitted_jmonth")
        .annotate(n=Count("*"))
        .values_list("submitted_jyear", "submitted_jmonth", "n")
    }
    rows = []
    for back in range(months - 1, -1, -1):
        y, m = shift_month(today.year, today.month, -back)
        rows.append((y, m, counts.get((y, m), 0)))
    return rows


def offices_by_county(scope: Scope) -> list[tuple[County, dict]]:
    rows = (
        scope.offices.order_by()
        .values("county_id", "status")
        .annotate(n=Count("*"))
        .values_list("county_id", "status", "n")
    )
    table: dict = {}
    for county_id, status, n in rows:
        table.setdefault(county_id, {})[status] = n
    counties = County.objects.filter(pk__in=table).order_by(persian_order("name"))
    return [(county, table[county.pk]) for county in counties]


def offices_chart(offices: list[tuple[County, dict]]) -> dict:
    """The offices chart's data: a bar per county, stacked by status; for one county
    (a county official's dashboard) a bar per status, which one stacked bar hides."""
    statuses = FacilitationOffice.Status.choices
    if len(offices) == 1:
        ((county, row),) = offices
        return {
            "labels": [str(label) for _value, label in statuses],
            "series": [{"label": county.name, "values": [row.get(v, 0) for v, _l in statuses]}],
        }
    return {
        "labels": [county.name for county, _row in offices],
        "series": [
            {"label": str(label), "values": [row.get(value, 0) for _c, row in offices]}
            for value, label in statuses
        ],
    }


def ngos_by_field(scope: Scope) -> list[tuple[FieldOfActivity, int]]:
    rows = (
        FieldOfActivity.objects.annotate(
            n=Count("ngos", filter=Q(ngos__in=scope.ngos.filter(status=NGO.Status.ACTIVE)))
        )
        .filter(n__gt=0)
        .order_by("-n", persian_order("name"))
    )
    return [(f, f.n) for f in rows]


def neighbourhood_ranking(scope: Scope, limit: int = 20) -> list[Neighbourhood]:
    """Neighbourhoods by open reports, each with its serving office (or none).

    Counted from the reports' side (an indexed group by), then the few neighbourhoods
    of the ranking are read with their office: two queries.
    """
    top = list(
        scope.reports.open()
        .filter(neighbourhood_id__isnull=False, neighbourhood__in=scope.neighbourhoods)
        .order_by()
        .values("neighbourhood_id")
        .annotate(n=Count("*"))
        .order_by("-n", "neighbourhood_id")
        .values_list("neighbourhood_id", "n")[:limit]
    )
    counts = dict(top)
    hoods = {
        hood.pk: hood
        for hood in with_serving_office(
            Neighbourhood.objects.filter(pk__in=counts).select_related("county")
        )
    }
    ranking = []
    for pk, n in top:
        hood = hoods[pk]
        hood.open_reports = n
        ranking.append(hood)
    return ranking


def agency_scorecard(
    scope: Scope, agencies: QuerySet | None = None, keep_empty: bool = False
) -> list[dict]:
    """Per agency: referrals received, accepted, declined (in the period), overdue now, late
    against the first due date (`late_first`), median days to answer and to resolve."""
    agencies = agencies if agencies is not None else Agency.objects.all()
    agencies = list(agencies.order_by(persian_order("name")))
    events = scope.in_period(
        _within(ReportEvent.objects.filter(agency__isnull=False), scope), "created_at"
    )
    counts, late_answers = {}, {}
    for agency_id, action, n, late in (
        events.order_by()
        .values("agency_id", "action")
        .annotate(n=Count("*"), late=Count(_late_answer()))
        .values_list("agency_id", "action", "n", "late")
    ):
        counts[(agency_id, action)] = n
        late_answers[agency_id] = late_answers.get(agency_id, 0) + late
    # Open referrals: overdue against their due date, and late against their first one
    # (an extension moves the one, not the other; overdue is late against both).
    overdue_now = Q(due_on__lt=scope.today)
    late_against_first = overdue_now | Q(first_due_on__lt=scope.today)
    open_late = {
        agency_id: (overdue, late_first)
        for agency_id, overdue, late_first in scope.reports.filter(status__in=REFERRAL_STATES)
        .filter(late_against_first)
        .order_by()
        .values("agency_id")
        .annotate(
            overdue=Count("pk", filter=overdue_now),
            late_first=Count("pk", filter=late_against_first),
        )
        .values_list("agency_id", "overdue", "late_first")
    }
    # Each answer carries the time since its referral (recorded with the answer).
    answers = events.filter(
        action__in=[Action.AGENCY_ACCEPT, Action.AGENCY_DECLINE], answer_delay__isnull=False
    )
    to_answer = median_days(answers, F("answer_delay"), group_by="agency_id")
    resolved = scope.in_period(
        scope.reports.filter(first_resolved_at__isnull=False, agency__isnull=False),
        "first_resolved_at",
    )
    to_resolve = median_days(
        resolved, as_duration(F("first_resolved_at") - F("submitted_at")), group_by="agency_id"
    )
    rows = []
    for agency in agencies:
        row = {
            "agency": agency,
            "received": counts.get((agency.pk, Action.REFER), 0),
            "accepted": counts.get((agency.pk, Action.AGENCY_ACCEPT), 0),
            "declined": counts.get((agency.pk, Action.AGENCY_DECLINE), 0),
            "overdue": open_late.get(agency.pk, (0, 0))[0],
            "late_first": open_late.get(agency.pk, (0, 0))[1] + late_answers.get(agency.pk, 0),
            "days_to_answer": round_days(to_answer.get(agency.pk)),
            "days_to_resolve": round_days(to_resolve.get(agency.pk)),
        }
        if keep_empty or any(
            row[k] for k in ("received", "accepted", "declined", "overdue", "late_first")
        ):
            rows.append(row)
    return rows


def _late_answer() -> Case:
    """1 for an agency's answer given after the first due date of its referral (kept on the
    answer as its `due_on`; an extension does not move it), else NULL. An acceptance whose
    report is still in progress is left out: the open referrals count it (it is past its
    first due date). Nested CASEs: the report is looked up for late acceptances only."""
    in_progress = Exists(
        IssueReport.objects.filter(pk=OuterRef("report_id"), status=Status.IN_PROGRESS)
    )
    after_first_due = Case(When(created_at__date__gt=F("due_on"), then=Value(1)))
    return Case(
        When(action=Action.AGENCY_DECLINE, then=after_first_due),
        When(
            action=Action.AGENCY_ACCEPT,
            then=Case(When(~in_progress, then=after_first_due)),
        ),
    )


def _within(events: QuerySet, scope: Scope) -> QuerySet:
    """Events of the scope's reports: by the county kept on each event when the scope is a
    county's, none when it is every report, else by the reports themselves."""
    if scope.county_id is not None:
        return events.filter(county_id=scope.county_id)
    if not scope.reports.query.has_filters():
        return events
    return events.filter(report__in=scope.reports)
