"""Counting in the database: medians of durations and grouped counts, one query each.

Medians use PostgreSQL's percentile_cont; on SQLite (the local run) the durations
are read in one query and the middle taken here.
"""

import statistics

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    FloatField,
    Func,
    QuerySet,
)


class Median(Aggregate):
    """The median, computed by PostgreSQL (percentile_cont)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def as_duration(expression):
    return ExpressionWrapper(expression, output_field=DurationField())


def median_days(queryset: QuerySet, duration, group_by: str | None = None):
    """Median of a duration in days, overall or per `group_by`; one query either way."""
    if connection.vendor == "postgresql":
        seconds = Median(extract_seconds(duration))
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


def extract_seconds(duration):
    return Func(
        duration,
        function="EXTRACT",
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )


def round_days(value):
    return round(value, 1) if value is not None else None


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
