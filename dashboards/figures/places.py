"""Figures of one place or one NGO: reports by category and status, serving offices."""

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from offices.collation import persian_sort_key
from offices.models import FacilitationOffice
from reports.models import OPEN_STATES, Category, ReportEvent, Status
from reports.workflow import Action

from .sql import as_duration, grouped_counts, median_days, round_days


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
    median = median_days(responded, as_duration(F("first_response") - F("submitted_at")))
    return {
        "by_status": statuses,
        "total": sum(n for *_x, n in statuses),
        "median_days_to_first_response": round_days(median),
    }


OPEN = Q(status__in=OPEN_STATES, duplicate_of__isnull=True)


def reports_by_category_with_open(reports: QuerySet) -> list[dict]:
    """Per category: all reports and the open ones, most reported first; two queries."""
    counts = grouped_counts(reports, "category_id", open=OPEN)
    categories = Category.objects.filter(pk__in=counts)
    rows = [
        {"category": c, "total": counts[c.pk]["n"], "open": counts[c.pk]["open"]}
        for c in categories
    ]
    return sorted(rows, key=lambda row: (-row["total"], persian_sort_key(row["category"].name)))


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
