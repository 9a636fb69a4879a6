"""What a page counts: the user's records, narrowed to a county and a period."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import access_for, neighbourhoods_for, ngos_for, offices_for
from offices.jalali import start_of_day
from reports.models import IssueReport


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
    """The user's records (see the access module), narrowed to a county if given."""
    reports, offices = IssueReport.objects.visible_to(user), offices_for(user)
    ngos, neighbourhoods = ngos_for(user), neighbourhoods_for(user)
    county_id = access_for(user).county_id
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
