"""Every dashboard figure, defined once (DESIGN.md §3 "Figures, defined once").

Each figure has a name, a label and a sentence saying how it is counted; pages
show the sentence beside the number and the definitions page lists them all.
Counting happens in the database, with a fixed number of queries per page
whatever the data size; medians use PostgreSQL's percentile_cont, and on SQLite
(the local run) the durations are read in one query and the middle taken here.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ngos.models import EXPIRING_SOON_DAYS, NGO, FieldOfActivity, Licence
from offices.jalali import month_bounds, shift_month, to_jalali, year_bounds
from offices.models import County, FacilitationOffice, Neighbourhood
from reports.models import OPEN_STATES, REFERRAL_STATES, Category, ReportEvent, Status
from reports.workflow import Action


@dataclass(frozen=True)
class Definition:
    name: str
    label: Promise
    how: Promise


DEFINITIONS = [
    Definition(
        "active_offices", _("Active offices"), _("Facilitation offices whose status is active.")
    ),
    Definition(
        "offices_without_premises",
        _("Offices without dedicated premises"),
        _("Active offices whose premises are shared, temporary or none."),
    ),
    Definition(
        "active_ngos",
        _("Active NGOs"),
        _("NGOs whose status is active, whatever their licence says."),
    ),
    Definition(
        "licences_expiring",
        _("NGOs whose licence expires within 60 days"),
        _("Active NGOs whose latest licence expires from today to 60 days from today."),
    ),
    Definition(
        "licences_expired",
        _("NGOs with an expired licence"),
        _(
            "Active NGOs whose latest licence expired before today, with no later licence "
            "still valid."
        ),
    ),
    Definition(
        "open_reports",
        _("Open reports"),
        _("Reports not resolved, rejected or closed, and not marked as a duplicate."),
    ),
    Definition(
        "overdue_referrals",
        _("Overdue referrals"),
        _("Reports referred or in progress whose agency's due date is before today."),
    ),
    Definition(
        "median_days_to_resolve",
        _("Median days to resolve"),
        _(
            "For the reports first resolved in the period: the days from submission to the "
            "first move to resolved; the middle value (half took less, half more)."
        ),
    ),
    Definition(
        "reports_in_period",
        _("Reports in the period"),
        _("Reports submitted in the period (Tehran time), duplicates included."),
    ),
    Definition(
        "neighbourhood_without_office",
        _("Neighbourhood without an office"),
        _("No active facilitation office serves it."),
    ),
    Definition(
        "referrals_received",
        _("Referrals received"),
        _("Times a report was referred to the agency in the period."),
    ),
    Definition(
        "referrals_accepted",
        _("Accepted"),
        _("Times the agency accepted a referral in the period."),
    ),
    Definition(
        "referrals_declined",
        _("Declined"),
        _("Times the agency declined a referral in the period."),
    ),
    Definition(
        "median_days_to_answer",
        _("Median days to answer"),
        _(
            "From the referral to the agency's acceptance or refusal, for answers given in the period."
        ),
    ),
]
DEFINITIONS.append(
    Definition(
        "median_days_to_first_response",
        _("Median days to the office's first response"),
        _(
            "From submission to the social affairs office's first step on the report "
            "(starting its review, or rejecting it); the middle value."
        ),
    )
)
BY_NAME = {d.name: d for d in DEFINITIONS}


# -- scope and period ------------------------------------------------------------------


@dataclass
class Scope:
    """What a page counts: the user's records, narrowed to a county and a period."""

    reports: QuerySet
    offices: QuerySet
    ngos: QuerySet
    neighbourhoods: QuerySet
    start: datetime.date | None = None  # the period, [start, end)
    end: datetime.date | None = None
    today: datetime.date = field(default_factory=datetime.date.today)
    # Set by `scope_for`: the reports are exactly this county's (None: the province's).
    county_id: int | None = None

    @property
    def last_day(self) -> datetime.date | None:
        """The period's last day (the end is exclusive), as a person would name it."""
        return self.end - datetime.timedelta(days=1) if self.end else None

    def in_period(self, queryset: QuerySet, moment_field: str) -> QuerySet:
        """Rows whose moment falls in the period, by Tehran days; a plain range, so indexed."""
        if self.start:
            queryset = queryset.filter(**{f"{moment_field}__gte": start_of_day(self.start)})
        if self.end:
            queryset = queryset.filter(**{f"{moment_field}__lt": start_of_day(self.end)})
        return queryset


