"""The demands dashboard's figures: what NGOs asked for and how it was answered, overall,
by category, by agency and by meeting.

Demands raised in the period are counted (raised, answered, done…); overdue commitments
are those overdue today, whenever the demand was raised. Counting happens in the
database, with a fixed number of queries per page whatever the data size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from meetings.models import CLOSED_DEMAND_STATUSES, Demand, DemandStatus, Meeting
from meetings.selectors import visible_demands, visible_meetings
from offices.collation import persian_order
from reports.models import Agency, Category

from .definitions import Definition
from .sql import as_duration, median_days, round_days

OVERDUE_SHOWN = 20
MEETINGS_SHOWN = 10

DEMAND_DEFINITIONS = [
    Definition(
        "demands_raised",
        _("Demands raised"),
        _("Demands NGOs raised in the period (by the date raised)."),
    ),
    Definition(
        "demands_answered",
        _("Demands answered"),
        _("Demands raised in the period that have had a first answer (moved out of «open»)."),
    ),
    Definition(
        "demands_done", _("Demands done"), _("Demands raised in the period whose status is done.")
    ),
    Definition(
        "demands_not_possible",
        _("Demands not possible"),
        _("Demands raised in the period found not possible, with a reason."),
    ),
    Definition(
        "demands_open",
        _("Demands awaiting an answer"),
        _("Demands raised in the period whose status is still open: no answer yet."),
    ),
    Definition(
        "demands_committed",
        _("Commitments made"),
        _("Demands raised in the period for which a commitment or its due date was recorded."),
    ),
    Definition(
        "overdue_commitments",
        _("Overdue commitments"),
        _(
            "Demands not done and not found impossible whose commitment was due before today, "
            "whenever they were raised."
        ),
    ),
    Definition(
        "median_days_to_demand_answer",
        _("Median days to an answer"),
        _(
            "Half the demands raised in the period and answered had their first answer within "
            "this many days of being raised."
        ),
    ),
]
DEMAND_BY_NAME = {d.name: d for d in DEMAND_DEFINITIONS}


@dataclass(frozen=True)
class DemandScope:
    """The demands a dashboard counts: the user's, narrowed to a county and a kind of
    category, with the period [start, end) on the date raised."""

    demands: QuerySet  # whatever the period: overdue commitments are counted from all
    meetings: QuerySet
    start: datetime.date | None
    end: datetime.date | None
    today: datetime.date

    @property
    def raised_in_period(self) -> Q:
        q = Q(raised_on__isnull=False)  # always true: a base to narrow (Q() | x would be x)
        if self.start:
            q &= Q(raised_on__gte=self.start)
        if self.end:
            q &= Q(raised_on__lt=self.end)
        return q

    @property
    def overdue(self) -> Q:
        return ~Q(status__in=CLOSED_DEMAND_STATUSES) & Q(due_on__lt=self.today)


def demand_scope(user, *, county_id=None, kind="", start=None, end=None, today) -> DemandScope:
    """The user's demands and meetings (see the access module), narrowed to a county (the
    demands of its NGOs; the meetings held in it or attended by them) and a kind."""
    demands, meetings = visible_demands(user), visible_meetings(user)
    if county_id is not None:
        demands = demands.filter(county_id=county_id)
        meetings = meetings.filter(
            pk__in=Meeting.objects.filter(
                Q(county_id=county_id) | Q(attendance__ngo__county_id=county_id)
            ).values("pk")
        )
    if kind:
        demands = demands.filter(category__kind=kind)
    if start:
        meetings = meetings.filter(held_on__gte=start)
    if end:
        meetings = meetings.filter(held_on__lt=end)
    return DemandScope(demands, meetings, start, end, today)


def _counts(ds: DemandScope) -> dict:
    period = ds.raised_in_period
    return {
        "raised": Count("pk", filter=period),
        "answered": Count("pk", filter=period & Q(answered_at__isnull=False)),
        "done": Count("pk", filter=period & Q(status=DemandStatus.DONE)),
        "not_possible": Count("pk", filter=period & Q(status=DemandStatus.NOT_POSSIBLE)),
        "open": Count("pk", filter=period & Q(status=DemandStatus.OPEN)),
        "committed": Count("pk", filter=period & (~Q(commitment="") | Q(due_on__isnull=False))),
        "overdue": Count("pk", filter=ds.overdue),
    }


def _counted(ds: DemandScope) -> QuerySet:
    """The demands any figure counts: raised in the period, or overdue now."""
    return ds.demands.filter(ds.raised_in_period | ds.overdue)


def _days_to_answer():
    """Whole days from the day raised to the (Tehran) day of the first answer."""
    return as_duration(TruncDate("answered_at") - F("raised_on"))


def _answered(ds: DemandScope) -> QuerySet:
    return ds.demands.filter(ds.raised_in_period, answered_at__isnull=False)


def key_figures(ds: DemandScope) -> dict:
    """Raised, answered, done, not possible, open, committed (in the period), overdue
    commitments (now) and the median days to an answer: two queries."""
    figures = _counted(ds).aggregate(**_counts(ds))
    figures["median_days"] = round_days(median_days(_answered(ds), _days_to_answer()))
    return figures


def by_category(ds: DemandScope) -> list[dict]:
    """One row per category with demands raised in the period or overdue, most raised
    first: the counts, the categories and the medians, three queries."""
    counts = {
        row["category_id"]: row
        for row in _counted(ds).order_by().values("category_id").annotate(**_counts(ds))
    }
    medians = median_days(_answered(ds), _days_to_answer(), group_by="category_id")
    categories = Category.objects.filter(pk__in=counts).order_by(
        "kind", "position", persian_order("name")
    )
    rows = [
        {**counts[c.pk], "category": c, "median_days": round_days(medians.get(c.pk))}
        for c in categories
    ]
    rows.sort(key=lambda row: (-row["raised"], -row["overdue"]))  # stable: names stay in order
    return rows


def by_agency(ds: DemandScope) -> list[dict]:
    """One row per responsible agency (and one for demands with none, last), in Persian
    order: the counts, the agencies and the medians, three queries."""
    counts = {
        row["agency_id"]: row
        for row in _counted(ds).order_by().values("agency_id").annotate(**_counts(ds))
    }
    medians = median_days(_answered(ds), _days_to_answer(), group_by="agency_id")
    agencies = Agency.objects.filter(pk__in=[pk for pk in counts if pk is not None]).order_by(
        persian_order("name")
    )
    rows = [
        {**counts[a.pk], "agency": a, "median_days": round_days(medians.get(a.pk))}
        for a in agencies
    ]
    if None in counts:
        rows.append({**counts[None], "agency": None, "median_days": round_days(medians.get(None))})
    return rows


def overdue_commitments(ds: DemandScope, limit: int = OVERDUE_SHOWN) -> list[Demand]:
    """The commitments overdue longest first, each with its days overdue: one query."""
    demands = list(
        ds.demands.filter(ds.overdue)
        .select_related("ngo", "agency", "category", "county")
        .order_by("due_on", "raised_on", "pk")[:limit]
    )
    for demand in demands:
        demand.days_overdue = (ds.today - demand.due_on).days
    return demands


STATUS_COUNTS = {status.value: Q(status=status) for status in DemandStatus}


def latest_meetings(ds: DemandScope, limit: int = MEETINGS_SHOWN) -> list:
    """The latest meetings of the period, each with its demands (in the scope) by status
    and overdue: two queries."""
    latest = ds.meetings.order_by("-held_on", "-pk")[:limit]
    counts = {
        row["meeting_id"]: row
        for row in ds.demands.filter(meeting__in=latest.values("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=ds.overdue),
            **{status: Count("pk", filter=q) for status, q in STATUS_COUNTS.items()},
        )
    }
    meetings = list(latest.select_related("county"))
    for meeting in meetings:
        row = counts.get(meeting.pk, {})
        meeting.demand_total = row.get("total", 0)
        meeting.demand_overdue = row.get("overdue", 0)
        meeting.demand_statuses = [
            (status.value, status.label, row.get(status.value, 0)) for status in DemandStatus
        ]
    return meetings
