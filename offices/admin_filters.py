"""Admin list filters by Jalali year and month, for any date or datetime column.

The filter turns a Jalali month into a Gregorian range on the column, so the
column's index serves it; it reads nothing from the table to offer its choices.
"""

import datetime

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .formatting import digits_for_reader
from .jalali import MONTH_NAMES, current_year_month, month_bounds, shift_month, year_bounds


def jalali_month_filter(field_name: str, title, months_back: int = 24, months_ahead: int = 0):
    """A list filter offering the Jalali years and months around today."""

    class JalaliMonthFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}_jalali"

        def __init__(self, request, params, model, model_admin):
            self.title = title
            self.field = model._meta.get_field(field_name)
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            year, month = current_year_month()
            first = shift_month(year, month, -months_back)
            last = shift_month(year, month, months_ahead)
            years = range(last[0], first[0] - 1, -1)
            choices = [(str(y), _("year %(year)s") % {"year": digits_for_reader(y)}) for y in years]
            for back in range(months_ahead, -months_back - 1, -1):
                y, m = shift_month(year, month, back)
                choices.append((f"{y}-{m:02d}", f"{MONTH_NAMES[m - 1]} {digits_for_reader(y)}"))
            return choices

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            try:
                if "-" in value:
                    year, month = (int(part) for part in value.split("-", 1))
                    start, end = month_bounds(year, month)
                else:
                    start, end = year_bounds(int(value))
            except ValueError:
                # A hand-typed, impossible month: show nothing rather than fail.
                return queryset.none()
            if isinstance(self.field, models.DateTimeField):
                start, end = (
                    timezone.make_aware(datetime.datetime.combine(d, datetime.time.min))
                    for d in (start, end)
                )
            return queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    return JalaliMonthFilter