def scope_for(user, county=None, start=None, end=None, today=None) -> Scope:
    """The user's records (see roles), narrowed to a county if given."""
    from . import roles

    reports, offices = roles.reports_for(user), roles.offices_for(user)
    ngos, neighbourhoods = roles.ngos_for(user), roles.neighbourhoods_for(user)
    county_id = roles.access_for(user).county_id
    if county is not None:
        reports, offices = reports.filter(county=county), offices.filter(county=county)
        ngos, neighbourhoods = ngos.filter(county=county), neighbourhoods.filter(county=county)
        county_id = county.pk
    return Scope(
        reports,
        offices,
        ngos,
        neighbourhoods,
        start,
        end,
        today or timezone.localdate(),
        county_id,
    )


def jalali_year_start(today: datetime.date) -> datetime.date:
    """1 Farvardin of today's Jalali year: where the default period begins."""
    return year_bounds(to_jalali(today).year)[0]


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day, Tehran time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Median(Aggregate):
    """The median, computed by PostgreSQL (percentile_cont)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days(expression):
    return ExpressionWrapper(expression, output_field=DurationField())


def _median_days(queryset: QuerySet, duration, group_by: str | None = None):
    """Median of a duration in days, overall or per `group_by`; one query either way."""
    if connection.vendor == "postgresql":
        seconds = Median(_extract_seconds(duration))
        if group_by:
            rows = (
                queryset.order_by().values(group_by).annotate(m=seconds).values_list(group_by, "m")
            )
            return {key: (value / 86400 if value is not None else None) for key, value in rows}
        value = queryset.aggregate(m=seconds)["m"]
        return value / 86400 if value is not None else None
    # SQLite: read the durations once and take the middle here.
    rows = queryset.order_by().annotate(d=duration).values_list(group_by or "pk", "d")
    groups: dict = {}
    for key, value in rows:
        if value is not None:
            groups.setdefault(key if group_by else None, []).append(value.total_seconds() / 86400)
    medians = {key: statistics.median(values) for key, values in groups.items()}
    return medians if group_by else medians.get(None)


def _extract_seconds(duration):
    from django.db.models import Func

    return Func(
        duration,
        function="EXTRACT",
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )


# -- key figures --------------------------------------------------------------------------


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
        Licence.objects.filter(ngo=OuterRef("pk")).order_by("-expires_on").values("expires_on")[:1]
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
    median = _median_days(resolved, _days(F("first_resolved_at") - F("submitted_at")))
    return {
        **reports,
        **offices,
        **ngos,
        "median_days_to_resolve": round(median, 1) if median is not None else None,
    }


# -- charts -------------------------------------------------------------------------------


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
    categories = Category.objects.filter(pk__in=by_category).order_by("kind", "position", "name")
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
    counties = County.objects.filter(pk__in=table).order_by("name")
    return [(county, table[county.pk]) for county in counties]


def ngos_by_field(scope: Scope) -> list[tuple[FieldOfActivity, int]]:
    rows = (
        FieldOfActivity.objects.annotate(
            n=Count("ngos", filter=Q(ngos__in=scope.ngos.filter(status=NGO.Status.ACTIVE)))
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    return [(f, f.n) for f in rows]


# -- tables -------------------------------------------------------------------------------


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
    """Per agency: referrals received, accepted, declined (in the period), overdue now,
    median days to answer and to resolve."""
    from reports.models import Agency

    agencies = list((agencies if agencies is not None else Agency.objects.all()).order_by("name"))
    events = scope.in_period(
        _within(ReportEvent.objects.filter(agency__isnull=False), scope), "created_at"
    )
    counts = {}
    for agency_id, action, n in (
        events.order_by()
        .values("agency_id", "action")
        .annotate(n=Count("*"))
        .values_list("agency_id", "action", "n")
    ):
        counts[(agency_id, action)] = n
    overdue = dict(
        scope.reports.filter(status__in=REFERRAL_STATES, due_on__lt=scope.today)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("*"))
        .values_list("agency_id", "n")
    )
    # Each answer carries the time since its referral (recorded with the answer).
    answers = events.filter(
        action__in=[Action.AGENCY_ACCEPT, Action.AGENCY_DECLINE], answer_delay__isnull=False
    )
    to_answer = _median_days(answers, F("answer_delay"), group_by="agency_id")
    resolved = scope.in_period(
        scope.reports.filter(first_resolved_at__isnull=False, agency__isnull=False),
        "first_resolved_at",
    )
    to_resolve = _median_days(
        resolved, _days(F("first_resolved_at") - F("submitted_at")), group_by="agency_id"
    )
    rows = []
    for agency in agencies:
        row = {
            "agency": agency,
            "received": counts.get((agency.pk, Action.REFER), 0),
            "accepted": counts.get((agency.pk, Action.AGENCY_ACCEPT), 0),
            "declined": counts.get((agency.pk, Action.AGENCY_DECLINE), 0),
            "overdue": overdue.get(agency.pk, 0),
            "days_to_answer": _round(to_answer.get(agency.pk)),
            "days_to_resolve": _round(to_resolve.get(agency.pk)),
        }
        if keep_empty or any(row[k] for k in ("received", "accepted", "declined", "overdue")):
            rows.append(row)
    return rows


def _within(events: QuerySet, scope: Scope) -> QuerySet:
    """Events of the scope's reports: by the county kept on each event when the scope is a
    county's, none when it is every report, else by the reports themselves."""
    if scope.county_id is not None:
        return events.filter(county_id=scope.county_id)
    if not scope.reports.query.has_filters():
        return events
    return events.filter(report__in=scope.reports)


def _round(value):
    return round(value, 1) if value is not None else None


def ngo_figures(reports: QuerySet) -> dict:
    """An NGO's own figures: its reports by status, and how fast the office first responds."""
    statuses = by_status(reports)
    first_step = (
        ReportEvent.objects.filter(
            report_id=OuterRef("pk"), action__in=[Action.START_REVIEW, Action.REJECT]
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    responded = reports.annotate(first_response=Subquery(first_step)).filter(
        first_response__isnull=False
    )
    median = _median_days(responded, _days(F("first_response") - F("submitted_at")))
    return {
        "by_status": statuses,
        "total": sum(n for *_x, n in statuses),
        "median_days_to_first_response": _round(median),
    }


# -- detail pages ---------------------------------------------------------------------------


def grouped_counts(queryset: QuerySet, field: str, **extra) -> dict:
    """{value of `field`: rows}, plus any filtered counts in `extra`; one grouped query."""
    rows = (
        queryset.order_by()
        .values(field)
        .annotate(n=Count("*"), **{name: Count("pk", filter=q) for name, q in extra.items()})
    )
    if not extra:
        return {row[field]: row["n"] for row in rows}
    return {row[field]: row for row in rows}


OPEN = Q(status__in=OPEN_STATES, duplicate_of__isnull=True)


def reports_by_category_with_open(reports: QuerySet) -> list[dict]:
    """Per category: all reports and the open ones, most reported first; two queries."""
    counts = grouped_counts(reports, "category_id", open=OPEN)
    categories = Category.objects.filter(pk__in=counts)
    rows = [
        {"category": c, "total": counts[c.pk]["n"], "open": counts[c.pk]["open"]}
        for c in categories
    ]
    return sorted(rows, key=lambda row: (-row["total"], row["category"].name))


def by_status(reports: QuerySet) -> list[tuple[str, str, int]]:
    counts = grouped_counts(reports, "status")
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def with_serving_office(neighbourhoods: QuerySet) -> QuerySet:
    """Neighbourhoods annotated with the first active office serving them (none stands out)."""
    active_office = FacilitationOffice.objects.filter(
        neighbourhoods=OuterRef("pk"), status=FacilitationOffice.Status.ACTIVE
    ).order_by("code")
    return neighbourhoods.annotate(
        office_name=Subquery(active_office.values("name")[:1]),
        office_pk=Subquery(active_office.values("pk")[:1]),
    )
